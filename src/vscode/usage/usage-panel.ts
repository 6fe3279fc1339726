/**
 * The Usage panel: its webview, its message router, and the loads behind it. The host reads the
 * Admin API with the admin key (through the usage data layer); the page gets reports that hold
 * labels and numbers only. Every message goes out through `post`, which masks any known secret as a
 * last line of defence and lets tests see what was posted.
 */
import * as vscode from 'vscode';
import { redactDeep, redactError } from '../../core/common/redaction';
import type { UsageRange, UsageReport } from '../../core/usage/usage-report';
import { USAGE_PROTOCOL_VERSION, UsageHostMessage, UsageRangeChoice, UsageReplyMap, rangeOf } from '../../protocol/usage-protocol';
import { Disposable } from '../common/disposable';
import type { Services } from '../common/services';
import { usageHtml, usageWebviewOptions } from './usage-html';
import { UsagePanelSpend } from './usage-panel-spend';
import { UsageRouter } from './usage-router';
import type { UsageService } from './usage-service';

export const USAGE_VIEW_TYPE = 'openaiConnector.usage';

/** Reads one report for a range, calling `onReport` with each partial report. */
export type UsageLoader = (range: UsageRange, onReport: (report: UsageReport) => void, token: vscode.CancellationToken) => Promise<UsageReport>;

export interface UsagePanelContext {
  readonly services: Services;
  readonly adminKeyName: string;
  readonly loader: UsageLoader;
  /** Budgets, month-to-date spend and spend controls, read with the panel's admin key. */
  readonly usage: UsageService;
  readonly csv: (report: UsageReport) => string;
  /** Sees every message posted to the page (tests only). */
  readonly observe?: (message: UsageHostMessage) => void;
  /** Replaces the save dialog when it returns an answer (tests only; `{ uri: undefined }` = cancelled). */
  readonly saveOverride?: () => { readonly uri: vscode.Uri | undefined } | undefined;
  readonly now?: () => number;
}

interface Running {
  readonly source: vscode.CancellationTokenSource;
  readonly done: Promise<void>;
}

