/**
 * Request history of a workspace, as a pure model: the last N entries, newest first, with method,
 * path, body, status and timings. Never a key and never an Authorization header: entries are
 * stripped and redacted on the way in, whatever the caller passed.
 */
import { isKeyHeader } from '../common/credential-headers';
import { redact } from '../common/redaction';

export interface HistoryEntry {
  readonly id: string;
  /** ISO time the request started. */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** JSON text, or a short description of a multipart body. */
  readonly body?: string;
  readonly outcome: 'completed' | 'failed' | 'cancelled';
  readonly status?: number;
  readonly durationMs?: number;
  readonly timeToHeadersMs?: number;
  readonly sizeBytes?: number;
  /** Which key sent it, by id and name only. */
  readonly keyId?: string;
  readonly keyName?: string;
}

/** Bodies above this size are cut in history (the full body stays in the builder). */
export const HISTORY_BODY_LIMIT = 64 * 1024;
const OUTCOMES = new Set(['completed', 'failed', 'cancelled']);

/** A copy safe to keep: credential headers dropped, every string redacted, the body capped. */
export function sanitizeHistoryEntry(entry: HistoryEntry, knownSecrets: Iterable<string> = []): HistoryEntry {
  const secrets = [...knownSecrets];
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.headers ?? {})) if (!isKeyHeader(name)) headers[name] = value;
  let body = entry.body;
  if (body !== undefined && body.length > HISTORY_BODY_LIMIT) body = `${body.slice(0, HISTORY_BODY_LIMIT)}\n… (cut: ${body.length} characters)`;
  const copy: HistoryEntry = { ...entry, headers, ...(body !== undefined ? { body } : {}) };
  return JSON.parse(redact(JSON.stringify(copy), secrets)) as HistoryEntry;
}

/** Adds an entry in front, replacing one with the same id, keeping at most `limit`. */
export function addToHistory(entries: readonly HistoryEntry[], entry: HistoryEntry, limit: number, knownSecrets: Iterable<string> = []): HistoryEntry[] {
  if (limit <= 0) return [];
  return [sanitizeHistoryEntry(entry, knownSecrets), ...entries.filter((e) => e.id !== entry.id)].slice(0, limit);
}

/** Keeps the newest `limit` entries (after the setting shrinks). */
export function trimHistory(entries: readonly HistoryEntry[], limit: number): HistoryEntry[] {
  return entries.slice(0, Math.max(0, limit));
}

/** The empty history. */
export function clearHistory(): HistoryEntry[] {
  return [];
}

/** Reads stored history; anything malformed is dropped, and what remains is sanitized again. */
export function parseHistory(value: unknown, knownSecrets: Iterable<string> = []): HistoryEntry[] {
  if (!Array.isArray(value)) return [];
  const secrets = [...knownSecrets];
  const out: HistoryEntry[] = [];
  for (const raw of value as unknown[]) {
    const e = raw as Record<string, unknown> | null;
    if (!e || typeof e.id !== 'string' || typeof e.at !== 'string' || typeof e.method !== 'string' || typeof e.path !== 'string' || !OUTCOMES.has(e.outcome as string)) continue;
    const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    const headers = typeof e.headers === 'object' && e.headers !== null ? Object.fromEntries(Object.entries(e.headers).filter(([, v]) => typeof v === 'string')) as Record<string, string> : undefined;
    const query = typeof e.query === 'object' && e.query !== null
      ? Object.fromEntries(Object.entries(e.query).filter(([, v]) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))) as Record<string, string | string[]>
      : undefined;
    const entry: HistoryEntry = {
      id: e.id, at: e.at, method: e.method, path: e.path, outcome: e.outcome as HistoryEntry['outcome'],
      ...(typeof e.body === 'string' ? { body: e.body } : {}),
      ...(headers ? { headers } : {}),
      ...(query ? { query } : {}),
      ...(num(e.status) !== undefined ? { status: num(e.status) } : {}),
      ...(num(e.durationMs) !== undefined ? { durationMs: num(e.durationMs) } : {}),
      ...(num(e.timeToHeadersMs) !== undefined ? { timeToHeadersMs: num(e.timeToHeadersMs) } : {}),
      ...(num(e.sizeBytes) !== undefined ? { sizeBytes: num(e.sizeBytes) } : {}),
      ...(typeof e.keyId === 'string' ? { keyId: e.keyId } : {}),
      ...(typeof e.keyName === 'string' ? { keyName: e.keyName } : {}),
    };
    out.push(sanitizeHistoryEntry(entry, secrets));
  }
  return out;
}
