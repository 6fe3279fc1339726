/**
 * Test Key: one harmless read (GET /models, or GET /organization/projects for admin keys) that
 * says whether a key works, and if not, why.
 */
import { ClientCache, KeyTarget } from './client-cache';
import type { DecodedError } from './error-decoding';
import { executeRequest } from './execute';
import { testKeyPath } from './test-key-path';

export type TestKeyVerdict = 'valid' | 'invalid' | 'missing-scope' | 'unreachable' | 'cancelled' | 'error';

export interface TestKeyResult {
  readonly verdict: TestKeyVerdict;
  /** One sentence for a notification. */
  readonly message: string;
  readonly hint?: string;
  readonly status?: number;
  readonly requestId?: string;
  readonly durationMs: number;
  readonly error?: DecodedError;
}

export interface TestKeyOptions {
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly maxRetries?: number;
  /** Admin keys cannot call /models; they are tested on /organization/projects. */
  readonly admin?: boolean;
}

/** Tests a key with one read request; never throws. */
export async function testKey(cache: ClientCache, target: KeyTarget, options: TestKeyOptions = {}): Promise<TestKeyResult> {
  const path = testKeyPath(options.admin ?? false);
  const result = await executeRequest(
    cache,
    target,
    { method: 'GET', path, query: options.admin ? { limit: '1' } : {}, headers: {}, body: { kind: 'none' }, stream: false },
    { signal: options.signal, timeoutMs: options.timeoutMs, maxRetries: options.maxRetries },
  );
  const base = {
    durationMs: result.durationMs,
    ...(result.status !== undefined ? { status: result.status } : {}),
    ...(result.requestId ? { requestId: result.requestId } : {}),
  };
  if (result.outcome === 'cancelled') return { ...base, verdict: 'cancelled', message: 'Test cancelled.' };
  if (result.outcome === 'completed' && result.status !== undefined && result.status < 300) {
    const count = modelCount(result.body?.text);
    const what = !options.admin && count !== undefined ? ` with ${count} model${count === 1 ? '' : 's'}` : '';
    return { ...base, verdict: 'valid', message: `The ${options.admin ? 'admin ' : ''}key works: GET ${path} answered ${result.status}${what}.` };
  }
  const error = result.error;
  const withError = { ...base, ...(error ? { error } : {}), ...(error?.hint ? { hint: error.hint } : {}) };
  switch (error?.kind) {
    case 'invalid-key':
      return { ...withError, verdict: 'invalid', message: error.message };
    case 'missing-scopes':
      return { ...withError, verdict: 'missing-scope', message: error.message };
    case 'unreachable':
    case 'timeout':
      return { ...withError, verdict: 'unreachable', message: error.message };
    default:
      return { ...withError, verdict: 'error', message: error?.message ?? `GET ${path} answered ${result.status ?? 'nothing'}.` };
  }
}

function modelCount(text: string | undefined): number | undefined {
  if (!text) return undefined;
  try {
    const data = (JSON.parse(text) as { data?: unknown }).data;
    return Array.isArray(data) ? data.length : undefined;
  } catch {
    return undefined;
  }
}
