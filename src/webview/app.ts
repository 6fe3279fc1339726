/**
 * The request builder in the webview: holds the composed request and the last result, renders
 * them, and talks to the host only through the typed protocol. It never sees a key value.
 */
import type { RouteInfo } from '../core/catalogue/route-types';
import {
  BuilderRequest, ExportFormat, HistorySummary, HTTP_METHODS, HttpMethod, KeySummary, PROTOCOL_VERSION, ResultView,
  RunEvent, RunOutcome, assertNever, emptyRequest,
} from '../protocol/protocol';
import { button, select, setDisabled, textField } from './controls';
import { formatDuration, h, replaceChildren } from './dom';
import { RunPhase, SavedState, savedState } from './app-state';
import { renderCurlImport } from './curl-import-view';
import { renderHistory } from './history-view';
import { HostBridge } from './host-bridge';
import { HostHandlers, dispatchHostMessage } from './host-dispatch';
import { Layout, buildLayout } from './layout';
import { hidePermission, showPermission } from './permission-banner';
import { Problem, problems, requestForRoute, requestForTemplate, withPath } from './request-edit';
import { RequestForm } from './request-form';
import { ResultPanel } from './result-view';
import { RoutePicker } from './route-picker';
import { StreamView } from './stream-view';
import { templateById } from './templates';

export class App {
  private readonly bridge: HostBridge;
  private readonly layout: Layout = buildLayout();
  private request: BuilderRequest = emptyRequest();
  private keyId: string | undefined;
  private keys: readonly KeySummary[] = [];
  private readonly routesById = new Map<string, RouteInfo>();
  private idleSeconds = 30;
  private runId: string | undefined;
  private phase: RunPhase = 'idle';
  private lastRun: SavedState['run'];
  private readonly form: RequestForm;
  private readonly picker: RoutePicker;
  private readonly result: ResultPanel;
  private readonly stream = new StreamView();
  private readonly sendButton: HTMLElement;
  private readonly cancelButton: HTMLElement;
  private methodSelect: HTMLElement | undefined;
  private pathField: (HTMLElement & { value: string }) | undefined;

  constructor(nonce: string | undefined) {
    this.bridge = new HostBridge((message) => dispatchHostMessage(message, this.handlers));
    this.picker = new RoutePicker((pick) => (pick.kind === 'route' ? this.pickRoute(pick.route) : this.pickCustom()));
    this.form = new RequestForm({
      request: () => this.request,
      route: () => this.route(),
      update: (next, rerender) => this.setRequest(next, rerender ? 'form' : 'none'),
      pickFile: (index) => void this.pickFile(index),
      applyTemplate: (id) => this.applyTemplate(id),
      resetToExample: () => this.resetToExample(),
      notify: (message) => this.notify(message),
    }, nonce);
    this.result = new ResultPanel(nonce, { openInEditor: () => void this.resultAction('openResult'), saveBody: () => void this.resultAction('saveResult') });
    this.sendButton = button('Send', () => this.send(false), { id: 'send', title: 'Send (Ctrl/Cmd+Enter)' });
    this.cancelButton = button('Cancel', () => this.cancel(), { id: 'cancel', secondary: true, disabled: true });
  }

