/**
 * What the result panel shows: headers with the OpenAI ones flagged, and a body classified by
 * content type. A large body becomes a truncated preview built from its first bytes only, so a
 * 20 MB answer costs a fraction of parsing it.
 */
import { redact, scrubSecrets, secretTraces } from '../common/redaction';

export interface ResultHeader {
  readonly name: string;
  readonly value: string;
  /** x-request-id, openai-processing-ms and x-ratelimit-*: the ones worth a glance. */
  readonly highlight: boolean;
}

export type BodyKind = 'empty' | 'json' | 'text' | 'image' | 'audio' | 'binary';

export interface ImageRef {
  readonly mime: string;
  /** Base64 data (from b64_json), or */
  readonly base64?: string;
  /** a URL the API returned. */
  readonly url?: string;
}

export interface ResultBody {
  readonly kind: BodyKind;
  readonly contentType: string;
  /** Body size in bytes. */
  readonly size: number;
  /** Pretty JSON or text (redacted); for a truncated body, a preview of its start. */
  readonly text?: string;
  /** True when `text` is a preview of a body too large to show whole. */
  readonly truncated: boolean;
  /** Images found in a JSON answer (data[].b64_json or data[].url). */
  readonly images?: readonly ImageRef[];
  /** The raw bytes, for saving, playing or opening in an editor (host side only). */
  readonly bytes: Uint8Array;
}

export interface BodyOptions {
  /** Bodies above this many bytes get a preview instead of a full parse (default 2 MB). */
  readonly previewThreshold?: number;
  /** Bytes shown in a preview (default 64 KB). */
  readonly previewBytes?: number;
  readonly knownSecrets?: Iterable<string>;
}

export const DEFAULT_PREVIEW_THRESHOLD = 2 * 1024 * 1024;
export const DEFAULT_PREVIEW_BYTES = 64 * 1024;
/** b64_json strings longer than this are shown as a placeholder in the JSON text (the image is rendered). */
const INLINE_BASE64_LIMIT = 1024;
/** One decoder for every body (made on first use): creating a TextDecoder costs more than decoding a small answer. */
let utf8: InstanceType<typeof TextDecoder> | undefined;
const decodeUtf8 = (bytes: Uint8Array): string => (utf8 ??= new TextDecoder()).decode(bytes);

/** True for the headers the result panel highlights. */
export function isHighlightedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'x-request-id' || lower === 'openai-processing-ms' || lower.startsWith('x-ratelimit-');
}

/** Response headers as rows, redacted, with the OpenAI ones flagged. */
export function toResultHeaders(headers: Iterable<[string, string]>, knownSecrets: Iterable<string> = []): ResultHeader[] {
  const secrets = [...knownSecrets];
  const rows: ResultHeader[] = [];
  for (const [name, value] of headers) rows.push({ name, value: redact(value, secrets), highlight: isHighlightedHeader(name) });
  return rows;
}

/** The kind of body a content type announces; JSON is also sniffed when no type is given. */
export function bodyKind(contentType: string, bytes: Uint8Array): BodyKind {
  if (bytes.length === 0) return 'empty';
  const media = mediaType(contentType).toLowerCase();
  if (media === 'application/json' || media.endsWith('+json')) return 'json';
  if (media.startsWith('image/')) return 'image';
  if (media.startsWith('audio/')) return 'audio';
  if (media.startsWith('text/') || media === 'application/xml' || media === 'application/x-ndjson' || media === 'application/javascript') return 'text';
  if (media === '' || media === 'application/octet-stream') {
    const first = firstNonSpace(bytes);
    if (first === 0x7b || first === 0x5b) return 'json';
    return media === '' && looksLikeText(bytes) ? 'text' : 'binary';
  }
  return 'binary';
}

/** Classifies and renders a response body; never parses more than the preview of a large one. */
export function describeBody(bytes: Uint8Array, contentType: string, options: BodyOptions = {}): ResultBody {
  const threshold = options.previewThreshold ?? DEFAULT_PREVIEW_THRESHOLD;
  const secrets = [...(options.knownSecrets ?? [])];
  const kind = bodyKind(contentType, bytes);
  bytes = scrubBytes(bytes, secrets);
  const base = { kind, contentType, size: bytes.length, bytes, truncated: false };
  if (kind === 'empty' || kind === 'image' || kind === 'audio' || kind === 'binary') {
    return kind === 'image' ? { ...base, images: [{ mime: mediaType(contentType), base64: Buffer.from(bytes).toString('base64') }] } : base;
  }
  if (bytes.length > threshold) {
    const head = decodeHead(bytes, options.previewBytes ?? DEFAULT_PREVIEW_BYTES);
    const text = kind === 'json' ? prettyPrefix(head) : head;
    return { ...base, truncated: true, text: redact(text, secrets) };
  }
  const text = decodeUtf8(bytes);
  if (kind === 'text') return { ...base, text: redact(text, secrets) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ...base, kind: 'text', text: redact(text, secrets) };
  }
  const images = findImages(value);
  const pretty = JSON.stringify(value, images.length ? elideBase64 : undefined, 2);
  return { ...base, text: redact(pretty, secrets), ...(images.length ? { images } : {}) };
}

