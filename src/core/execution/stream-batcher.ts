/**
 * Groups streamed events into batches for the webview: one message per `intervalMs` or per
 * `maxEvents` events, whichever comes first (with `flushFirst`, the first event goes alone at once,
 * so the page shows the stream has started without waiting for a batch). Nothing is dropped; each batch carries its sequence
 * number and the running total so the receiver can check.
 */

export interface StreamBatch {
  /** 0, 1, 2, ... in order. */
  readonly seq: number;
  readonly events: readonly unknown[];
  /** Text deltas of these events, joined. */
  readonly text: string;
  /** Events flushed so far, this batch included. */
  readonly total: number;
}

export interface BatcherOptions {
  readonly maxEvents?: number;
  readonly intervalMs?: number;
  /** Sends the first event on its own as soon as it arrives. */
  readonly flushFirst?: boolean;
}

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class StreamBatcher {
  private events: unknown[] = [];
  private text = '';
  private seq = 0;
  private total = 0;
  private timer: unknown;
  private closed = false;
  private readonly maxEvents: number;
  private readonly intervalMs: number;
  private readonly flushFirst: boolean;

  constructor(
    private readonly flush: (batch: StreamBatch) => void,
    options: BatcherOptions = {},
    private readonly timers: Timers = realTimers,
  ) {
    this.maxEvents = Math.max(1, options.maxEvents ?? 200);
    this.intervalMs = Math.max(0, options.intervalMs ?? 50);
    this.flushFirst = options.flushFirst ?? false;
  }

  /** Adds one event; flushes when the batch is full, else within intervalMs. */
  push(event: unknown, textDelta = ''): void {
    if (this.closed) throw new Error('StreamBatcher: push after close.');
    this.events.push(event);
    this.text += textDelta;
    if (this.events.length >= this.maxEvents || (this.flushFirst && this.seq === 0)) this.flushNow();
    else if (this.timer === undefined) this.timer = this.timers.setTimeout(() => this.flushNow(), this.intervalMs);
  }

  /** Sends what is pending now (nothing when empty). */
  flushNow(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.events.length === 0) return;
    const events = this.events;
    this.total += events.length;
    const batch: StreamBatch = { seq: this.seq++, events, text: this.text, total: this.total };
    this.events = [];
    this.text = '';
    this.flush(batch);
  }

  /** Flushes the rest and stops; later pushes throw. */
  close(): void {
    this.flushNow();
    this.closed = true;
  }

  /** Events flushed so far. */
  get flushed(): number {
    return this.total;
  }
}
