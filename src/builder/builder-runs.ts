/**
 * Sending from the builder: the permission check (with "Send anyway"), then the run through the
 * shared request runner, whose progress is posted to the page: retries, headers, batched stream
 * events and the result. The key is read by the runner at send time and never posted.
 */
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { loadRouteCatalogue } from '../core/catalogue/route-catalogue';
import type { ExecuteOptions, ExecutionResult } from '../core/execution/execute';
import { ForeignOriginError, bindPathToOrigin } from '../core/execution/origin';
import { StreamBatcher } from '../core/execution/stream-batcher';
import type { KeyRecord } from '../core/keys/key-index';
import { redactError } from '../core/common/redaction';
import type { HistoryEntry } from '../core/requests/history';
import { buildPath, type ExecutableRequest } from '../core/requests/request-model';
import { decideSend } from '../core/permissions/send-policy';
import { UserError } from '../core/common/user-error';
import type { BuilderRequest, HostMessage, RunEvent, RunOutcome, StreamEventView, WebviewMessage } from '../protocol/protocol';
import { toExecutableRequest, FileLookup } from './builder-request';
import { historyEntryFor } from './history-mapping';
import { inlineRemoteImages } from './remote-images';
import { toResultView } from './result-view-model';

type Send = Extract<WebviewMessage, { type: 'send' }>;

/** What a run needs from the host, each as narrow as the run uses it (the host's Services fits as is). */
export interface BuilderRunHost {
  /** The stored keys: the record the page picked (throws UserError when it is not usable here), and every secret, for redaction. */
  readonly vault: {
    usableHere(id: string): KeyRecord;
    knownSecrets(): Iterable<string>;
  };
  /** Sends with the key it reads at send time. */
  readonly runner: {
    run(record: KeyRecord, request: ExecutableRequest, options?: ExecuteOptions): Promise<ExecutionResult>;
  };
  /** Loopback origins tests treat as OpenAI's (empty outside test mode). */
  readonly settings: { readonly testOpenAIOrigins: readonly string[] };
  readonly logger: { warn(area: string, message: string): void };
}

/** Where finished runs are recorded. */
export interface RunHistory {
  add(entry: HistoryEntry): Promise<void>;
}

/** What stays of a finished run on the host: its bytes, for Open in Editor and Save. */
export interface KeptResult {
  readonly bytes?: Uint8Array;
  readonly contentType?: string;
  /** Assembled text of a stream. */
  readonly streamText?: string;
  readonly truncated: boolean;
}

/** The last run's messages, replayed to a page that was reloaded or hidden meanwhile. */
class RunReplay {
  private readonly head: HostMessage[] = [];
  private events: StreamEventView[] = [];
  private text = '';
  private total = 0;
  private done: HostMessage | undefined;

  constructor(readonly requestId: string) {}

  record(event: RunEvent): void {
    if (event.kind === 'events') {
      this.events = this.events.concat(event.events);
      this.text += event.text;
      this.total = event.total;
    } else if (event.kind === 'done') {
      this.done = { type: 'run', requestId: this.requestId, event };
    } else {
      // Keep one message per kind: the latest retry notice replaces the previous one.
      const at = this.head.findIndex((m) => m.type === 'run' && m.event.kind === event.kind);
      const message: HostMessage = { type: 'run', requestId: this.requestId, event };
      if (at >= 0) this.head[at] = message;
      else this.head.push(message);
    }
  }

  messages(): HostMessage[] {
    const out = [...this.head];
    if (this.total > 0) out.push({ type: 'run', requestId: this.requestId, event: { kind: 'events', events: this.events, text: this.text, total: this.total } });
    if (this.done) out.push(this.done);
    return out;
  }
}

/** Results whose bytes stay available, newest last. */
const KEPT_RESULTS = 5;
/**
 * A non-streamed answer's headers are posted only when its body takes longer than this to read
 * (a slow download shows them while it comes); a quicker body's result carries them, one message
 * fewer to scrub, serialise and post per request.
 */
