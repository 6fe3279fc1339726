/**
 * The streaming view: raw events beside the assembled text. Batches from the host are queued and
 * drawn once per animation frame as appends, so a 10,000-event stream neither drops an event nor
 * blocks the panel. The raw column keeps only the last events (the counter and the assembled text
 * stay exact), writes their JSON only when drawn, and is drawn only while it is on screen.
 *
 * Layout is what costs: each frame's text goes into the last of a series of block-level pieces, and
 * a piece is closed after a line break once it is long, so the browser lays out only the new piece,
 * not everything streamed so far (a piece ends with its line break, so the text reads the same). Each
 * frame appends first and reads the scroll heights after, one layout per frame. When a draw takes
 * long (big batches, a busy machine), the next one waits as long as it took, so drawing never holds
 * more than half of the page's time and the host's messages keep being taken in between.
 */
import type { StreamEventView } from '../protocol/protocol';
import { h, replaceChildren } from './dom';

/** Raw events kept on screen; older ones are dropped and the note says so. */
const MAX_RAW_EVENTS = 2000;
/** Characters of raw events kept on screen (whichever limit comes first). */
const MAX_RAW_CHARS = 256 * 1024;
/** A piece of assembled text is closed at its next line break once it holds this many characters. */
const PIECE_CHARS = 2048;
/** Raw events per block of the raw column. */
const RAW_BLOCK_EVENTS = 25;

/** One appended run of raw events: a block of its own, and what it holds. */
interface RawChunk {
  readonly node: HTMLElement;
  events: number;
  chars: number;
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
  /** A draw waiting for the page to catch up (see above), and when the next draw may start. */
  private later: ReturnType<typeof setTimeout> | undefined;
  private nextDrawAt = 0;
  private count = 0;
  private assembled = '';
  private rawVisible = true;
  /** The piece of assembled text that frames append to, and its length. */
  private piece: HTMLElement | undefined;
  private pieceChars = 0;

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
        if (this.rawVisible && this.queuedRaw.length) this.schedule();
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
    this.cancelDraw();
    this.queuedText = '';
    this.queuedRaw = [];
    this.chunks = [];
    this.rawEvents = 0;
    this.rawChars = 0;
    this.rawSeen = 0;
    this.count = count;
    this.assembled = text;
    this.piece = undefined;
    this.pieceChars = 0;
    replaceChildren(this.text);
    if (text) this.appendText(text);
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
    this.schedule();
  }

  /** Draws everything queued now (before a final status is shown). */
  flush(): void {
    this.cancelDraw();
    this.draw();
  }

  private schedule(): void {
    if (this.frame !== undefined || this.later !== undefined) return;
    const wait = this.nextDrawAt - performance.now();
    if (wait > 1) {
      this.later = setTimeout(() => {
        this.later = undefined;
        this.schedule();
      }, wait);
    } else this.frame = requestAnimationFrame(() => this.draw());
  }

  private cancelDraw(): void {
    if (this.frame !== undefined) cancelAnimationFrame(this.frame);
    if (this.later !== undefined) clearTimeout(this.later);
    this.frame = undefined;
    this.later = undefined;
  }

  private draw(): void {
    const started = performance.now();
    this.frame = undefined;
    const text = this.queuedText;
    this.queuedText = '';
    if (text) this.appendText(text);
    const raw = this.queuedRaw.length > 0 && this.rawVisible;
    if (raw) this.drawRaw();
    this.counter.textContent = `${this.count} event${this.count === 1 ? '' : 's'}`;
    // Writes are done: one layout for both columns, then keep them scrolled to the end.
    if (text) this.text.scrollTop = this.text.scrollHeight;
    if (raw) this.raw.scrollTop = this.raw.scrollHeight;
    const ended = performance.now();
    this.nextDrawAt = ended + (ended - started);
  }

  /** Appends to the open piece; a long piece is closed after its last line break and the rest opens the next. */
  private appendText(text: string): void {
    let rest = text;
    if (this.piece && this.pieceChars + rest.length >= PIECE_CHARS) {
      const cut = rest.lastIndexOf('\n') + 1;
      if (cut > 0) {
        this.piece.appendChild(document.createTextNode(rest.slice(0, cut)));
        // A closed piece is laid out only while on screen.
        this.piece.classList.add('stream-block');
        this.piece = undefined;
        rest = rest.slice(cut);
      }
    }
    if (!rest) return;
    if (!this.piece) {
      this.piece = h('span', { class: 'stream-piece' });
      this.pieceChars = 0;
      this.text.appendChild(this.piece);
    }
    this.piece.appendChild(document.createTextNode(rest));
    this.pieceChars += rest.length;
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
    parts.reverse();
    // Small blocks, each ending with a blank line (so the column reads the same): the browser lays
    // out only those on screen (content-visibility), not the whole batch.
    let at = 0;
    // A paced stream brings a few events per frame: they fill up the last block first.
    const last = this.chunks.at(-1);
    if (last && last.events < RAW_BLOCK_EVENTS) {
      const fill = parts.slice(0, RAW_BLOCK_EVENTS - last.events);
      const text = fill.join('');
      last.node.appendChild(document.createTextNode(text));
      last.events += fill.length;
      last.chars += text.length;
      this.rawEvents += fill.length;
      this.rawChars += text.length;
      at = fill.length;
    }
    for (; at < parts.length; at += RAW_BLOCK_EVENTS) {
      const block = parts.slice(at, at + RAW_BLOCK_EVENTS);
      const chunk = block.join('');
      const node = h('span', { class: 'stream-piece stream-block' }, chunk);
      this.raw.appendChild(node);
      this.chunks.push({ node, events: block.length, chars: chunk.length });
      this.rawEvents += block.length;
      this.rawChars += chunk.length;
    }
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
  }

  private dropRaw(n: number): void {
    for (const c of this.chunks.splice(0, n)) {
      c.node.remove();
      this.rawEvents -= c.events;
      this.rawChars -= c.chars;
    }
  }
}
