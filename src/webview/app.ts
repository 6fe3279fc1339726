/**
 * The request builder in the webview: wires the views to the composed request (app-state.ts), hands
 * host messages to them (the dispatch below), and leaves runs to run-controller.ts. It talks to the
 * host only through the typed protocol and never sees a key value.
 */
import type { RouteInfo } from '../core/catalogue/route-types';
import { BuilderRequest, HistorySummary, HttpMethod, KeySummary, PROTOCOL_VERSION } from '../protocol/protocol';
import { ComposeState, SavedState, savedState } from './app-state';
import { h, replaceChildren } from './dom';
import { preloadEditors } from './editors';
import { buildExportBar } from './export-bar';
import { renderHistory } from './history-view';
import { HostBridge } from './host-bridge';
import { HostHandlers, dispatchHostMessage } from './host-dispatch';
import { Layout, buildLayout } from './layout';
import { Problem, problems, requestForRoute, requestForTemplate, withPath } from './request-edit';
import { RequestForm } from './request-form';
import { ResultPanel } from './result-view';
import { RoutePicker } from './route-picker';
import { RunController } from './run-controller';
import { StreamView } from './stream-view';
import { templateById } from './templates';
import { renderTopBar } from './top-bar';

/** How much of the page a change of the request redraws. */
type Redraw = 'none' | 'params' | 'form' | 'all';

export class App {
  private readonly bridge: HostBridge;
  private readonly layout: Layout = buildLayout();
  private readonly state = new ComposeState();
  private readonly form: RequestForm;
  private readonly picker: RoutePicker;
  private readonly result: ResultPanel;
  private readonly stream = new StreamView();
  private readonly runs: RunController;
  private pathField: HTMLElement | undefined;

  constructor(nonce: string | undefined) {
    this.bridge = new HostBridge((message) => dispatchHostMessage(message, this.handlers));
    this.picker = new RoutePicker((pick) => (pick.kind === 'route' ? this.pickRoute(pick.route) : this.pickCustom()));
    this.form = new RequestForm({
      request: () => this.state.request,
      route: () => this.state.route(),
      update: (next, rerender) => this.setRequest(next, rerender ? 'form' : 'none'),
      pickFile: (index) => void this.pickFile(index),
      applyTemplate: (id) => this.applyTemplate(id),
      resetToExample: () => this.resetToExample(),
      notify: (message) => this.notify(message),
    }, nonce);
    this.result = new ResultPanel(nonce, { openInEditor: () => void this.runs.resultAction('openResult'), saveBody: () => void this.runs.resultAction('saveResult') });
    this.runs = new RunController(this.bridge, this.layout, this.result, this.stream, {
      sendable: () => {
        const list = this.currentProblems();
        return list.length === 0 && this.state.keyId ? { ok: true, keyId: this.state.keyId } : { ok: false, problems: list };
      },
      request: () => this.state.request,
      refreshProblems: () => this.refreshProblems(),
      reveal: (problem) => this.reveal(problem),
      idleSeconds: () => this.state.idleSeconds,
      notify: (message) => this.notify(message),
      persist: () => this.persist(),
      selectResultTab: (index) => this.selectTab(this.layout.resultTabs, index),
    });
  }