const HOLD_HEADERS_MS = 50;

export class BuilderRuns {
  private readonly active = new Map<string, AbortController>();
  private readonly kept = new Map<string, KeptResult>();
  private readonly cancelledEarly = new Set<string>();
  private replay: RunReplay | undefined;

  constructor(
    private readonly services: BuilderRunHost,
    private readonly history: RunHistory,
    private readonly files: FileLookup,
    private readonly post: (message: HostMessage) => void,
  ) {}

  get running(): number {
    return this.active.size;
  }

  /** Messages that rebuild the last run on a fresh page. */
  replayMessages(): HostMessage[] {
    return this.replay?.messages() ?? [];
  }

  result(runId: string): KeptResult | undefined {
    return this.kept.get(runId);
  }

  /** Cancels a run; one still being checked is cancelled as soon as it starts. */
  cancel(requestId: string): void {
    const controller = this.active.get(requestId);
    if (controller) {
      controller.abort();
      return;
    }
    this.cancelledEarly.add(requestId);
    if (this.cancelledEarly.size > 100) this.cancelledEarly.delete(this.cancelledEarly.values().next().value as string);
  }

  cancelAll(): void {
    for (const controller of this.active.values()) controller.abort();
  }

  /** Checks, asks when the permission check denies, then runs. Throws UserError for refusals before a run starts. */
  async send(m: Send): Promise<void> {
    if (this.active.has(m.requestId)) throw new UserError('That request is already running.');
    const record = this.services.vault.usableHere(m.keyId);
    let concrete: string;
    try {
      concrete = buildPath(m.request.path.trim(), m.request.pathParams);
    } catch (error) {
      throw new UserError(redactError(error));
    }
    if (!(await this.permitted(m, record, concrete))) return;
    let executable;
    try {
      executable = await toExecutableRequest(m.request, this.files);
    } catch (error) {
      throw new UserError(redactError(error));
    }
    await this.run(m.requestId, record, m.request, executable);
  }

  /** The send decision; posts the refusal or the question and returns false when nothing may run yet. */
  private async permitted(m: Send, record: KeyRecord, concrete: string): Promise<boolean> {
    const decision = decideSend(record, { method: m.request.method, path: concrete }, await loadRouteCatalogue(), this.services.settings.testOpenAIOrigins);
    if (decision.kind === 'allow' || (decision.kind === 'confirm' && m.override)) return true;
    this.post({ type: 'permission', requestId: m.requestId, prompt: { verdict: 'denied', canOverride: decision.kind === 'confirm', reason: decision.why } });
    return false;
  }

  private emit(requestId: string, event: RunEvent): void {
    if (this.replay?.requestId === requestId) this.replay.record(event);
    this.post({ type: 'run', requestId, event });
  }

