/**
 * Reads a streamed answer event by event: assembles its text, notes the final event, and ends a
 * stream that stays silent for too long (the SDK has no idle timeout of its own).
 */
import { isTerminalEvent, textDelta } from './stream-text';

export class StreamReader {
  events = 0;
  /** Assembled text: chat deltas and Responses output_text deltas (not yet redacted). */
  text = '';
  /** True when a final event arrived (finish_reason, response.completed, ...). */
  complete = false;
  firstEventAt: number | undefined;
  /** True when the watchdog ended the stream. */
  idle = false;

  constructor(
    readonly idleMs: number,
    /** Ends the stream: the SDK then ends its iterator without an error. */
    private readonly abort: () => void,
    private readonly onEvent?: (event: unknown, textDelta: string) => void,
  ) {}

  async read(stream: AsyncIterable<unknown>): Promise<void> {
    let lastEventAt = performance.now();
    const watchdog = setInterval(() => {
      if (performance.now() - lastEventAt >= this.idleMs) {
        this.idle = true;
        this.abort();
      }
    }, Math.max(5, Math.min(1000, this.idleMs / 4)));
    try {
      for await (const event of stream) {
        lastEventAt = performance.now();
        if (this.events++ === 0) this.firstEventAt = lastEventAt;
        const delta = textDelta(event);
        if (delta) this.text += delta;
        if (!this.complete && isTerminalEvent(event)) this.complete = true;
        this.onEvent?.(event, delta);
      }
    } finally {
      clearInterval(watchdog);
    }
  }
}
