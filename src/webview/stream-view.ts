/**
 * The streaming view: raw events beside the assembled text. Batches from the host are queued and
 * drawn once per animation frame as appends, so a 10,000-event stream neither drops an event nor
 * blocks the panel. The raw column keeps only the last events (the counter and the assembled text
 * stay exact), writes their JSON only when drawn, and is drawn only while it is on screen.
 */
import type { StreamEventView } from '../protocol/protocol';
import { h, replaceChildren } from './dom';

/** Raw events kept on screen; older ones are dropped and the note says so. */
const MAX_RAW_EVENTS = 2000;
/** Characters of raw events kept on screen (whichever limit comes first). */
const MAX_RAW_CHARS = 256 * 1024;

/** One appended run of raw events: a text node and what it holds. */
interface RawChunk {
  readonly node: Text;
  readonly events: number;
  readonly chars: number;
}

export class StreamView {
  readonly element: HTMLElement;
  private readonly text = h('pre', { class: 'stream-text', id: 'stream-text', tabindex: '0', 'aria-label': 'Assembled text' });
  private readonly raw = h('pre', { class: 'stream-raw', id: 'stream-raw', tabindex: '0', 'aria-label': 'Raw events' });
  private readonly rawNote = h('p', { class: 'note', id: 'stream-raw-note', hidden: true });
  private readonly counter = h('span', { class: 'stream-count', id: 'stream-count' }, '0 events');
  private queuedText = '';
  /** Raw events not drawn yet (at most MAX_RAW_EVENTS: older ones would be dropped anyway). */
  private queuedRaw: StreamEventView[] = [];
  private chunks: RawChunk[] = [];
  private rawEvents = 0;
  private rawChars = 0;
  /** Raw events received in all, shown or not. */
  private rawSeen = 0;
  private frame: number | undefined;
  private count = 0;
  private assembled = '';
  private rawVisible = true;

  constructor() {
    this.element = h('div', { class: 'stream-view' },
      h('div', { class: 'stream-head' }, this.counter),
      h('div', { class: 'stream-columns' },
        h('div', { class: 'stream-col' }, h('h3', {}, 'Assembled text'), this.text),
        h('div', { class: 'stream-col' }, h('h3', {}, 'Raw events'), this.rawNote, this.raw)));
    // Draw raw events only while the column is on screen; catch up when it comes back.
    if (typeof IntersectionObserver === 'function') {
      new IntersectionObserver((entries) => {
        this.rawVisible = entries.some((e) => e.isIntersecting);
        if (this.rawVisible && this.queuedRaw.length) this.frame ??= requestAnimationFrame(() => this.draw());
      }).observe(this.raw);
    }
  }

  get eventCount(): number {
    return this.count;
  }

  get assembledText(): string {
    return this.assembled;
  }

  reset(text = '', count = 0): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.frame = undefined;
    this.queuedText = '';
    this.queuedRaw = [];
    this.chunks = [];
    this.rawEvents = 0;
    this.rawChars = 0;
    this.rawSeen = 0;
    this.count = count;
    this.assembled = text;
    this.text.textContent = text;
    replaceChildren(this.raw);
    this.rawNote.hidden = true;
    this.counter.textContent = `${count} event${count === 1 ? '' : 's'}`;
  }

  /** Queues a batch; `total` is the host's running count, which the counter shows. */
  push(events: readonly StreamEventView[], text: string, total: number): void {
    this.queuedRaw = this.queuedRaw.concat(events.length > MAX_RAW_EVENTS ? events.slice(-MAX_RAW_EVENTS) : events);
    if (this.queuedRaw.length > MAX_RAW_EVENTS) this.queuedRaw = this.queuedRaw.slice(-MAX_RAW_EVENTS);
    this.rawSeen += events.length;
    this.queuedText += text;
    this.assembled += text;
    this.count = Math.max(this.count + events.length, total);
    this.frame ??= requestAnimationFrame(() => this.draw());
  }

  /** Draws everything queued now (before a final status is shown). */
  flush(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    this.draw();
  }

  private draw(): void {
    this.frame = undefined;
    if (this.queuedText) {
      this.text.appendChild(document.createTextNode(this.queuedText));
      this.text.scrollTop = this.text.scrollHeight;
    }
    this.queuedText = '';
    if (this.queuedRaw.length && this.rawVisible) this.drawRaw();
    this.counter.textContent = `${this.count} event${this.count === 1 ? '' : 's'}`;
  }

  private drawRaw(): void {
    const queued = this.queuedRaw;
    this.queuedRaw = [];
    // Newest first, only as many as the limits keep: older events are never written out.
    const parts: string[] = [];
    let size = 0;
    for (let i = queued.length - 1; i >= 0 && size < MAX_RAW_CHARS; i--) {
      const e = queued[i]!;
      const part = `${e.event ? `event: ${e.event}\n` : ''}data: ${JSON.stringify(e.data) ?? String(e.data)}\n\n`;
      parts.push(part);
      size += part.length;
    }
    // A full set of new events replaces everything on screen.
    if (parts.length >= MAX_RAW_EVENTS || size >= MAX_RAW_CHARS) this.dropRaw(this.chunks.length);
    const chunk = parts.reverse().join('');
    const node = document.createTextNode(chunk);
    this.raw.appendChild(node);
    this.chunks.push({ node, events: parts.length, chars: chunk.length });
    this.rawEvents += parts.length;
    this.rawChars += chunk.length;
    let drop = 0;
    let events = this.rawEvents;
    let chars = this.rawChars;
    while (drop < this.chunks.length - 1 && (events > MAX_RAW_EVENTS || chars > MAX_RAW_CHARS)) {
      events -= this.chunks[drop]!.events;
      chars -= this.chunks[drop]!.chars;
      drop++;
    }
    this.dropRaw(drop);
    const hidden = this.rawSeen - this.rawEvents;
    this.rawNote.hidden = hidden <= 0;
    if (hidden > 0) this.rawNote.textContent = `Showing the last ${this.rawEvents} of ${this.rawSeen} events.`;
    this.raw.scrollTop = this.raw.scrollHeight;
  }

  private dropRaw(n: number): void {
    for (const c of this.chunks.splice(0, n)) {
      c.node.remove();
      this.rawEvents -= c.events;
      this.rawChars -= c.chars;
    }
  }
}
