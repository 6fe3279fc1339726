/**
 * Runs one request through the official SDK's generic methods (client.get/post/put/patch/delete)
 * and turns what happens into an ExecutionResult: completed, cancelled or failed, never thrown.
 * Streams are read event by event with an idle timeout; cancellation is checked on the caller's
 * signal because the SDK ends an aborted stream silently.
 */
import type { ExecutableRequest, MultipartPart } from '../request-model';
import { ATTEMPT_OBSERVER, AttemptObserver, ClientCache, KeyTarget, SdkModule } from './client-cache';
import { DecodedError, decodeHttpError, decodeTransportError, formatSeconds, parseRetryAfterSeconds, streamEventError, streamIdleError } from './error-decoding';
import { ForeignOriginError, bindPathToOrigin } from './origin';
import { BodyOptions, ResultBody, ResultHeader, describeBody, toResultHeaders } from './result-model';
import { isTerminalEvent, textDelta } from './stream-text';
import { redact } from '../redaction';

export type Outcome = 'completed' | 'cancelled' | 'failed';

export interface RetryNotice {
  /** The retry about to happen: 1 for the first. */
  readonly retry: number;
  readonly maxRetries: number;
  /** The status that caused it; undefined for a connection failure. */
  readonly status?: number;
  /** How long the SDK will wait; exact when the server said (retry-after), else about. */
  readonly waitMs: number;
  readonly exact: boolean;
  /** E.g. "Waiting to retry after 429 (rate limited), 2 s (retry 1 of 2)." */
  readonly message: string;
}

export interface StreamSummary {
  readonly events: number;
  /** Assembled text: chat deltas and Responses output_text deltas. */
  readonly text: string;
  /** True when a final event arrived (finish_reason, response.completed, ...). */
  readonly complete: boolean;
  readonly timeToFirstEventMs?: number;
}

export interface ExecutionResult {
  readonly outcome: Outcome;
  readonly method: string;
  /** The concrete path that was (or would have been) sent, relative to the base URL. */
  readonly path: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly timeToHeadersMs?: number;
  readonly status?: number;
  readonly statusText?: string;
  /** Body bytes received (for streams, the SSE bytes). */
  readonly size: number;
  readonly headers: readonly ResultHeader[];
  readonly requestId?: string;
  readonly body?: ResultBody;
  readonly stream?: StreamSummary;
  readonly error?: DecodedError;
  /** Retries the SDK made. */
  readonly retries: number;
}

export interface ExecuteOptions {
  readonly signal?: AbortSignal;
  /** Wait for response headers, per attempt (SDK timeout). Default 600 s. */
  readonly timeoutMs?: number;
  /** Default 2, as the SDK. */
  readonly maxRetries?: number;
  /** A stream silent for this long is ended with an error. Default 30 s. */
  readonly streamIdleTimeoutMs?: number;
  /** Other secrets to scrub from every text in the result (the target's own is always scrubbed). */
  readonly knownSecrets?: Iterable<string>;
  readonly body?: Omit<BodyOptions, 'knownSecrets'>;
  readonly onRetry?: (notice: RetryNotice) => void;
  /** Status and headers of the final answer, as soon as they arrive (before a stream's events). */
  readonly onHeaders?: (status: number, headers: readonly ResultHeader[]) => void;
  /** Every streamed event as it arrives, with its text delta ('' if none). */
  readonly onEvent?: (event: unknown, textDelta: string) => void;
}

export const DEFAULT_TIMEOUT_MS = 600_000;
export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_STREAM_IDLE_MS = 30_000;

/** Sends a request with a key; always resolves, with the outcome and everything to show. */
export async function executeRequest(cache: ClientCache, target: KeyTarget, request: ExecutableRequest, options: ExecuteOptions = {}): Promise<ExecutionResult> {
  const run = new Run(target, request, options);
  return run.execute(cache);
}

type Phase = 'connecting' | 'reading' | 'streaming';