  start(root: HTMLElement): void {
    const l = this.layout;
    root.replaceChildren(l.root);
    l.routeSlot.appendChild(this.picker.element);
    l.sendSlot.append(this.sendButton, this.cancelButton);
    l.paramsPanel.appendChild(this.form.params);
    l.headersPanel.appendChild(this.form.headers);
    l.bodyPanel.appendChild(this.form.body);
    l.resultStatus.appendChild(this.result.status);
    l.responsePanel.appendChild(this.result.bodyPane);
    l.streamPanel.appendChild(this.stream.element);
    l.resultHeadersPanel.appendChild(this.result.headersPane);
    l.exportSlot.append(
      button('Copy as curl', () => void this.exportAs('curl'), { secondary: true, id: 'copy-curl' }),
      button('Copy Node', () => void this.exportAs('node'), { secondary: true, id: 'copy-node' }),
      button('Copy Python', () => void this.exportAs('python'), { secondary: true, id: 'copy-python' }),
      button('Save Request…', () => void this.saveRequest(), { secondary: true, id: 'save-request' }),
    );
    this.renderCurlImport();

    const saved = this.bridge.getState<SavedState>();
    if (saved?.v === 1) {
      this.request = saved.request;
      this.keyId = saved.keyId;
      if (saved.run) this.showFinished(saved.run.runId, saved.run.outcome, saved.run.result, saved.run.streamText, saved.run.streamEvents);
    }
    this.renderTop();
    this.form.render();
    this.refreshProblems();

    // Capture phase, so the JSON editor's own Mod-Enter binding never sees it.
    window.addEventListener('keydown', (e) => {
      // Ctrl+Enter or Cmd+Enter: the page cannot tell which platform the user's keyboard belongs to.
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        e.stopPropagation();
        this.send(false);
      }
    }, true);
    window.addEventListener('pagehide', () => this.bridge.flushState());
    this.bridge.post({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  // ----- messages from the host

  /** What the page does with each host message (HostHandlers makes the list exhaustive). */
  private readonly handlers: HostHandlers = {
    init: (m) => {
      this.idleSeconds = m.settings.streamIdleTimeoutSeconds;
      this.setKeys(m.keys, m.activeKeyId);
      this.setHistory(m.history);
    },
    routes: (m) => {
      this.routesById.clear();
      for (const r of m.routes) this.routesById.set(r.operationId, r);
      this.picker.setRoutes(m.routes);
      this.renderTop();
      this.form.render();
      this.refreshProblems();
    },
    routesFailed: (m) => this.notify(m.message),
    keys: (m) => this.setKeys(m.keys, m.activeKeyId),
    selectKey: (m) => {
      if (!this.keys.some((k) => k.id === m.keyId)) return;
      this.keyId = m.keyId;
      this.renderTop();
      this.refreshProblems();
      this.persist();
    },
    history: (m) => this.setHistory(m.entries),
    load: (m) => this.load(m.request, m.keyId, m.note, m.autoSend),
    // Replies to requests are settled by the bridge; a failed reply to a send means it never started.
    reply: (m) => {
      if (m.requestId === this.runId && !m.ok) this.runRefused(m.message);
    },
    permission: (m) => {
      if (m.requestId === this.runId) this.askPermission(m.prompt.reason, m.prompt.canOverride);
    },
    run: (m) => this.onRun(m.requestId, m.event),
    protocolError: (m) => {
      this.notify(`Internal error: ${m.message}`);
      if (m.requestId === this.runId) this.setPhase('idle');
    },
  };

  private onRun(requestId: string, event: RunEvent): void {
    // After a reload the host replays the last run, whose id this page has not seen yet.
    if (requestId !== this.runId) {
      if (event.kind !== 'started') return;
      this.runId = requestId;
    }
    switch (event.kind) {
      case 'started':
        this.setPhase('running');
        this.hidePermission();
        this.stream.reset();
        this.result.clearBody();
        this.result.progress(`Sending ${event.method} ${event.url} with key '${event.keyName}'…`);
        if (event.streaming) this.selectResultTab(1);
        return;
      case 'retrying':
        this.result.progress(`Waiting ${formatDuration(event.delayMs)} before retry ${event.attempt} of ${event.maxRetries}: ${event.reason}`);
        return;
      case 'headers':
        this.result.showHeaders(event.headers);
        this.result.progress(`${event.status} ${event.statusText} · receiving…`);
        return;
      case 'events':
        this.stream.push(event.events, event.text, event.total);
        this.result.progress(`Streaming · ${event.total} events (ends after ${this.idleSeconds} s of silence)`);
        return;
      case 'done':
        this.stream.flush();
        this.showFinished(requestId, event.outcome, event.result, this.stream.assembledText, this.stream.eventCount);
        this.setPhase('idle');
        this.persist();
        return;
      default:
        assertNever(event, 'run event');
    }
  }

  private showFinished(runId: string, outcome: RunOutcome, result: ResultView, streamText: string, streamEvents: number): void {
    this.runId = runId;
    this.result.show(outcome, result);
    if (this.stream.eventCount !== streamEvents || this.stream.assembledText !== streamText) this.stream.reset(streamText, streamEvents);
    this.lastRun = { runId, outcome, result, streamText, streamEvents };
  }

  // ----- keys, routes, history

  private setKeys(keys: readonly KeySummary[], activeKeyId: string | undefined): void {
    this.keys = keys;
    if (!this.keyId || !keys.some((k) => k.id === this.keyId)) this.keyId = activeKeyId ?? keys[0]?.id;
    this.renderTop();
    this.persist();
  }

  private key(): KeySummary | undefined {
    return this.keys.find((k) => k.id === this.keyId);
  }

  private route(): RouteInfo | undefined {
    return this.request.operationId ? this.routesById.get(this.request.operationId) : undefined;
  }

  private setHistory(entries: readonly HistorySummary[]): void {
    renderHistory(this.layout.historySlot, entries, {
      load: (entryId) => void this.bridge.request({ type: 'loadHistory', entryId }).catch((err: Error) => this.notify(err.message)),
      clear: () => void this.clearHistory(),
    });
  }

  private async clearHistory(): Promise<void> {
    try {
      await this.bridge.request({ type: 'clearHistory' });
    } catch (error) {
      this.notify((error as Error).message);
    }
  }

  // ----- composing

  private renderTop(): void {
    const l = this.layout;
    const key = this.key();
    const keyChoices = this.keys.map((k) => ({
      value: k.id,
      label: `${k.active ? '● ' : ''}${k.name}`,
      description: `${k.kindLabel} · ${k.levelLabel} · ${k.masked}${k.secretMissing ? ' · secret missing' : ''}`,
    }));
    replaceChildren(l.keySlot, this.keys.length
      ? select(keyChoices, this.keyId ?? '', 'Key', (id) => {
        this.keyId = id;
        this.renderTop();
        this.refreshProblems();
        this.persist();
      }, 'key-select')
      : h('span', { class: 'note', id: 'key-select' }, 'No keys yet: add one in the OpenAI Keys view.'));
    l.keyInfo.textContent = key ? `${key.kindLabel} · ${key.levelLabel} · ${key.masked} · ${key.origin}` : '';
    this.picker.setAdmin(key?.admin ?? false);
    this.picker.setCurrent(this.route(), this.request.path !== '' && !this.route());

    this.methodSelect = select(HTTP_METHODS.map((m) => ({ value: m, label: m })), this.request.method, 'HTTP method', (m) => {
      this.setRequest(withPath({ ...this.request, method: m as HttpMethod }, this.request.path, this.route()), 'form');
      this.picker.setCurrent(this.route(), true);
    }, 'method-select');
    replaceChildren(l.methodSlot, this.methodSelect);
    this.pathField = textField(this.request.path, { label: 'Path', placeholder: '/responses', id: 'path-field' }, (path) => {
      const before = this.route();
      this.setRequest(withPath(this.request, path, before), 'params');
      if (before && !this.route()) this.picker.setCurrent(undefined, true);
    }) as HTMLElement & { value: string };
    replaceChildren(l.pathSlot, this.pathField);
  }

  /** Stores the request; `render` says how much of the form to rebuild. */
  private setRequest(next: BuilderRequest, render: 'none' | 'params' | 'form' | 'all'): void {
    this.request = next;
    if (render === 'params') this.form.renderParams();
    if (render === 'form') this.form.render();
    if (render === 'all') {
      this.renderTop();
      this.form.render();
    }
    this.refreshProblems();
    this.persist();
  }

  private pickRoute(route: RouteInfo): void {
    const next = requestForRoute(route);
    this.setRequest({ ...next, headers: this.request.headers }, 'all');
    this.notify(route.shutDown ? `${route.tag} was shut down on ${route.shutDown}; the call will likely fail.` : route.deprecated ? `${route.method} ${route.path} is deprecated.` : '');
  }

  private pickCustom(): void {
    const { operationId: _o, ...rest } = this.request;
    this.setRequest(rest, 'all');
    this.pathField?.focus();
  }

  private applyTemplate(id: string): void {
    const template = templateById(id);
    if (!template) return;
    this.setRequest({ ...requestForTemplate(template, this.routesById.get(template.operationId)), headers: this.request.headers }, 'all');
    this.notify(`Template: ${template.label}.`);
  }

  private resetToExample(): void {
    const route = this.route();
    if (!route) return;
    const example = requestForRoute(route);
    this.setRequest({ ...this.request, bodyKind: example.bodyKind, body: example.body, form: example.form, stream: false }, 'form');
  }

  private load(request: BuilderRequest, keyId: string | undefined, note: string | undefined, autoSend: boolean): void {
    if (keyId && this.keys.some((k) => k.id === keyId)) this.keyId = keyId;
    this.setRequest(request, 'all');
    this.notify(note ?? '');
    this.selectRequestTab(request.bodyKind === 'none' ? 0 : 2);
    if (autoSend) this.send(false);
  }

  private async pickFile(index: number): Promise<void> {
    const part = this.request.form[index];
    if (!part) return;
    try {
      const reply = await this.bridge.request({ type: 'pickFile', field: part.name || 'file' });
      const form = this.request.form.map((p, i) => (i === index ? { kind: 'file' as const, name: p.name, file: reply.file } : p));
      this.setRequest({ ...this.request, form }, 'form');
    } catch (error) {
      this.notify((error as Error).message);
    }
  }

  private currentProblems(): Problem[] {
    const list = problems(this.request, this.route());
    if (!this.key()) list.unshift({ where: 'path', message: 'Choose a key (add one in the OpenAI Keys view first).' });
    return list;
  }

  private refreshProblems(): void {
    const list = this.currentProblems();
    this.form.showProblems(list);
    replaceChildren(this.layout.problems, ...list.map((p) => h('li', {}, p.message)));
    setDisabled(this.sendButton, list.length > 0 || this.phase !== 'idle');
  }

  // ----- running

  private send(override: boolean): void {
    if (this.phase !== 'idle' && !override) return;
    const list = this.currentProblems();
    if (list.length > 0) {
      this.refreshProblems();
      const first = list[0] as Problem;
      this.notify(`Not sent: ${first.message}`);
      if (first.where === 'body') {
        this.selectRequestTab(2);
        this.form.focusBody();
      } else if (first.where === 'params') this.selectRequestTab(0);
      else if (first.where === 'headers') this.selectRequestTab(1);
      return;
    }
    const keyId = this.keyId as string;
    this.runId = this.bridge.newId('run');
    this.hidePermission();
    this.setPhase('checking');
    this.result.progress('Checking the key\'s permissions…');
    this.bridge.post({ type: 'send', requestId: this.runId, keyId, request: this.request, override });
  }

  private cancel(): void {
    if (!this.runId || this.phase === 'idle') return;
    this.bridge.post({ type: 'cancel', requestId: this.runId });
    if (this.phase === 'checking') {
      // Nothing runs yet: forget the id, so a late permission answer shows nothing.
      this.runId = undefined;
      this.hidePermission();
      this.setPhase('idle');
      this.result.progress('Not sent.');
    } else this.setPhase('cancelling');
  }

  private runRefused(message: string): void {
    this.setPhase('idle');
    this.result.progress(message);
    this.notify(message);
  }

  private askPermission(reason: string, canOverride: boolean): void {
    showPermission(this.layout.permission, reason, canOverride ? () => this.send(true) : undefined, () => this.cancel());
    this.result.progress(canOverride ? 'Waiting for your choice.' : 'Refused.');
    if (!canOverride) this.setPhase('idle');
  }

  private hidePermission(): void {
    hidePermission(this.layout.permission);
  }

  private setPhase(phase: RunPhase): void {
    this.phase = phase;
    setDisabled(this.cancelButton, phase === 'idle');
    this.refreshProblems();
    document.body.dataset.phase = phase;
  }

  private async resultAction(type: 'openResult' | 'saveResult'): Promise<void> {
    if (!this.runId) return;
    try {
      const reply = await this.bridge.request({ type, runId: this.runId });
      if (reply.kind === 'saved') this.notify(`Saved the response body as ${reply.relativePath}.`);
    } catch (error) {
      this.notify((error as Error).message);
    }
  }

  // ----- export, import, save

  private async exportAs(format: ExportFormat): Promise<void> {
    try {
      const reply = await this.bridge.request({ type: 'export', format, request: this.request, ...(this.keyId ? { keyId: this.keyId } : {}) });
      this.layout.snippet.hidden = false;
      this.layout.snippet.textContent = reply.text;
      this.notify(reply.copied ? `Copied as ${format === 'curl' ? 'curl' : format === 'node' ? 'Node' : 'Python'}; the key is read from $OPENAI_API_KEY.` : 'Could not reach the clipboard; copy the text below.');
    } catch (error) {
      this.notify((error as Error).message);
    }
  }

  private renderCurlImport(): void {
    renderCurlImport(this.layout.curlSlot, async (text) => {
      try {
        await this.bridge.request({ type: 'importCurl', ...(text.trim() ? { text } : {}) });
        return true;
      } catch (error) {
        this.notify((error as Error).message);
        return false;
      }
    });
  }

  private async saveRequest(): Promise<void> {
    try {
      const reply = await this.bridge.request({ type: 'saveRequest', request: this.request, ...(this.keyId ? { keyId: this.keyId } : {}) });
      this.notify(`Saved as ${reply.relativePath}.`);
    } catch (error) {
      this.notify((error as Error).message);
    }
  }

  // ----- helpers

  private notify(message: string): void {
    this.layout.notice.textContent = message;
  }

  private selectRequestTab(index: number): void {
    (this.layout.requestTabs as HTMLElement & { selectedIndex: number }).selectedIndex = index;
  }

  private selectResultTab(index: number): void {
    (this.layout.resultTabs as HTMLElement & { selectedIndex: number }).selectedIndex = index;
  }

  private persist(): void {
    this.bridge.setState(savedState(this.request, this.keyId, this.lastRun));
  }
}
