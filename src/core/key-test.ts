/** Test Key: what one `GET /models` says about a key, in words. */
import type { ExecutionResult } from './execution/execute';

export type KeyTestVerdict = 'valid' | 'invalid' | 'missing-scope' | 'unreachable' | 'error';

export interface KeyTestReport {
  readonly verdict: KeyTestVerdict;
  readonly message: string;
  readonly status?: number;
  readonly requestId?: string;
}

/** Reads the result of `GET /models` sent with the key under test. */
export function keyTestReport(keyName: string, result: ExecutionResult): KeyTestReport {
  const ids = { ...(result.status !== undefined ? { status: result.status } : {}), ...(result.requestId ? { requestId: result.requestId } : {}) };
  const suffix = [result.status !== undefined ? `HTTP ${result.status}` : undefined, result.requestId ? `request id ${result.requestId}` : undefined].filter(Boolean).join(', ');
  const tail = suffix ? ` (${suffix})` : '';
  if (result.outcome === 'completed' && result.status !== undefined && result.status < 300) {
    return { verdict: 'valid', message: `Key '${keyName}' is valid: it can list models${tail}.`, ...ids };
  }
  if (result.outcome === 'cancelled') return { verdict: 'error', message: `Test of '${keyName}' was cancelled.`, ...ids };
  const error = result.error;
  const detail = [error?.message, error?.hint].filter(Boolean).join(' ');
  switch (error?.kind) {
    case 'missing-scopes':
      return { verdict: 'missing-scope', message: `Key '${keyName}' is valid but lacks a scope: ${detail}${tail}`, ...ids };
    case 'invalid-key':
      return { verdict: 'invalid', message: `Key '${keyName}' was rejected as invalid (revoked, mistyped or from another organization)${tail}. Rotate it with a current key.`, ...ids };
    case 'unreachable':
    case 'timeout':
      return { verdict: 'unreachable', message: `Could not reach the key's server: ${detail}`, ...ids };
    default:
      return { verdict: 'error', message: `Test of '${keyName}' failed: ${detail || result.outcome}${tail}`, ...ids };
  }
}
