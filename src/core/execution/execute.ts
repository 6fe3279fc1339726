/**
 * Runs one request through the official SDK's generic methods (client.get/post/put/patch/delete)
 * and turns what happens into an ExecutionResult: completed, cancelled or failed, never thrown.
 * Streams are read event by event with an idle timeout; cancellation is checked on the caller's
 * signal because the SDK ends an aborted stream silently.
 */
import type { ExecutableRequest } from '../requests/request-model';
import { ATTEMPT_OBSERVER, AttemptObserver, ClientCache, KeyTarget, SdkModule } from './client-cache';
import { encodeBody } from './encode-body';
import { DecodedError, decodeHttpError, decodeTransportError, streamEventError, streamIdleError } from './error-decoding';
import { ForeignOriginError, bindPathToOrigin } from './origin';
import { BodyOptions, ResultBody, ResultHeader, describeBody, toResultHeaders } from './result-model';
import { RetryNotice, networkRetryNotice, retryNoticeFor } from './retry-notice';
import { StreamReader } from './stream-reader';
import { redact } from '../common/redaction';

export type Outcome = 'completed' | 'cancelled' | 'failed';
export type { RetryNotice } from './retry-notice';

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
  private reader: StreamReader | undefined;

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
    const notice = retryNoticeFor(response, retryCount, this.maxRetries);
    if (notice) {
      this.notifyRetry(notice);
      return;
    }
    // The final error answer: keep a copy of its body, which the SDK consumes.
    this.errorBody = response.clone().arrayBuffer().catch(() => undefined);
  }

  private onNetworkError(_error: unknown, retryCount: number): void {
    this.retries = retryCount;
    const notice = this.controller.signal.aborted ? undefined : networkRetryNotice(retryCount, this.maxRetries);
    if (notice) this.notifyRetry(notice);
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
    const reader = new StreamReader(Math.max(1, this.options.streamIdleTimeoutMs ?? DEFAULT_STREAM_IDLE_MS), () => this.controller.abort(), this.options.onEvent);
    this.reader = reader;
    await reader.read(stream);
    // The SDK ends an aborted stream without an error: ask why it ended.
    if (this.options.signal?.aborted) return this.cancelled();
    if (reader.idle) return this.finish({ outcome: 'failed', error: streamIdleError(reader.idleMs, reader.events) });
    return this.finish({ outcome: 'completed' });
  }

  private async failure(error: unknown, sdk: SdkModule | undefined): Promise<ExecutionResult> {
    if (this.options.signal?.aborted) return this.cancelled();
    const events = this.reader?.events ?? 0;
    if (this.reader?.idle) return this.finish({ outcome: 'failed', error: streamIdleError(this.reader.idleMs, events) });
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
      return this.finish({ outcome: 'failed', error: { kind: 'stream-error', message: `The connection dropped mid-stream after ${events} event${events === 1 ? '' : 's'} (${why}).`, hint: 'Send again; check the server or proxy if it keeps happening.' } });
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
    const reader = this.request.stream && this.phase === 'streaming' ? this.reader : undefined;
    return {
      method: this.request.method,
      path: this.path,
      startedAt: this.startedAt,
      durationMs: performance.now() - this.t0,
      ...(this.headersAt !== undefined ? { timeToHeadersMs: this.headersAt - this.t0 } : {}),
      ...(status !== undefined ? { status, statusText: response?.statusText ?? '' } : {}),
      size: reader ? this.streamBytes : 0,
      headers: this.headerRows(response),
      ...(requestId ? { requestId } : {}),
      retries: this.retries,
      ...(reader
        ? { stream: { events: reader.events, text: redact(reader.text, this.secrets), complete: reader.complete, ...(reader.firstEventAt !== undefined ? { timeToFirstEventMs: reader.firstEventAt - this.t0 } : {}) } }
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

function safeOrigin(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}
