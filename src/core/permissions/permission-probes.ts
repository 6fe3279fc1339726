/**
 * Detect Permissions, the pure part: the probes that reveal a key's real matrix without changing
 * anything, how to read their answers, and a bounded, cancellable runner with the transport injected.
 *
 * Reads are GETs of list routes (or of an id that cannot exist, where a group has no list route).
 * Writes and model requests are POSTs whose body is deliberately invalid: a required field missing,
 * or a field of the wrong JSON type. OpenAI checks scopes before the body, so 400/415/422 means the
 * key may call the route and a 401 "Missing scopes" means it may not. No probe is ever a valid write.
 */
import type { JsonValue } from '../catalogue/route-types';
import { MissingScopes, decodeMissingScopes, isInvalidKey401 } from './missing-scopes';
import { Access, RESOURCE_GROUPS, ResourceGroup, ResourceGroupId, emptyMatrix } from './permission-model';

export interface Probe {
  readonly id: string;
  readonly group: ResourceGroupId;
  /** What an accepted answer proves the key has. */
  readonly access: Access;
  readonly method: 'GET' | 'POST';
  /** Concrete path without /v1, with any query. */
  readonly path: string;
  /** POST only: an invalid body (see `why`). */
  readonly body?: JsonValue;
  readonly headers?: Readonly<Record<string, string>>;
  /** Why the probe cannot change anything. */
  readonly why: string;
}

const MISSING = 'required fields missing';
const CHATKIT = { 'OpenAI-Beta': 'chatkit_beta=v1' } as const;

/** Every probe Detect Permissions sends, in order. Documented in the README. */
export const PROBES: readonly Probe[] = [
  { id: 'models.read', group: 'models', access: 'read', method: 'GET', path: '/models', why: 'list' },
  { id: 'model-capabilities.request', group: 'model-capabilities', access: 'request', method: 'POST', path: '/embeddings', body: {}, why: `${MISSING} (model, input)` },
  { id: 'responses.read', group: 'responses', access: 'read', method: 'GET', path: '/responses/resp_permission_probe', why: 'retrieve an id that does not exist (no list route): 404 when allowed' },
  { id: 'responses.write', group: 'responses', access: 'write', method: 'POST', path: '/responses', body: { model: 0, input: 0 }, why: 'model and input of the wrong type (numbers)' },
  { id: 'evals.read', group: 'evals', access: 'read', method: 'GET', path: '/evals?limit=1', why: 'list' },
  { id: 'evals.write', group: 'evals', access: 'write', method: 'POST', path: '/evals', body: {}, why: `${MISSING} (data_source_config, testing_criteria)` },
  { id: 'fine-tuning.read', group: 'fine-tuning', access: 'read', method: 'GET', path: '/fine_tuning/jobs?limit=1', why: 'list' },
  { id: 'fine-tuning.write', group: 'fine-tuning', access: 'write', method: 'POST', path: '/fine_tuning/jobs', body: {}, why: `${MISSING} (model, training_file)` },
  { id: 'files.read', group: 'files', access: 'read', method: 'GET', path: '/files?limit=1', why: 'list' },
  { id: 'files.write', group: 'files', access: 'write', method: 'POST', path: '/files', body: {}, why: `JSON instead of multipart, ${MISSING} (file, purpose)` },
  { id: 'vector-stores.read', group: 'vector-stores', access: 'read', method: 'GET', path: '/vector_stores?limit=1', why: 'list' },
  { id: 'vector-stores.write', group: 'vector-stores', access: 'write', method: 'POST', path: '/vector_stores', body: { file_ids: 0, expires_after: 0 }, why: 'file_ids and expires_after of the wrong type (numbers)' },
  { id: 'batch.read', group: 'batch', access: 'read', method: 'GET', path: '/batches?limit=1', why: 'list' },
  { id: 'batch.write', group: 'batch', access: 'write', method: 'POST', path: '/batches', body: {}, why: `${MISSING} (input_file_id, endpoint, completion_window)` },
  { id: 'uploads.write', group: 'uploads', access: 'write', method: 'POST', path: '/uploads', body: {}, why: `${MISSING} (filename, purpose, bytes, mime_type)` },
  { id: 'videos.read', group: 'videos', access: 'read', method: 'GET', path: '/videos?limit=1', why: 'list' },
  { id: 'videos.write', group: 'videos', access: 'write', method: 'POST', path: '/videos', body: {}, why: `${MISSING} (prompt)` },
  { id: 'conversations.read', group: 'conversations', access: 'read', method: 'GET', path: '/conversations/conv_permission_probe', why: 'retrieve an id that does not exist (no list route): 404 when allowed' },
  { id: 'conversations.write', group: 'conversations', access: 'write', method: 'POST', path: '/conversations', body: { items: 0, metadata: 0 }, why: 'items and metadata of the wrong type (numbers)' },
  { id: 'containers.read', group: 'containers', access: 'read', method: 'GET', path: '/containers?limit=1', why: 'list' },
  { id: 'containers.write', group: 'containers', access: 'write', method: 'POST', path: '/containers', body: {}, why: `${MISSING} (name)` },
  { id: 'realtime.write', group: 'realtime', access: 'write', method: 'POST', path: '/realtime/client_secrets', body: { session: 0, expires_after: 0 }, why: 'session and expires_after of the wrong type (numbers)' },
  { id: 'skills.read', group: 'skills', access: 'read', method: 'GET', path: '/skills?limit=1', why: 'list' },
  { id: 'skills.write', group: 'skills', access: 'write', method: 'POST', path: '/skills', body: {}, why: `${MISSING} (files)` },
  { id: 'chatkit.read', group: 'chatkit', access: 'read', method: 'GET', path: '/chatkit/threads?limit=1', headers: CHATKIT, why: 'list' },
  { id: 'chatkit.write', group: 'chatkit', access: 'write', method: 'POST', path: '/chatkit/sessions', body: {}, headers: CHATKIT, why: `${MISSING} (workflow, user)` },
];

