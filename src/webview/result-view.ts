/**
 * The result side: status, duration and size; decoded errors; the body as foldable, searchable
 * JSON or text; images, audio and binaries; headers with the OpenAI ones highlighted.
 */
import { assertNever, type ErrorView, type HeaderView, type ResultView, type RunOutcome } from '../protocol/protocol';
import { button } from './controls';
import { formatDuration, formatSize, h, replaceChildren } from './dom';
import { loadEditors } from './editors';
import type { Viewer } from './json-editor';

export interface ResultActions {
  openInEditor(): void;
  saveBody(): void;
}

const OUTCOME_LABEL: Readonly<Record<RunOutcome, string>> = {
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
  refused: 'Refused',
};

export class ResultPanel {
  readonly status = h('div', { class: 'status-line', id: 'status-line', role: 'status', 'aria-live': 'polite' }, 'No request sent yet.');
  readonly bodyPane = h('div', { class: 'result-body', id: 'result-body' });
  readonly headersPane = h('div', { class: 'result-headers', id: 'result-headers' });
  private readonly errorBox = h('div', { class: 'error-box', id: 'error-box', role: 'alert', hidden: true });
  private readonly media = h('div', { class: 'media', id: 'result-media' });
  private readonly banner = h('div', { class: 'banner', id: 'result-banner', hidden: true });
  private readonly actions = h('div', { class: 'row toolbar' });
  private readonly viewerHost = h('div', { class: 'viewer', id: 'result-viewer' });
  /** Created with the first body to show (CodeMirror loads lazily); the latest text waits for it. */
  private viewer: Viewer | undefined;
  private viewerLoading: Promise<Viewer> | undefined;
  private viewerText: { readonly text: string; readonly asJson: boolean } = { text: '', asJson: false };

  constructor(private readonly nonce: string | undefined, private readonly act: ResultActions) {
    this.bodyPane.append(this.errorBox, this.banner, this.actions, this.media, this.viewerHost);
    this.clearBody();
  }

  /** A one-line progress message while a request runs. */
  progress(text: string): void {
    this.status.classList.remove('status-ok', 'status-error', 'status-cancelled');
    this.status.classList.add('status-running');
    this.status.textContent = text;
  }

  clearBody(): void {
    this.errorBox.hidden = true;
    this.banner.hidden = true;
    replaceChildren(this.actions);
    replaceChildren(this.media);
    this.viewerHost.hidden = true;
    this.setViewerText('', false);
    replaceChildren(this.headersPane, h('p', { class: 'note' }, 'No headers yet.'));
  }

  private setViewerText(text: string, asJson: boolean): void {
    this.viewerText = { text, asJson };
    if (this.viewer) this.viewer.setText(text, asJson);
    else if (text !== '') void this.ensureViewer();
  }

  private ensureViewer(): Promise<Viewer> {
    this.viewerLoading ??= loadEditors().then(({ createViewer }) => {
      const viewer = createViewer(this.viewerHost, this.nonce, 'Response body');
      viewer.setText(this.viewerText.text, this.viewerText.asJson);
      this.viewer = viewer;
      return viewer;
    });
    return this.viewerLoading;
  }

  showHeaders(headers: readonly HeaderView[]): void {
    if (headers.length === 0) {
      replaceChildren(this.headersPane, h('p', { class: 'note' }, 'No headers.'));
      return;
    }
    const rows = headers.map((hd) => h('tr', { class: hd.highlight ? 'header-highlight' : '' },
      h('th', { scope: 'row' }, hd.name), h('td', {}, hd.value)));
    replaceChildren(this.headersPane, h('table', { class: 'headers-table', 'aria-label': 'Response headers' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Header'), h('th', { scope: 'col' }, 'Value'))), h('tbody', {}, ...rows)));
  }

  /** Shows a finished run. */
  show(outcome: RunOutcome, result: ResultView): void {
    const parts = [OUTCOME_LABEL[outcome]];
    if (result.status !== undefined) parts.push(`${result.status}${result.statusText ? ` ${result.statusText}` : ''}`);
    parts.push(formatDuration(result.durationMs), formatSize(result.sizeBytes));
    this.status.classList.remove('status-running', 'status-ok', 'status-error', 'status-cancelled');
    this.status.classList.add(outcome === 'completed' && !result.error ? 'status-ok' : outcome === 'cancelled' ? 'status-cancelled' : 'status-error');
    this.status.textContent = parts.join(' · ');
    this.status.dataset.outcome = outcome;

    this.clearBody();
    this.showHeaders(result.headers);
    if (result.error) this.showError(result.error);
    const actions: HTMLElement[] = [];
    const body = result.body;
    switch (body.kind) {
      case 'json':
      case 'text':
        this.viewerHost.hidden = false;
        this.setViewerText(body.text, body.kind === 'json');
        actions.push(button('Search', () => void this.ensureViewer().then((v) => v.openSearch()), { secondary: true, title: 'Search the body (Ctrl/Cmd+F in the viewer)' }));
        if (body.truncated) {
          this.banner.hidden = false;
          replaceChildren(this.banner, `The response is ${formatSize(result.sizeBytes)}: showing only its start.`);
        }
        break;
      case 'audio':
        this.media.appendChild(body.src
          ? h('audio', { controls: true, src: body.src, 'aria-label': 'Audio response' })
          : h('p', { class: 'note' }, `Audio (${body.mime}) too large to play here; save it.`));
        break;
      case 'binary':
        this.media.appendChild(h('p', { class: 'note' }, `Binary response (${body.mime}, ${formatSize(result.sizeBytes)}).`));
        break;
      case 'stream':
        this.media.appendChild(h('p', { class: 'note' }, `Streamed ${body.events} events; see the Stream tab.`));
        break;
      case 'empty':
        if (!result.error && result.images.length === 0) this.media.appendChild(h('p', { class: 'note' }, 'Empty body.'));
        break;
      default:
        assertNever(body, 'body view');
    }
    for (const image of result.images) {
      if (image.src) this.media.appendChild(h('img', { src: image.src, alt: 'Image from the response', class: 'result-image' }));
      else if (image.url) this.media.appendChild(h('p', { class: 'note' }, 'Image at ', h('code', {}, image.url), ' (remote images are not loaded here).'));
    }
    if (result.canOpenInEditor) actions.push(button('Open in Editor', () => this.act.openInEditor(), { secondary: true, id: 'open-in-editor' }));
    if (result.canSave) actions.push(button('Save…', () => this.act.saveBody(), { secondary: true, id: 'save-body' }));
    replaceChildren(this.actions, ...actions);
  }

  private showError(error: ErrorView): void {
    this.errorBox.hidden = false;
    const facts: string[] = [];
    if (error.param) facts.push(`param: ${error.param}`);
    if (error.code) facts.push(`code: ${error.code}`);
    if (error.requestId) facts.push(`request id: ${error.requestId}`);
    if (error.retryAfterSeconds !== undefined) facts.push(`retry after ${error.retryAfterSeconds} s`);
    if (error.resets?.requests) facts.push(`requests reset in ${error.resets.requests}`);
    if (error.resets?.tokens) facts.push(`tokens reset in ${error.resets.tokens}`);
    replaceChildren(this.errorBox,
      h('strong', {}, error.message),
      error.hint ? h('p', {}, error.hint) : null,
      facts.length ? h('p', { class: 'note' }, facts.join(' · ')) : null);
  }
}
