/**
 * The builder's history: method, path, body, status and timings of the last N requests of this
 * workspace. Never a key: entries hold a key's id and name only, the request's headers cannot
 * carry credentials, and every entry is scrubbed of key-shaped text before it is kept.
 */
import { redact } from '../../core/redaction';
import type { BuilderRequest, HistorySummary, RunOutcome } from '../../shared/protocol';
import { checkBuilderRequest } from '../../shared/protocol-validation';

export const HISTORY_VERSION = 1;

export interface HistoryEntry extends HistorySummary {
  readonly keyId?: string;
  readonly request: BuilderRequest;
  readonly timeToHeadersMs?: number;
  readonly sizeBytes?: number;
}

export interface HistoryState {
  readonly version: typeof HISTORY_VERSION;
  readonly entries: readonly HistoryEntry[];
}

const CREDENTIAL = /^(authorization|proxy-authorization|api-key|x-api-key|cookie)$/i;
const OUTCOMES: readonly RunOutcome[] = ['completed', 'failed', 'cancelled', 'refused'];

/** A copy safe to keep: no credential headers, no picked-file references, key-shaped text masked. */
export function sanitizeEntry(entry: HistoryEntry, knownSecrets: Iterable<string> = []): HistoryEntry {
  const request: BuilderRequest = {
    ...entry.request,
    headers: entry.request.headers.filter((h) => !CREDENTIAL.test(h.name.trim())),
    form: entry.request.form.map((p) => (p.kind === 'file' ? { kind: 'file', name: p.name } : p)),
  };
  const text = JSON.stringify({ ...entry, request });
  return JSON.parse(redact(text, knownSecrets)) as HistoryEntry;
}

/** Newest first, at most `limit` entries. */
export function addEntry(state: HistoryState, entry: HistoryEntry, limit: number, knownSecrets: Iterable<string> = []): HistoryState {
  const entries = limit <= 0 ? [] : [sanitizeEntry(entry, knownSecrets), ...state.entries.filter((e) => e.id !== entry.id)].slice(0, limit);
  return { version: HISTORY_VERSION, entries };
}

export function summaries(state: HistoryState): HistorySummary[] {
  return state.entries.map(({ id, at, method, path, keyName, status, outcome, durationMs }) => ({
    id, at, method, path, outcome,
    ...(keyName !== undefined ? { keyName } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(durationMs !== undefined ? { durationMs } : {}),
  }));
}

/** Reads what workspaceState holds; broken entries are dropped, never trusted. */
export function parseHistory(value: unknown): HistoryState {
  const v = value as { version?: unknown; entries?: unknown } | undefined;
  if (!v || v.version !== HISTORY_VERSION || !Array.isArray(v.entries)) return { version: HISTORY_VERSION, entries: [] };
  const entries: HistoryEntry[] = [];
  for (const raw of v.entries as unknown[]) {
    try {
      const e = raw as Record<string, unknown>;
      if (typeof e.id !== 'string' || typeof e.at !== 'string' || !OUTCOMES.includes(e.outcome as RunOutcome)) continue;
      const request = checkBuilderRequest(e.request);
      entries.push({
        id: e.id, at: e.at, method: request.method, path: typeof e.path === 'string' ? e.path : request.path, outcome: e.outcome as RunOutcome, request,
        ...(typeof e.keyId === 'string' ? { keyId: e.keyId } : {}),
        ...(typeof e.keyName === 'string' ? { keyName: e.keyName } : {}),
        ...(typeof e.status === 'number' ? { status: e.status } : {}),
        ...(typeof e.durationMs === 'number' ? { durationMs: e.durationMs } : {}),
        ...(typeof e.timeToHeadersMs === 'number' ? { timeToHeadersMs: e.timeToHeadersMs } : {}),
        ...(typeof e.sizeBytes === 'number' ? { sizeBytes: e.sizeBytes } : {}),
      });
    } catch {
      // dropped
    }
  }
  return { version: HISTORY_VERSION, entries };
}