export class UsagePanel extends Disposable {
  private readonly router: UsageRouter;
  private readonly loads = new Map<string, Running>();
  private shown: UsageReport | undefined;
  /** The load whose reports are shown; older loads' late reports are dropped. */
  private current: string | undefined;
  private focus: { projectId?: string; range: UsageRangeChoice } = { range: { kind: 'preset', days: 30 } };
  private readonly disposedEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(readonly panel: vscode.WebviewPanel, private readonly ctx: UsagePanelContext) {
    super();
    const { services } = ctx;
    const spend = new UsagePanelSpend(services, ctx.usage, () => this.shown, ctx.now);
    panel.webview.options = usageWebviewOptions(services.context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'openai-connector.svg');
    this.router = new UsageRouter({
      ready: () => this.onReady(),
      load: (m) => this.load(m.requestId, m.range),
      cancel: (m) => this.cancel(m.requestId),
      exportCsv: () => this.exportCsv(),
      budgets: () => spend.budgets(),
      setBudget: (m) => spend.setBudget(m.kind, m.subjectId, m.amount),
      spendControls: () => spend.spendControls(),
      spendAction: (m) => spend.spendAction(m.action, m.projectId),
    }, (m) => this.post(m), (reason) => services.logger.warn('usage', `Rejected a message from the page: ${reason}`));
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(panel.onDidDispose(() => {
      this.cancelAll();
      this.disposedEmitter.fire();
      this.dispose();
    }));
    this.register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.router.reset();
    }));
    panel.webview.html = usageHtml(panel.webview, services.context.extensionUri);
  }

  /** Starts over with this project in focus (the page reloads its range). */
  show(focusProjectId: string | undefined): void {
    this.focus = { ...this.focus, ...(focusProjectId ? { projectId: focusProjectId } : {}) };
    this.panel.reveal(undefined, false);
    if (this.router.isReady) void this.onReady();
  }

  receive(raw: unknown): Promise<void> {
    return this.router.receive(raw).catch((error: unknown) => {
      this.ctx.services.logger.error('usage', `Message handling failed: ${redactError(error)}`);
    });
  }

  get isReady(): boolean {
    return this.router.isReady;
  }

  /** The report now shown (what Export CSV writes). */
  get report(): UsageReport | undefined {
    return this.shown;
  }

  /** Waits for every running load to end (tests and the benchmark). */
  async settled(): Promise<void> {
    await Promise.all([...this.loads.values()].map((r) => r.done));
  }

  post(message: UsageHostMessage): void {
    const safe = redactDeep(message, this.ctx.services.vault.knownSecrets());
    if (safe !== message) this.ctx.services.logger.warn('usage', `A ${message.type} message carried key material; it was masked before reaching the page.`);
    this.ctx.observe?.(safe);
    void this.panel.webview.postMessage(safe);
  }

  private onReady(): void {
    this.post({
      type: 'init', protocol: USAGE_PROTOCOL_VERSION, adminKeyName: this.ctx.adminKeyName, range: this.focus.range,
      ...(this.focus.projectId ? { focusProjectId: this.focus.projectId } : {}),
    });
  }

  private load(requestId: string, choice: UsageRangeChoice): UsageReplyMap['load'] {
    const range = rangeOf(choice, (this.ctx.now ?? Date.now)());
    if (!range) throw new Error('That range is not a valid range of days.');
    if (this.loads.has(requestId)) throw new Error('A load with this id is already running.');
    this.focus = { ...this.focus, range: choice };
    // One load at a time: a new range replaces the one still reading.
    this.cancelAll();
    this.current = requestId;
    const source = new vscode.CancellationTokenSource();
    const onReport = (report: UsageReport): void => {
      // The loader may hand its final report to onReport and return it too: the page draws it once.
      if (this.current !== requestId || report === this.shown) return;
      this.shown = report;
      this.post({ type: 'report', requestId, report });
    };
    const done = this.ctx.loader(range, onReport, source.token).then(onReport, (error: unknown) => {
      const message = redactError(error);
      this.ctx.services.logger.warn('usage', `Reading usage failed: ${message}`);
      this.post({ type: 'loadFailed', requestId, message: `Usage and costs could not be read: ${message}` });
    }).finally(() => {
      source.dispose();
      this.loads.delete(requestId);
    });
    this.loads.set(requestId, { source, done });
    return { kind: 'accepted' };
  }

  private cancel(requestId: string): UsageReplyMap['cancel'] {
    const running = this.loads.get(requestId);
    running?.source.cancel();
    return { kind: 'cancelled', wasRunning: running !== undefined };
  }

  private cancelAll(): void {
    for (const running of this.loads.values()) running.source.cancel();
  }

  private async exportCsv(): Promise<UsageReplyMap['exportCsv']> {
    const report = this.shown;
    if (!report) throw new Error('There is no report to export yet.');
    const text = this.ctx.csv(report);
    const from = new Date(report.range.startTime * 1000).toISOString().slice(0, 10);
    const to = new Date((report.range.endTime - 86_400) * 1000).toISOString().slice(0, 10);
    const name = `openai-usage-${from}-to-${to}.csv`;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const override = this.ctx.saveOverride?.();
    const uri = override
      ? override.uri
      : await vscode.window.showSaveDialog({ title: 'Export Usage as CSV', saveLabel: 'Export', filters: { CSV: ['csv'] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
    if (!uri) return { kind: 'exported', saved: false, rows: 0 };
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const rows = Math.max(0, text.split('\n').filter((l) => l.length > 0).length - 1);
    this.ctx.services.logger.info('usage', `Exported ${rows} CSV rows to ${uri.fsPath}.`);
    return { kind: 'exported', saved: true, fileName: uri.path.split('/').pop() ?? name, rows };
  }
}