  private async run(requestId: string, record: KeyRecord, request: BuilderRequest, executable: ExecutableRequest): Promise<void> {
    const controller = new AbortController();
    if (this.cancelledEarly.delete(requestId)) controller.abort();
    this.active.set(requestId, controller);
    this.replay = new RunReplay(requestId);
    const startedAt = new Date().toISOString();
    this.emit(requestId, { kind: 'started', method: request.method, url: displayUrl(record.baseUrl, executable.path), keyName: record.name, streaming: executable.stream });
    // When the pending batch's first event was read: two clock reads per batch let the page measure its own latency.
    let readAt: number | undefined;
    const batcher = new StreamBatcher((batch) => {
      const postedAt = Date.now();
      this.emit(requestId, { kind: 'events', events: batch.events as StreamEventView[], text: batch.text, total: batch.total, readAt: readAt ?? postedAt, postedAt });
      readAt = undefined;
    // One batch per display frame at most: the page draws once per frame, and a paced stream shows each delta within a frame or two.
    }, { maxEvents: 250, intervalMs: 16, flushFirst: true });
    let result: ExecutionResult | undefined;
    let failure: string | undefined;
    let headersHeld: ReturnType<typeof setTimeout> | undefined;
    try {
      result = await this.services.runner.run(record, executable, {
        signal: controller.signal,
        onRetry: (n) => this.emit(requestId, { kind: 'retrying', attempt: n.retry, maxRetries: n.maxRetries, delayMs: n.waitMs, reason: n.message }),
        onHeaders: (status, headers) => {
          const event: RunEvent = { kind: 'headers', status, statusText: STATUS_CODES[status] ?? '', headers: headers.map((h) => ({ name: h.name, value: h.value, highlight: h.highlight })) };
          if (executable.stream) this.emit(requestId, event);
          else headersHeld = setTimeout(() => {
            headersHeld = undefined;
            this.emit(requestId, event);
          }, HOLD_HEADERS_MS);
        },
        onEvent: (event, delta) => {
          readAt ??= Date.now();
          batcher.push(eventView(event), delta);
        },
      });
    } catch (error) {
      failure = redactError(error, this.services.vault.knownSecrets());
    } finally {
      // The result carries the same status and headers: a body read within the hold needs no headers message.
      if (headersHeld !== undefined) clearTimeout(headersHeld);
      batcher.close();
      this.active.delete(requestId);
    }
    const outcome: RunOutcome = controller.signal.aborted && (!result || result.outcome !== 'completed')
      ? 'cancelled'
      : !result ? 'failed' : result.outcome === 'failed' && result.error?.kind === 'refused' ? 'refused' : result.outcome;
    const view = result
      ? await inlineRemoteImages(toResultView(result), record.baseUrl)
      : { durationMs: Date.now() - Date.parse(startedAt), sizeBytes: 0, headers: [], body: { kind: 'empty' as const }, images: [], canOpenInEditor: false, canSave: false, error: { kind: outcome === 'cancelled' ? ('cancelled' as const) : ('unexpected' as const), message: failure ?? 'The request did not run.' } };
    this.keep(requestId, result);
    this.emit(requestId, { kind: 'done', outcome, result: view });
    await this.history.add(historyEntryFor(request, {
      id: randomUUID(),
      at: startedAt,
      outcome,
      keyId: record.id,
      keyName: record.name,
      ...(view.status !== undefined ? { status: view.status } : {}),
      durationMs: view.durationMs,
      ...(result?.timeToHeadersMs !== undefined ? { timeToHeadersMs: Math.round(result.timeToHeadersMs) } : {}),
      sizeBytes: view.sizeBytes,
    })).catch((error: unknown) => this.services.logger.warn('request-builder', `History not saved: ${redactError(error)}`));
  }

  private keep(requestId: string, result: ExecutionResult | undefined): void {
    if (!result) return;
    this.kept.set(requestId, {
      ...(result.body ? { bytes: result.body.bytes, contentType: result.body.contentType } : {}),
      ...(result.stream ? { streamText: result.stream.text } : {}),
      truncated: result.body?.truncated ?? false,
    });
    while (this.kept.size > KEPT_RESULTS) this.kept.delete(this.kept.keys().next().value as string);
  }
}

/**
 * One streamed event for the raw view: its type and the event itself, serialised once with the
 * message (not first to a JSON string that the message would escape again).
 */
function eventView(event: unknown): StreamEventView {
  const type = (event as { type?: unknown } | null)?.type;
  return { ...(typeof type === 'string' ? { event: type } : {}), data: event };
}

/** Where the request goes, for the status line (the refusal of a foreign origin comes later, from the runner). */
function displayUrl(baseUrl: string, path: string): string {
  try {
    return `${baseUrl.replace(/\/+$/, '')}${bindPathToOrigin(baseUrl, path)}`;
  } catch (error) {
    return error instanceof ForeignOriginError ? path : `${baseUrl}${path}`;
  }
}