/** One execution's state; lives only for the call. */
class Run {
  private readonly t0 = performance.now();
  private readonly startedAt = new Date().toISOString();
  private readonly secrets: string[];
  private readonly controller = new AbortController();
  private readonly maxRetries: number;
  private readonly timeoutMs: number;
  private path: string;
  private phase: Phase = 'connecting';
  private response: Response | undefined;
  private headersAt: number | undefined;
  private retries = 0;
  private errorBody: Promise<ArrayBuffer | undefined> | undefined;
  private streamBytes = 0;
  private idle = false;
  private events = 0;
  private text = '';
  private complete = false;
  private firstEventAt: number | undefined;

  constructor(
    private readonly target: KeyTarget,
    private readonly request: ExecutableRequest,
    private readonly options: ExecuteOptions,
  ) {
    this.secrets = [target.secret, ...(options.knownSecrets ?? [])];
    this.maxRetries = Math.max(0, Math.floor(options.maxRetries ?? DEFAULT_MAX_RETRIES));
    this.timeoutMs = Math.max(1, Math.round(options.timeoutMs ?? DEFAULT_TIMEOUT_MS));
    this.path = request.path;
  }

  async execute(cache: ClientCache): Promise<ExecutionResult> {
    const caller = this.options.signal;
    if (caller?.aborted) return this.cancelled();
    try {
      this.path = bindPathToOrigin(this.target.baseUrl, this.request.path);
    } catch (error) {
      const message = error instanceof ForeignOriginError ? error.message : `Refused: ${error instanceof Error ? error.message : String(error)}`;
      return this.finish({ outcome: 'failed', error: { kind: 'refused', message: redact(message, this.secrets) } });
    }
    const onAbort = (): void => this.controller.abort();
    caller?.addEventListener('abort', onAbort, { once: true });
    let sdk: SdkModule | undefined;
    try {
      sdk = await cache.sdk();
      const client = await cache.client(this.target);
      if (caller?.aborted) return this.cancelled();
      const opts = this.sdkOptions();
      const method = this.request.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      if (this.request.stream) {
        const { data, response } = await client[method]<AsyncIterable<unknown>>(this.path, opts).withResponse();
        return await this.consume(data, response);
      }
      const response = await client[method](this.path, opts).asResponse();
      return await this.readBody(response);
    } catch (error) {
      return await this.failure(error, sdk);
    } finally {
      caller?.removeEventListener('abort', onAbort);
    }
  }

  private sdkOptions(): Record<string | symbol, unknown> {
    const { body, headers } = encodeBody(this.request);
    const observer: AttemptObserver = {
      onResponse: (response, retryCount) => this.onAttempt(response, retryCount),
      onNetworkError: (error, retryCount) => this.onNetworkError(error, retryCount),
    };
    return {
      ...(Object.keys(this.request.query).length ? { query: this.request.query } : {}),
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: this.controller.signal,
      stream: this.request.stream,
      maxRetries: this.maxRetries,
      timeout: this.timeoutMs,
      fetchOptions: { [ATTEMPT_OBSERVER]: observer },
    };
  }

  /** Each HTTP attempt: remember the answer, announce a retry the SDK is about to make. */
  private onAttempt(response: Response, retryCount: number): Response | void {
    this.retries = retryCount;
    this.response = response;
    this.headersAt = performance.now();
    if (response.ok) {
      if (this.request.stream && response.body) return this.countStreamBytes(response);
      return;
    }
    if (retryCount < this.maxRetries && sdkWouldRetry(response)) {
      const said = parseRetryAfterSeconds(response.headers.get('retry-after-ms') ?? undefined, response.headers.get('retry-after') ?? undefined);
      const exact = said !== undefined && said >= 0 && said <= 60;
      const waitMs = exact ? said * 1000 : defaultBackoffMs(retryCount);
      const why = response.status === 429 ? 'rate limited' : response.status >= 500 ? 'server error' : response.status === 408 ? 'request timeout' : 'conflict';
      this.notifyRetry({ retry: retryCount + 1, maxRetries: this.maxRetries, status: response.status, waitMs, exact, message: `Waiting to retry after ${response.status} (${why}), ${exact ? '' : 'about '}${formatSeconds(waitMs / 1000)} (retry ${retryCount + 1} of ${this.maxRetries}).` });
      return;
    }
    // The final error answer: keep a copy of its body, which the SDK consumes.
    this.errorBody = response.clone().arrayBuffer().catch(() => undefined);
  }

