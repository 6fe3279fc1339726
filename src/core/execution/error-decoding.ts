/**
 * Turns HTTP errors and transport failures into words a user can act on. Every text that comes
 * from a server or an exception is redacted before it is returned.
 */
import { redact } from '../common/redaction';
import { errorEnvelope } from './error-envelope';
import { explainMissingScopes } from './missing-scopes-adapter';

export type ErrorKind =
  | 'bad-request'
  | 'invalid-key'
  | 'missing-scopes'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'quota'
  | 'server-error'
  | 'http-error'
  | 'redirect'
  | 'unreachable'
  | 'timeout'
  | 'stream-idle'
  | 'stream-error'
  | 'refused'
  | 'invalid-request'
  | 'unexpected';

export interface DecodedError {
  readonly kind: ErrorKind;
  readonly status?: number;
  /** One or two sentences saying what went wrong. */
  readonly message: string;
  /** What to do next, when there is something to do. */
  readonly hint?: string;
  /** The server's own message, redacted. */
  readonly serverMessage?: string;
  readonly param?: string;
  readonly code?: string;
  readonly requestId?: string;
  readonly retryAfterSeconds?: number;
  /** Where a 3xx answer pointed (redacted); the redirect was not followed. */
  readonly location?: string;
  /** From x-ratelimit-reset-requests / x-ratelimit-reset-tokens. */
  readonly resets?: { readonly requests?: string; readonly tokens?: string };
}

/** Decodes a non-2xx answer from its status, body (text or parsed) and headers. */
export function decodeHttpError(status: number, body: unknown, headers: ReadonlyMap<string, string> | Readonly<Record<string, string>>, knownSecrets: Iterable<string> = []): DecodedError {
  const secrets = [...knownSecrets];
  const header = (name: string): string | undefined => (headers instanceof Map ? headers.get(name) : (headers as Record<string, string>)[name]) ?? undefined;
  const env = errorEnvelope(body);
  const serverMessage = env.message ? redact(env.message, secrets) : undefined;
  const common = {
    status,
    ...(serverMessage ? { serverMessage } : {}),
    ...(env.param ? { param: env.param } : {}),
    ...(env.code ? { code: env.code } : {}),
    ...(header('x-request-id') ? { requestId: header('x-request-id') } : {}),
  };
  const said = serverMessage ? ` The server said: "${serverMessage}"` : '';

  if (status === 400 || status === 422) {
    const what = env.param ? `parameter '${env.param}' was rejected` : 'the request was rejected';
    return { ...common, kind: 'bad-request', message: `Bad request (${status}): ${what}.${said}`, hint: env.param ? `Fix '${env.param}' in the body or parameters and send again.` : 'Check the body against the route and send again.' };
  }
  if (status === 401) {
    const scopes = explainMissingScopes(status, body);
    if (scopes) return { ...common, kind: 'missing-scopes', message: redact(scopes.message, secrets), hint: redact(scopes.hint, secrets) };
    if (env.code === 'invalid_api_key' || /incorrect api key|invalid api key|invalid_api_key/i.test(env.message ?? '')) {
      return { ...common, kind: 'invalid-key', message: 'The key was rejected as invalid (401).', hint: 'It may be mistyped, revoked or for another organization: rotate it in the vault with a current key.' };
    }
    return { ...common, kind: 'invalid-key', message: `Authentication failed (401).${said}`, hint: 'Check the key, its organization and project.' };
  }
  if (status === 403) {
    return { ...common, kind: 'forbidden', message: `Forbidden (403).${said}`, hint: 'The key, its project or your region may not have access to this route.' };
  }
  if (status === 404) {
    return { ...common, kind: 'not-found', message: `Not found (404): the route or the resource does not exist, or this key cannot see it.${said}`, hint: 'Check the path, the ids in it, and that the model or resource belongs to this project.' };
  }
  if (status === 429) {
    const resets = { ...(header('x-ratelimit-reset-requests') ? { requests: header('x-ratelimit-reset-requests') } : {}), ...(header('x-ratelimit-reset-tokens') ? { tokens: header('x-ratelimit-reset-tokens') } : {}) };
    const retryAfter = parseRetryAfterSeconds(header('retry-after-ms'), header('retry-after'));
    if (env.code === 'insufficient_quota' || env.type === 'insufficient_quota') {
      return { ...common, kind: 'quota', message: `Quota exceeded (429): this key's organization or project has no credit left.${said}`, hint: 'Check billing and usage limits at platform.openai.com.' };
    }
    const when = [resets.requests ? `requests reset in ${resets.requests}` : '', resets.tokens ? `tokens reset in ${resets.tokens}` : ''].filter(Boolean).join(', ');
    const wait = retryAfter !== undefined ? ` Retry after ${formatSeconds(retryAfter)}.` : '';
    return {
      ...common, kind: 'rate-limited', resets,
      ...(retryAfter !== undefined ? { retryAfterSeconds: retryAfter } : {}),
      message: `Rate limited (429)${when ? `: ${when}` : ''}.${wait}${said}`,
      hint: 'Wait for the reset, or send fewer or smaller requests.',
    };
  }
  if (status >= 300 && status < 400 && header('location')) {
    const location = redact(header('location')!, secrets).slice(0, 300);
    return {
      ...common, kind: 'redirect', location,
      message: `The server answered ${status} (redirect) to ${location}. Redirects are not followed: the key, its headers and the body go only to the key's base URL.`,
      hint: 'If the API moved, change the key\'s base URL after checking that the new address is genuine.',
    };
  }
  if (status >= 500) {
    return { ...common, kind: 'server-error', message: `Server error (${status}).${said}`, hint: 'This is on the server side: try again shortly. Quote the request id if it persists.' };
  }
  return { ...common, kind: 'http-error', message: `The request failed with status ${status}.${said}` };
}