/**
 * Removes known secrets, plain or encoded (\\u escapes, percent, base64), from raw bytes (an answer
 * that echoes the key). Buffer.indexOf keeps the common case, no trace of a secret, to fast scans.
 */
export function scrubBytes(bytes: Uint8Array, secrets: readonly string[]): Uint8Array {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!secretTraces(secrets).some((trace) => buf.indexOf(trace) >= 0)) return bytes;
  const text = buf.toString('utf8');
  const clean = scrubSecrets(text, secrets);
  return clean === text ? bytes : new Uint8Array(Buffer.from(clean, 'utf8'));
}

/** Images in an images-API style answer: data[].b64_json or data[].url. */
export function findImages(value: unknown): ImageRef[] {
  const data = (value as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return [];
  const format = (value as { output_format?: unknown }).output_format;
  const mime = typeof format === 'string' ? `image/${format === 'jpg' ? 'jpeg' : format}` : 'image/png';
  const out: ImageRef[] = [];
  for (const item of data as unknown[]) {
    const entry = item as { b64_json?: unknown; url?: unknown } | null;
    if (typeof entry?.b64_json === 'string') out.push({ mime, base64: entry.b64_json });
    else if (typeof entry?.url === 'string') out.push({ mime, url: entry.url });
  }
  return out;
}

function elideBase64(key: string, value: unknown): unknown {
  if (key === 'b64_json' && typeof value === 'string' && value.length > INLINE_BASE64_LIMIT) {
    return `[base64 image, ${formatBytes(Math.floor((value.length * 3) / 4))}, shown below]`;
  }
  return value;
}

/** "1.5 MB"-style sizes for messages. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** Decodes at most `max` bytes, backing off to a whole UTF-8 character. */
function decodeHead(bytes: Uint8Array, max: number): string {
  let end = Math.min(max, bytes.length);
  if (end < bytes.length) while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return decodeUtf8(bytes.subarray(0, end));
}

/**
 * Indents the start of a JSON text (two spaces per level) without parsing it, so a truncated
 * prefix still reads like the pretty JSON of a small answer.
 */
export function prettyPrefix(text: string): string {
  let out = '';
  let depth = 0;
  let inString = false;
  let runStart = 0;
  const newline = (): string => '\n' + '  '.repeat(depth);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    switch (c) {
      case 0x22: // "
        inString = true;
        break;
      case 0x7b: // {
      case 0x5b: { // [
        const next = nextNonSpace(text, i + 1);
        out += text.slice(runStart, i + 1);
        runStart = i + 1;
        if (next === (c === 0x7b ? 0x7d : 0x5d)) break; // empty container stays on one line
        depth++;
        out += newline();
        break;
      }
      case 0x7d: // }
      case 0x5d: { // ]
        const prev = prevNonSpace(text, i - 1);
        out += text.slice(runStart, i);
        runStart = i;
        if (prev === 0x7b || prev === 0x5b) break;
        depth = Math.max(0, depth - 1);
        out += newline();
        break;
      }
      case 0x2c: // ,
        out += text.slice(runStart, i + 1) + newline();
        runStart = i + 1;
        break;
      case 0x3a: // :
        out += text.slice(runStart, i + 1) + ' ';
        runStart = i + 1;
        break;
      case 0x20: case 0x0a: case 0x0d: case 0x09: // whitespace outside strings is re-laid out
        out += text.slice(runStart, i);
        runStart = i + 1;
        break;
    }
  }
  return out + text.slice(runStart);
}

function nextNonSpace(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}

function prevNonSpace(text: string, from: number): number {
  for (let i = from; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}

/** The media type of a Content-Type value, without its parameters. */
function mediaType(contentType: string): string {
  return contentType.split(';', 1)[0]?.trim() ?? '';
}

function firstNonSpace(bytes: Uint8Array): number {
  for (const b of bytes.subarray(0, 64)) {
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) return b;
  }
  return -1;
}

function looksLikeText(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 512);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return false;
  return true;
}
