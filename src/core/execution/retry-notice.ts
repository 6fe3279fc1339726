/**
 * The notice shown while the SDK waits to retry. The openai SDK (v7) has no retry event: its decision
 * (shouldRetry) and its wait (retryRequest, calculateDefaultRetryTimeoutMillis) are private members, so
 * overriding them would patch private API. Instead each HTTP attempt is observed through fetch, and
 * these two small rules mirror the SDK's to say what it is about to do; the execution tests pin them
 * against the SDK's real retries.
 */
import { formatSeconds, parseRetryAfterSeconds } from './error-decoding';

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

/** The notice for a failed answer the SDK will retry, or undefined when it will not retry it. */
export function retryNoticeFor(response: Response, retryCount: number, maxRetries: number): RetryNotice | undefined {
  if (retryCount >= maxRetries || !sdkWouldRetry(response)) return undefined;
  const said = parseRetryAfterSeconds(response.headers.get('retry-after-ms') ?? undefined, response.headers.get('retry-after') ?? undefined);
  const exact = said !== undefined && said >= 0 && said <= 60;
  const waitMs = exact ? said * 1000 : defaultBackoffMs(retryCount);
  const why = response.status === 429 ? 'rate limited' : response.status >= 500 ? 'server error' : response.status === 408 ? 'request timeout' : 'conflict';
  return { retry: retryCount + 1, maxRetries, status: response.status, waitMs, exact, message: `Waiting to retry after ${response.status} (${why}), ${exact ? '' : 'about '}${formatSeconds(waitMs / 1000)} (retry ${retryCount + 1} of ${maxRetries}).` };
}

/** The notice after a connection failure the SDK will retry. */
export function networkRetryNotice(retryCount: number, maxRetries: number): RetryNotice | undefined {
  if (retryCount >= maxRetries) return undefined;
  const waitMs = defaultBackoffMs(retryCount);
  return { retry: retryCount + 1, maxRetries, waitMs, exact: false, message: `Connection failed; retrying in about ${formatSeconds(waitMs / 1000)} (retry ${retryCount + 1} of ${maxRetries}).` };
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
