/**
 * The streaming view: raw events beside the assembled text. Batches from the host are queued and
 * drawn once per animation frame as one text append, so a 10,000-event stream neither drops an
 * event nor blocks the panel.
 */
import type { StreamEventView } from '../shared/protocol';
import { h, replaceChildren } from './dom';

/** Characters of raw events kept on screen; older ones are summarised (the counter stays exact). */
const MAX_RAW_CHARS = 8 * 1024 * 1024;

export class StreamView {
  readonly element: HTMLElement;
  private readonly text = h('pre', { class: 'stream-text', id: 'stream-text', tabindex: '0', 'aria-label': 'Assembled text' });
  private readonly raw = h('pre', { class: 'stream-raw', id: 'stream-raw', tabindex: '0', 'aria-label': 'Raw events' });
  private readonly counter = h('span', { class: 'stream-count', id: 'stream-count' }, '0 events');
  private queuedText = '';
  private queuedRaw: string[] = [];
  private frame: number | undefined;
  private rawChars = 0;
  private count = 0;
  private assembled = '';

  constructor() {
    this.element = h('div', { class: 'stream-view' },
      h('div', { class: 'stream-head' }, this.counter),
      h('div', { class: 'stream-columns' },
        h('div', { class: 'stream-col' }, h('h3', {}, 'Assembled text'), this.text),
        h('div', { class: 'stream-col' }, h('h3', {}, 'Raw events'), this.raw)));
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
    this.rawChars = 0;
    this.count = count;
    this.assembled = text;
    this.text.textContent = text;
    replaceChildren(this.raw);
    this.counter.textContent = `${count} event${count === 1 ? '' : 's'}`;
  }

  /** Queues a batch; `total` is the host's running count, which the counter shows. */
  push(events: readonly StreamEventView[], text: string, total: number): void {
    for (const e of events) this.queuedRaw.push(`${e.event ? `event: ${e.event}\n` : ''}data: ${e.data}\n\n`);
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
    if (this.queuedText) this.text.appendChild(document.createTextNode(this.queuedText));
    if (this.queuedRaw.length) {
      const chunk = this.queuedRaw.join('');
      this.raw.appendChild(document.createTextNode(chunk));
      this.rawChars += chunk.length;
      while (this.rawChars > MAX_RAW_CHARS && this.raw.firstChild && this.raw.childNodes.length > 1) {
        this.rawChars -= this.raw.firstChild.textContent?.length ?? 0;
        this.raw.removeChild(this.raw.firstChild);
      }
    }
    this.queuedText = '';
    this.queuedRaw = [];
    this.counter.textContent = `${this.count} event${this.count === 1 ? '' : 's'}`;
    this.raw.scrollTop = this.raw.scrollHeight;
    this.text.scrollTop = this.text.scrollHeight;
  }
}