/** Seconds from retry-after-ms / retry-after (number or HTTP date), as the SDK reads them. */
export function parseRetryAfterSeconds(retryAfterMs: string | undefined, retryAfter: string | undefined, now = Date.now()): number | undefined {
  if (retryAfterMs !== undefined) {
    const ms = parseFloat(retryAfterMs);
    if (!Number.isNaN(ms)) return ms / 1000;
  }
  if (retryAfter !== undefined) {
    const s = parseFloat(retryAfter);
    if (!Number.isNaN(s)) return s;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000);
  }
  return undefined;
}

export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 10) return `${Number(seconds.toFixed(1))} s`;
  return `${Math.round(seconds)} s`;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused (is the server running?)',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved right now',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection closed while sending',
  UND_ERR_SOCKET: 'the connection closed unexpectedly',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its TLS certificate chain is self-signed',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its TLS certificate could not be verified',
  ERR_TLS_CERT_ALTNAME_INVALID: "its TLS certificate does not match the host name",
};

/** The first `code` found along an error's cause chain (ECONNREFUSED and friends). */
export function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code) return code;
    const errors = (current as { errors?: unknown }).errors; // AggregateError from happy eyeballs
    if (Array.isArray(errors) && errors.length) {
      const inner = networkCode(errors[0]);
      if (inner) return inner;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The message of the deepest cause ("fetch failed" says less than what caused it). */
function innermostMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  let current: unknown = error;
  for (let depth = 0; depth < 6; depth++) {
    current = (current as { cause?: unknown } | null)?.cause;
    if (current instanceof Error && current.message) message = current.message;
    else if (typeof current === 'string' && current) message = current;
    else break;
  }
  return message;
}

/** Decodes a failure that produced no HTTP status: unreachable host, timeout, other exceptions. */
export function decodeTransportError(
  error: unknown,
  origin: string,
  opts: { readonly timedOut?: boolean; readonly connectionFailed?: boolean; readonly timeoutMs?: number; readonly knownSecrets?: Iterable<string> } = {},
): DecodedError {
  const secrets = [...(opts.knownSecrets ?? [])];
  const name = (error as { name?: unknown } | null)?.name;
  if (opts.timedOut || name === 'APIConnectionTimeoutError') {
    const after = opts.timeoutMs ? ` after ${formatSeconds(opts.timeoutMs / 1000)}` : '';
    return { kind: 'timeout', message: `Timed out: ${origin} sent no response headers${after}.`, hint: 'Raise openaiConnector.request.timeoutSeconds, or check the server.' };
  }
  const code = networkCode(error);
  if (code && NETWORK_CODES[code]) {
    return { kind: 'unreachable', code, message: `Unreachable: ${origin} could not be reached, ${NETWORK_CODES[code]}.`, hint: 'Check the base URL, your network and any proxy.' };
  }
  const text = redact(innermostMessage(error), secrets);
  if (opts.connectionFailed || code) {
    return { kind: 'unreachable', ...(code ? { code } : {}), message: `Unreachable: the connection to ${origin} failed (${code ?? text}).`, hint: 'Check the base URL, your network and any proxy.' };
  }
  return { kind: 'unexpected', message: `The request failed: ${text}` };
}

/** A stream that went silent for longer than the idle timeout. */
export function streamIdleError(idleMs: number, events: number): DecodedError {
  return {
    kind: 'stream-idle',
    message: `The stream stalled: no event for ${formatSeconds(idleMs / 1000)} after ${events} event${events === 1 ? '' : 's'}, so it was stopped.`,
    hint: 'Send again, or raise openaiConnector.request.streamIdleTimeoutSeconds for slow models.',
  };
}

/** An error event inside a stream (the HTTP status was 200). */
export function streamEventError(error: unknown, knownSecrets: Iterable<string> = []): DecodedError {
  const env = errorEnvelope((error as { error?: unknown } | null)?.error ?? { message: error instanceof Error ? error.message : String(error) });
  const text = redact(env.message ?? 'unknown error', [...knownSecrets]);
  return { kind: 'stream-error', message: `The stream reported an error: ${text}`, ...(env.code ? { code: env.code } : {}) };
}