/** Groups Detect Permissions does not probe, and why; they come back as unknown. */
export const NOT_PROBED: Readonly<Partial<Record<ResourceGroupId, string>>> = {
  assistants: 'the Assistants API was shut down on 2026-08-26',
  threads: 'the Threads API was shut down on 2026-08-26',
};

export type ProbeOutcome = 'allowed' | 'denied' | 'unknown' | 'invalid-key';

export interface ProbeResult {
  readonly probe: Probe;
  readonly outcome: ProbeOutcome;
  readonly status?: number;
  /** One line for the log or the comparison view. */
  readonly detail: string;
  readonly missing?: MissingScopes;
}

const ACCEPTED = new Set([400, 404, 409, 415, 422]);

/** Reads one probe's answer. */
export function interpretProbe(probe: Probe, status: number, body: unknown): ProbeResult {
  const base = { probe, status };
  if ((status >= 200 && status < 300) || ACCEPTED.has(status)) {
    return { ...base, outcome: 'allowed', detail: `${status}: the key passed the permission check` };
  }
  if (status === 401 || status === 403) {
    const missing = decodeMissingScopes(status, body);
    if (missing) {
      const known = missing.scopes.filter((s) => s.group !== undefined);
      // Only other groups' scopes missing (e.g. model.request on POST /responses): this group passed.
      const otherOnly = known.length === missing.scopes.length && known.every((s) => s.group !== probe.group);
      const list = missing.scopes.map((s) => s.scope).join(', ');
      return otherOnly
        ? { ...base, outcome: 'allowed', missing, detail: `${status}: only other groups' scopes missing (${list})` }
        : { ...base, outcome: 'denied', missing, detail: `${status}: missing scopes ${list}` };
    }
    if (status === 401 && isInvalidKey401(body)) return { ...base, outcome: 'invalid-key', detail: '401: the key is invalid or revoked' };
    return { ...base, outcome: 'unknown', detail: `${status} without a scope list` };
  }
  if (status === 429) return { ...base, outcome: 'unknown', detail: '429: rate limited, try again later' };
  return { ...base, outcome: 'unknown', detail: `${status}: no conclusion` };
}

export interface DetectedMatrix {
  readonly matrix: Record<ResourceGroupId, Access>;
  /** Groups whose setting could not be established; their matrix value is the proven minimum. */
  readonly unknown: readonly ResourceGroupId[];
  /** Caveats in words, one per group concerned. */
  readonly notes: readonly string[];
}