  start(root: HTMLElement): void {
    const l = this.layout;
    root.replaceChildren(l.root);
    l.routeSlot.appendChild(this.picker.element);
    l.sendSlot.append(this.runs.sendButton, this.runs.cancelButton);
    l.paramsPanel.appendChild(this.form.params);
    l.headersPanel.appendChild(this.form.headers);
    l.bodyPanel.appendChild(this.form.body);
    l.resultStatus.appendChild(this.result.status);
    l.responsePanel.appendChild(this.result.bodyPane);
    l.streamPanel.appendChild(this.stream.element);
    l.resultHeadersPanel.appendChild(this.result.headersPane);
    buildExportBar(l, this.bridge, { request: () => this.state.request, keyId: () => this.state.keyId, notify: (m) => this.notify(m) });

    const saved = this.bridge.getState<SavedState>();
    if (saved?.v === 1) {
      this.state.request = saved.request;
      this.state.keyId = saved.keyId;
      if (saved.run) this.runs.showFinished(saved.run.runId, saved.run.outcome, saved.run.result, saved.run.streamText, saved.run.streamEvents);
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
        this.runs.send(false);
      }
    }, true);
    window.addEventListener('pagehide', () => this.bridge.flushState());
    // Marks on the page's own timeline, read by the benchmark (scripts/bench/webview.ts).
    performance.mark('builder-drawn');
    this.bridge.post({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  // ----- dispatch: what the page does with each host message (HostHandlers makes the list exhaustive)

  private readonly handlers: HostHandlers = {
    init: (m) => {
      this.state.idleSeconds = m.settings.streamIdleTimeoutSeconds;
      this.setKeys(m.keys, m.activeKeyId);
      this.setHistory(m.history);
    },
    routes: (m) => {
      this.state.setRoutes(m.routes);
      this.picker.setRoutes(m.routes);
      this.renderTop();
      this.form.render();
      this.refreshProblems();
      performance.mark('builder-routes');
      // The routes are listed: now the editor chunk may load, before the user opens the body.
      preloadEditors();
    },
    routesFailed: (m) => {
      this.notify(m.message);
      preloadEditors();
    },
    keys: (m) => this.setKeys(m.keys, m.activeKeyId),
    selectKey: (m) => {
      if (!this.state.hasKey(m.keyId)) return;
      this.chooseKey(m.keyId);
    },
    history: (m) => this.setHistory(m.entries),
    load: (m) => this.load(m.request, m.keyId, m.note, m.autoSend),
    // Replies to requests are settled by the bridge; a failed reply to a send means it never started.
    reply: (m) => this.runs.onReply(m.requestId, m.ok, m.ok ? undefined : m.message),
    permission: (m) => this.runs.onPermission(m.requestId, m.prompt.reason, m.prompt.canOverride),
    run: (m) => this.runs.onRun(m.requestId, m.event),
    protocolError: (m) => {
      this.notify(`Internal error: ${m.message}`);
      this.runs.onProtocolError(m.requestId);
    },
  };

  // ----- keys and history

  private setKeys(keys: readonly KeySummary[], activeKeyId: string | undefined): void {
    this.state.setKeys(keys, activeKeyId);
    this.renderTop();
    this.persist();
  }

  private chooseKey(id: string): void {
    this.state.keyId = id;
    this.renderTop();
    this.refreshProblems();
    this.persist();
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
    const s = this.state;
    this.pathField = renderTopBar(this.layout, this.picker, { keys: s.keys, keyId: s.keyId, key: s.key(), route: s.route(), method: s.request.method, path: s.request.path }, {
      chooseKey: (id) => this.chooseKey(id),
      chooseMethod: (method: HttpMethod) => {
        this.setRequest(withPath({ ...s.request, method }, s.request.path, s.route()), 'form');
        this.picker.setCurrent(s.route(), true);
      },
      typePath: (path) => {
        const before = s.route();
        this.setRequest(withPath(s.request, path, before), 'params');
        if (before && !s.route()) this.picker.setCurrent(undefined, true);
      },
    });
  }

  /** Stores the request and redraws what `redraw` says. */
  private setRequest(next: BuilderRequest, redraw: Redraw): void {
    this.state.request = next;
    if (redraw === 'params') this.form.renderParams();
    if (redraw === 'form') this.form.render();
    if (redraw === 'all') {
      this.renderTop();
      this.form.render();
    }
    this.refreshProblems();
    this.persist();
  }

  private pickRoute(route: RouteInfo): void {
    const next = requestForRoute(route);
    this.setRequest({ ...next, headers: this.state.request.headers }, 'all');
    this.notify(route.shutDown ? `${route.tag} was shut down on ${route.shutDown}; the call will likely fail.` : route.deprecated ? `${route.method} ${route.path} is deprecated.` : '');
  }

  private pickCustom(): void {
    const { operationId: _o, ...rest } = this.state.request;
    this.setRequest(rest, 'all');
    this.pathField?.focus();
  }

  private applyTemplate(id: string): void {
    const template = templateById(id);
    if (!template) return;
    this.setRequest({ ...requestForTemplate(template, this.state.routeById(template.operationId)), headers: this.state.request.headers }, 'all');
    this.notify(`Template: ${template.label}.`);
  }

  private resetToExample(): void {
    const route = this.state.route();
    if (!route) return;
    const example = requestForRoute(route);
    this.setRequest({ ...this.state.request, bodyKind: example.bodyKind, body: example.body, form: example.form, stream: false }, 'form');
  }

  private load(request: BuilderRequest, keyId: string | undefined, note: string | undefined, autoSend: boolean): void {
    if (keyId && this.state.hasKey(keyId)) this.state.keyId = keyId;
    this.setRequest(request, 'all');
    this.notify(note ?? '');
    this.selectTab(this.layout.requestTabs, request.bodyKind === 'none' ? 0 : 2);
    if (autoSend) this.runs.send(false);
  }

  private async pickFile(index: number): Promise<void> {
    const part = this.state.request.form[index];
    if (!part) return;
    try {
      const reply = await this.bridge.request({ type: 'pickFile', field: part.name || 'file' });
      const form = this.state.request.form.map((p, i) => (i === index ? { kind: 'file' as const, name: p.name, file: reply.file } : p));
      this.setRequest({ ...this.state.request, form }, 'form');
    } catch (error) {
      this.notify((error as Error).message);
    }
  }

  private currentProblems(): Problem[] {
    const list = problems(this.state.request, this.state.route());
    if (!this.state.key()) list.unshift({ where: 'path', message: 'Choose a key (add one in the OpenAI Keys view first).' });
    return list;
  }

  private refreshProblems(): void {
    const list = this.currentProblems();
    this.form.showProblems(list);
    replaceChildren(this.layout.problems, ...list.map((p) => h('li', {}, p.message)));
    this.runs.updateSend(list.length);
  }

  /** Opens the tab that holds the problem. */
  private reveal(problem: Problem): void {
    if (problem.where === 'body') {
      this.selectTab(this.layout.requestTabs, 2);
      this.form.focusBody();
    } else if (problem.where === 'params') this.selectTab(this.layout.requestTabs, 0);
    else if (problem.where === 'headers') this.selectTab(this.layout.requestTabs, 1);
  }

  // ----- helpers

  private notify(message: string): void {
    this.layout.notice.textContent = message;
  }

  private selectTab(tabs: HTMLElement, index: number): void {
    (tabs as HTMLElement & { selectedIndex: number }).selectedIndex = index;
  }

  private persist(): void {
    this.bridge.setState(savedState(this.state.request, this.state.keyId, this.runs.lastRun));
  }
}
