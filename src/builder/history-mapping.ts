/**
 * Between builder requests and the core history entries (src/core/requests/history.ts): the concrete path,
 * query, extra headers and body go in; on the way back the catalogue route is matched again.
 */
import type { HistoryEntry } from '../core/requests/history';
import { buildPath } from '../core/requests/request-model';
import { HTTP_METHODS, type BuilderRequest, type FormPart, type HistorySummary, type HttpMethod, type RunOutcome } from '../protocol/protocol';
import { headerRecord, queryRecord } from './builder-request';

const MULTIPART_PREFIX = 'multipart form: ';

/** What a run adds to its request in history: everything but the request itself. */
export type RunFacts = Pick<HistoryEntry, 'id' | 'at' | 'status' | 'durationMs' | 'timeToHeadersMs' | 'sizeBytes' | 'keyId' | 'keyName'> & {
  readonly outcome: RunOutcome;
};

/** The history entry of one run. */
export function historyEntryFor(request: BuilderRequest, facts: RunFacts): HistoryEntry {
  let path = request.path;
  try {
    path = buildPath(request.path, request.pathParams);
  } catch {
    // keep the template
  }
  let body: string | undefined;
  if (request.bodyKind === 'json' && request.body.trim()) body = request.body;
  if (request.bodyKind === 'multipart') {
    const fields: Record<string, string> = {};
    for (const p of request.form) fields[p.name] = p.kind === 'field' ? p.value : `@${p.file?.filename ?? 'file'}`;
    body = MULTIPART_PREFIX + JSON.stringify(fields);
  }
  return {
    id: facts.id,
    at: facts.at,
    method: request.method,
    path,
    query: queryRecord(request.query),
    headers: headerRecord(request.headers),
    ...(body !== undefined ? { body } : {}),
    outcome: facts.outcome === 'refused' ? 'failed' : facts.outcome,
    ...(facts.status !== undefined ? { status: facts.status } : {}),
    ...(facts.durationMs !== undefined ? { durationMs: facts.durationMs } : {}),
    ...(facts.timeToHeadersMs !== undefined ? { timeToHeadersMs: facts.timeToHeadersMs } : {}),
    ...(facts.sizeBytes !== undefined ? { sizeBytes: facts.sizeBytes } : {}),
    ...(facts.keyId ? { keyId: facts.keyId } : {}),
    ...(facts.keyName ? { keyName: facts.keyName } : {}),
  };
}

function isMethod(value: string): value is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(value);
}

export function historySummary(entry: HistoryEntry): HistorySummary | undefined {
  if (!isMethod(entry.method)) return undefined;
  return {
    id: entry.id, at: entry.at, method: entry.method, path: entry.path, outcome: entry.outcome,
    ...(entry.keyName ? { keyName: entry.keyName } : {}),
    ...(entry.status !== undefined ? { status: entry.status } : {}),
    ...(entry.durationMs !== undefined ? { durationMs: Math.round(entry.durationMs) } : {}),
  };
}

/** A builder request from a history entry (the caller matches the route afterwards). */
export function requestFromHistory(entry: HistoryEntry): BuilderRequest {
  const method: HttpMethod = isMethod(entry.method) ? entry.method : 'GET';
  const query = Object.entries(entry.query ?? {}).flatMap(([name, v]) => (typeof v === 'string' ? [{ name, value: v }] : v.map((value) => ({ name, value }))));
  const headers = Object.entries(entry.headers ?? {}).map(([name, value]) => ({ name, value }));
  let bodyKind: BuilderRequest['bodyKind'] = 'none';
  let body = '';
  let form: FormPart[] = [];
  if (entry.body?.startsWith(MULTIPART_PREFIX)) {
    bodyKind = 'multipart';
    try {
      const fields = JSON.parse(entry.body.slice(MULTIPART_PREFIX.length)) as Record<string, unknown>;
      form = Object.entries(fields).map(([name, value]) => (typeof value === 'string' && value.startsWith('@') ? { kind: 'file', name } : { kind: 'field', name, value: String(value) }));
    } catch {
      form = [];
    }
  } else if (entry.body !== undefined) {
    bodyKind = 'json';
    body = entry.body;
  }
  const stream = bodyKind === 'json' && /"stream"\s*:\s*true/.test(body);
  return { method, path: entry.path, pathParams: {}, query, headers, bodyKind, body, form, stream };
}