/** Projects probe results onto a matrix for a project key (admin groups stay None). */
export function detectMatrix(results: readonly ProbeResult[]): DetectedMatrix {
  const matrix = emptyMatrix();
  const unknown: ResourceGroupId[] = [];
  const notes: string[] = [];
  const outcomeOf = (probe: Probe | undefined): ProbeOutcome | 'absent' =>
    probe === undefined ? 'absent' : (results.find((r) => r.probe.id === probe.id)?.outcome ?? 'unknown');
  for (const group of RESOURCE_GROUPS as readonly ResourceGroup[]) {
    if (group.admin) continue;
    const notProbed = NOT_PROBED[group.id];
    if (notProbed) {
      unknown.push(group.id);
      notes.push(`${group.label}: not probed, ${notProbed}.`);
      continue;
    }
    const readProbe = PROBES.find((p) => p.group === group.id && p.access === 'read');
    const writeProbe = PROBES.find((p) => p.group === group.id && p.access !== 'read');
    const r = outcomeOf(readProbe);
    const w = outcomeOf(writeProbe);
    let value: Access = 'none';
    let settled = true;
    if (w === 'allowed' && writeProbe) value = writeProbe.access;
    else if (r === 'allowed') {
      value = 'read';
      settled = w !== 'unknown' && w !== 'invalid-key';
    } else if (r === 'denied') value = 'none'; // Write includes Read, so no read means nothing
    else if (r === 'absent') settled = w === 'denied';
    else settled = false;
    matrix[group.id] = value;
    if (!settled) {
      unknown.push(group.id);
      notes.push(`${group.label}: at least ${value === 'none' ? 'None' : 'Read'}; some probes gave no answer.`);
    } else if (value === 'none' && r === 'absent' && group.choices.includes('read')) {
      notes.push(`${group.label}: has no read route to probe; None may also mean Read.`);
    }
  }
  return { matrix, unknown, notes };
}

export interface ProbeResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Sends one request with the key; the adapter supplies it (SDK in VS Code, fetch in tests). */
export type ProbeSend = (
  method: Probe['method'],
  path: string,
  body: JsonValue | undefined,
  options: { readonly headers?: Readonly<Record<string, string>>; readonly signal?: AbortSignal },
) => Promise<ProbeResponse>;

export interface RunOptions {
  /** Requests in flight at once (default 3, at most 8). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number, result: ProbeResult) => void;
  /** Defaults to PROBES. */
  readonly probes?: readonly Probe[];
}

export interface ProbeRun {
  readonly results: readonly ProbeResult[];
  readonly cancelled: boolean;
  /** A probe got a plain invalid-key 401: the run stopped, the key needs re-entering. */
  readonly invalidKey: boolean;
}

/** Runs the probes with bounded concurrency; stops early on cancel or on an invalid key. */
export async function runProbes(send: ProbeSend, options: RunOptions = {}): Promise<ProbeRun> {
  const probes = options.probes ?? PROBES;
  const limit = Math.max(1, Math.min(8, Math.floor(options.concurrency ?? 3)));
  const results: ProbeResult[] = [];
  let next = 0;
  let invalidKey = false;
  const stopped = (): boolean => invalidKey || options.signal?.aborted === true;

  const worker = async (): Promise<void> => {
    while (!stopped() && next < probes.length) {
      const probe = probes[next++] as Probe;
      let result: ProbeResult;
      try {
        const response = await send(probe.method, probe.path, probe.body, { ...(probe.headers ? { headers: probe.headers } : {}), ...(options.signal ? { signal: options.signal } : {}) });
        result = interpretProbe(probe, response.status, response.body);
      } catch (error) {
        if (options.signal?.aborted) return;
        result = { probe, outcome: 'unknown', detail: `network error: ${error instanceof Error ? error.message : String(error)}` };
      }
      if (options.signal?.aborted) return;
      results.push(result);
      if (result.outcome === 'invalid-key') invalidKey = true;
      options.onProgress?.(results.length, probes.length, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, probes.length) }, worker));
  const order = new Map(probes.map((p, i) => [p.id, i]));
  results.sort((a, b) => (order.get(a.probe.id) ?? 0) - (order.get(b.probe.id) ?? 0));
  return { results, cancelled: options.signal?.aborted === true, invalidKey };
}