  private onNetworkError(_error: unknown, retryCount: number): void {
    this.retries = retryCount;
    if (retryCount < this.maxRetries && !this.controller.signal.aborted) {
      const waitMs = defaultBackoffMs(retryCount);
      this.notifyRetry({ retry: retryCount + 1, maxRetries: this.maxRetries, waitMs, exact: false, message: `Connection failed; retrying in about ${formatSeconds(waitMs / 1000)} (retry ${retryCount + 1} of ${this.maxRetries}).` });
    }
  }

  private notifyRetry(notice: RetryNotice): void {
    try {
      this.options.onRetry?.(notice);
    } catch {
      // A failing listener must not break the request.
    }
  }

  /** Wraps a streamed body to count its bytes as the SDK reads them. */
  private countStreamBytes(response: Response): Response {
    const counter = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, ctl) => {
        this.streamBytes += chunk.byteLength;
        ctl.enqueue(chunk);
      },
    });
    return new Response(response.body!.pipeThrough(counter), { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  private rows: { readonly of: Response; readonly rows: ResultHeader[] } | undefined;

  /** Header rows of a response, computed once. */
  private headerRows(response: Response | undefined): ResultHeader[] {
    if (!response) return [];
    if (this.rows?.of !== response) this.rows = { of: response, rows: toResultHeaders(headerPairs(response.headers), this.secrets) };
    return this.rows.rows;
  }

  private announceHeaders(response: Response): void {
    this.options.onHeaders?.(response.status, this.headerRows(response));
  }

  private async readBody(response: Response): Promise<ExecutionResult> {
    this.announceHeaders(response);
    this.phase = 'reading';
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (this.options.signal?.aborted) return this.cancelled();
    return this.finish({ outcome: 'completed', body: describeBody(bytes, response.headers.get('content-type') ?? '', { ...this.options.body, knownSecrets: this.secrets }), size: bytes.length });
  }

  private async consume(stream: AsyncIterable<unknown>, response: Response): Promise<ExecutionResult> {
    const contentType = response.headers.get('content-type') ?? '';
    // A server may answer a stream request with plain JSON; show it as such.
    if (!contentType.includes('text/event-stream')) return this.readBody(response);
    this.announceHeaders(response);
    this.phase = 'streaming';
    const idleMs = Math.max(1, this.options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_MS);
    let lastEventAt = performance.now();
    const watchdog = setInterval(() => {
      if (performance.now() - lastEventAt >= idleMs) {
        this.idle = true;
        this.controller.abort();
      }
    }, Math.max(5, Math.min(1000, idleMs / 4)));
    const onEvent = this.options.onEvent;
    try {
      for await (const event of stream) {
        lastEventAt = performance.now();
        if (this.events++ === 0) this.firstEventAt = lastEventAt;
        const delta = textDelta(event);
        if (delta) this.text += delta;
        if (!this.complete && isTerminalEvent(event)) this.complete = true;
        onEvent?.(event, delta);
      }
    } finally {
      clearInterval(watchdog);
    }
    // The SDK ends an aborted stream without an error: ask why it ended.
    if (this.options.signal?.aborted) return this.cancelled();
    if (this.idle) return this.finish({ outcome: 'failed', error: streamIdleError(idleMs, this.events) });
    return this.finish({ outcome: 'completed' });
  }

  private async failure(error: unknown, sdk: SdkModule | undefined): Promise<ExecutionResult> {
    if (this.options.signal?.aborted) return this.cancelled();
    if (this.idle) return this.finish({ outcome: 'failed', error: streamIdleError(this.options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_MS, this.events) });
    const status = (error as { status?: unknown } | null)?.status;
    if (sdk && error instanceof sdk.APIError && typeof status === 'number') {
      const raw = (await this.errorBody) ?? new TextEncoder().encode(JSON.stringify({ error: error.error ?? { message: error.message } })).buffer;
      const bytes = new Uint8Array(raw);
      const headers = new Map<string, string>();
      (error.headers as Headers | undefined)?.forEach((value, name) => headers.set(name, value));
      const contentType = headers.get('content-type') ?? 'application/json';
      return this.finish({
        outcome: 'failed',
        status,
        body: describeBody(bytes, contentType, { ...this.options.body, knownSecrets: this.secrets }),
        size: bytes.length,
        error: decodeHttpError(status, new TextDecoder().decode(bytes), headers, this.secrets),
      });
    }
    if (this.phase === 'streaming') {
      const isApiError = sdk !== undefined && error instanceof sdk.APIError && !(error instanceof sdk.APIConnectionError);
      if (isApiError) return this.finish({ outcome: 'failed', error: streamEventError(error, this.secrets) });
      const why = redact(error instanceof Error ? error.message : String(error), this.secrets);
      return this.finish({ outcome: 'failed', error: { kind: 'stream-error', message: `The connection dropped mid-stream after ${this.events} event${this.events === 1 ? '' : 's'} (${why}).`, hint: 'Send again; check the server or proxy if it keeps happening.' } });
    }
    const origin = safeOrigin(this.target.baseUrl);
    const timedOut = sdk !== undefined && error instanceof sdk.APIConnectionTimeoutError;
    const connectionFailed = sdk !== undefined && error instanceof sdk.APIConnectionError;
    return this.finish({ outcome: 'failed', error: decodeTransportError(error, origin, { timedOut, connectionFailed, timeoutMs: this.timeoutMs, knownSecrets: this.secrets }) });
  }

  private cancelled(): ExecutionResult {
    return this.finish({ outcome: 'cancelled' });
  }

  private finish(part: Partial<ExecutionResult> & { outcome: Outcome }): ExecutionResult {
    const response = this.response;
    const status = part.status ?? response?.status;
    const requestId = response?.headers.get('x-request-id') ?? undefined;
    const streamed = this.request.stream && this.phase === 'streaming';
    return {
      method: this.request.method,
      path: this.path,
      startedAt: this.startedAt,
      durationMs: performance.now() - this.t0,
      ...(this.headersAt !== undefined ? { timeToHeadersMs: this.headersAt - this.t0 } : {}),
      ...(status !== undefined ? { status, statusText: response?.statusText ?? '' } : {}),
      size: streamed ? this.streamBytes : 0,
      headers: this.headerRows(response),
      ...(requestId ? { requestId } : {}),
      retries: this.retries,
      ...(streamed
        ? { stream: { events: this.events, text: redact(this.text, this.secrets), complete: this.complete, ...(this.firstEventAt !== undefined ? { timeToFirstEventMs: this.firstEventAt - this.t0 } : {}) } }
        : {}),
      ...part,
    };
  }
}

function headerPairs(headers: Headers): [string, string][] {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  return pairs;
}

/** The SDK's retry rule (x-should-retry, 408, 409, 429, 5xx). */
function sdkWouldRetry(response: Response): boolean {
  const header = response.headers.get('x-should-retry');
  if (header === 'true') return true;
  if (header === 'false') return false;
  return response.status === 408 || response.status === 409 || response.status === 429 || response.status >= 500;
}

/** The SDK's default backoff (0.5 s doubling, at most 8 s) without its jitter. */
function defaultBackoffMs(retryCount: number): number {
  return Math.min(0.5 * 2 ** retryCount, 8) * 1000;
}

function safeOrigin(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

/** The body and headers to hand to the SDK: JSON text verbatim, multipart as FormData. */
function encodeBody(request: ExecutableRequest): { body: string | FormData | undefined; headers: Record<string, string> } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name] = value;
  const hasContentType = Object.keys(headers).some((n) => n.toLowerCase() === 'content-type');
  switch (request.body.kind) {
    case 'none':
      return { body: undefined, headers };
    case 'json':
      if (!hasContentType) headers['content-type'] = 'application/json';
      return { body: request.body.text, headers };
    case 'multipart': {
      // fetch writes the multipart content type with its boundary.
      for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
      return { body: toFormData(request.body.parts), headers };
    }
  }
}

function toFormData(parts: readonly MultipartPart[]): FormData {
  const form = new FormData();
  for (const part of parts) {
    if (part.kind === 'field') form.append(part.name, part.value);
    else form.append(part.name, new Blob([part.data.slice()], { type: part.contentType ?? 'application/octet-stream' }), part.filename);
  }
  return form;
}
