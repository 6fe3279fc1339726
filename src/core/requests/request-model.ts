/**
 * The request a user composes in the builder, and its check into something executable: a concrete
 * path with encoded parameters, validated headers and a validated body. No key ever lives here.
 */
import { isCredentialHeader } from '../common/credential-headers';
import { checkJson } from '../common/json-check';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface MultipartField {
  readonly kind: 'field';
  readonly name: string;
  readonly value: string;
}

/** A file part; the host reads the bytes (the webview never touches the disk). */
export interface MultipartFile {
  readonly kind: 'file';
  readonly name: string;
  readonly filename: string;
  readonly contentType?: string;
  readonly data: Uint8Array;
}

export type MultipartPart = MultipartField | MultipartFile;

export type RequestBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly text: string }
  | { readonly kind: 'multipart'; readonly parts: readonly MultipartPart[] };

export type QueryValue = string | readonly string[];

export interface RequestModel {
  readonly method: HttpMethod;
  /** Path template relative to the key's base URL, e.g. "/responses/{response_id}". */
  readonly path: string;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, QueryValue>>;
  /** Extra headers. Credentials come from the key, never from here. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: RequestBody;
  readonly stream: boolean;
}

/** A request checked and ready to send: concrete path, no empty query values, parsed-and-kept JSON text. */
export interface ExecutableRequest {
  readonly method: HttpMethod;
  /** Concrete path, starting with '/', relative to the base URL. */
  readonly path: string;
  readonly query: Readonly<Record<string, QueryValue>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: RequestBody;
  readonly stream: boolean;
}

/** Headers the HTTP stack owns. */
const TRANSPORT_HEADERS = new Set(['host', 'content-length', 'transfer-encoding', 'connection']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PARAM = /\{([^{}/]+)\}/g;

/** Names of the `{param}` placeholders in a path template, in order. */
export function pathParamNames(template: string): string[] {
  const names: string[] = [];
  // Most routes have none: skip the regex (matchAll clones it on every call; this runs per send).
  if (!template.includes('{')) return names;
  for (const m of template.matchAll(PARAM)) if (m[1] !== undefined) names.push(m[1]);
  return names;
}

/** Fills a path template with URI-encoded parameters; throws naming every missing one. */
export function buildPath(template: string, params: Readonly<Record<string, string>>): string {
  const missing = pathParamNames(template).filter((name) => !params[name]?.trim());
  if (missing.length === 1) throw new Error(`Path parameter {${missing[0]}} is required: fill it in before sending.`);
  if (missing.length > 1) throw new Error(`Path parameters ${missing.map((n) => `{${n}}`).join(', ')} are required: fill them in before sending.`);
  return template.replace(PARAM, (_m, name: string) => encodeURIComponent((params[name] ?? '').trim()));
}

/** Checks extra headers: refuses credential headers, bad names and line breaks in values. */
export function checkHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of Object.entries(headers)) {
    const name = rawName.trim();
    if (!name) continue;
    const lower = name.toLowerCase();
    if (isCredentialHeader(lower)) {
      throw new Error(`The ${name} header is not allowed here: the key you pick supplies the credentials.`);
    }
    if (TRANSPORT_HEADERS.has(lower)) throw new Error(`The ${name} header is set automatically; remove it.`);
    if (!HEADER_NAME.test(name)) throw new Error(`"${name}" is not a valid header name.`);
    if (/[\r\n\0]/.test(value)) throw new Error(`The value of the ${name} header must be on one line.`);
    out[name] = value;
  }
  return out;
}

/** True when a JSON body asks for a stream (`"stream": true` at the top level). */
export function bodyRequestsStream(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { stream?: unknown }).stream === true;
}

/**
 * Checks a composed request and makes it executable. Throws an Error whose message says what to
 * fix: a missing path parameter, a credential header, or invalid JSON with its line and column.
 */
export function toExecutable(request: RequestModel): ExecutableRequest {
  if (!HTTP_METHODS.includes(request.method)) throw new Error(`Method ${String(request.method)} is not supported; use ${HTTP_METHODS.join(', ')}.`);
  const template = request.path.trim();
  if (!template) throw new Error('The path is empty: pick a route or type a path such as /models.');
  const path = buildPath(template, request.pathParams);
  const headers = checkHeaders(request.headers);
  if (request.method === 'GET' && request.body.kind !== 'none') throw new Error('A GET request cannot have a body: remove it, or pick a POST route.');
  let stream = request.stream;
  if (request.body.kind === 'json') {
    const check = checkJson(request.body.text);
    if (!check.ok) throw new Error(check.message);
    stream = stream || bodyRequestsStream(check.value);
  }
  if (request.body.kind === 'multipart') {
    for (const part of request.body.parts) {
      if (!part.name.trim()) throw new Error('Every form part needs a name.');
    }
    stream = stream || request.body.parts.some((p) => p.kind === 'field' && p.name === 'stream' && p.value === 'true');
  }
  const query: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(request.query)) {
    if (!name.trim()) continue;
    if (typeof value === 'string' ? value !== '' : value.length > 0) query[name.trim()] = value;
  }
  return { method: request.method, path, query, headers, body: request.body, stream };
}
