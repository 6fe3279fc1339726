/**
 * One request builder panel: the webview, its message router and the handlers behind it. Every
 * message to the page goes through `post`, which scrubs any known secret as a last line of
 * defence and lets tests observe what was posted.
 */
import * as vscode from 'vscode';
import { loadRouteCatalogue } from '../../core/catalogue/route-catalogue';
import { RedactionMemo, redact, redactDeep, redactError } from '../../core/common/redaction';
import { UserError, isUserError } from '../../core/common/user-error';
import { BuilderRequest, HostMessage, LoadSource, PROTOCOL_VERSION, ReplyMap, RequestType } from '../../protocol/protocol';
import { Disposable } from '../common/disposable';
import type { Services } from '../common/services';
import { BuilderRuns } from '../../builder/builder-runs';
import { CurlTools, matchRoute } from '../../builder/curl-tools';
import type { FileRegistry } from './file-registry';
import { requestFromHistory } from '../../builder/history-mapping';
import type { HistoryStore } from './history-store';
import { keySummary } from '../../builder/key-summary';
import { MessageHandlers, MessageRouter } from '../../builder/message-router';
import type { SavedRequestStore } from './saved-requests';
import { webviewHtml, webviewOptions } from './webview-html';

export { VIEW_TYPE } from './view-type';

/** Hooks for tests and for the controller: what a panel needs from outside. */
export interface PanelContext {
  readonly services: Services;
  readonly history: HistoryStore;
  readonly saved: SavedRequestStore;
  readonly files: FileRegistry;
  readonly curl: CurlTools;
  /** Sees every message posted to the page (tests only). */
  readonly observe?: (message: HostMessage) => void;
  /** Replaces the open-file dialog (tests only). */
  readonly pickFileOverride?: () => vscode.Uri | undefined;
  /** Called when the user asks to import a curl command (the controller parses and loads it). */
  readonly importCurl: (panel: BuilderPanel, text: string | undefined) => Promise<void>;
  /** Writes a saved request (the controller asks for the name). */
  readonly saveRequest: (request: BuilderRequest, keyId: string | undefined, name: string | undefined) => Promise<{ name: string; relativePath: string }>;
}

type Load = Extract<HostMessage, { type: 'load' }>;

/** How long history changes are gathered into one list message. */
const HISTORY_POST_MS = 50;

export class BuilderPanel extends Disposable {
  private readonly router: MessageRouter;
  private readonly runs: BuilderRuns;
  private pendingLoad: Load | undefined;
  private pendingKey: string | undefined;
  /** Frozen parts of messages (the history list) already found clean: not walked again. */
  private readonly cleanParts = new RedactionMemo();
  private closed = false;
  private historyPostQueued = false;
  private readonly disposedEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposedEmitter.event;

  constructor(readonly panel: vscode.WebviewPanel, private readonly ctx: PanelContext) {
    super();
    const { services } = ctx;
    panel.webview.options = webviewOptions(services.context.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'openai-connector.svg');
    this.runs = new BuilderRuns(services, ctx.history, (id) => ctx.files.lookup(id), (m) => this.post(m));
    this.router = new MessageRouter(this.handlers(), (m) => this.post(m), (reason) => services.logger.warn('request-builder', `Rejected a message from the page: ${reason}`));
    this.register(panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(services.vault.onDidChange(() => this.postKeys()));
    this.register(ctx.history.onDidChange(() => this.postHistorySoon()));
    this.register(panel.onDidDispose(() => {
      this.runs.cancelAll();
      this.disposedEmitter.fire();
      this.dispose();
    }));
    // Without retainContextWhenHidden the page is rebuilt on every show and says ready again.
    this.register(panel.onDidChangeViewState(() => {
      if (!panel.visible) this.router.reset();
    }));
    panel.webview.html = webviewHtml(panel.webview, services.context.extensionUri);
  }

  /** Handles one raw message as if the page had posted it. */
  receive(raw: unknown): Promise<void> {
    return this.router.receive(raw).catch((error: unknown) => {
      this.ctx.services.logger.error('request-builder', `Message handling failed: ${redactError(error)}`);
    });
  }

  get isReady(): boolean {
    return this.router.isReady;
  }

  get runningCount(): number {
    return this.runs.running;
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Puts a request into the builder (now, or as soon as the page is ready). */
  load(request: BuilderRequest, source: LoadSource, opts: { keyId?: string; autoSend?: boolean; note?: string } = {}): void {
    const message: Load = {
      type: 'load', request, source, autoSend: opts.autoSend ?? false,
      ...(opts.keyId ? { keyId: opts.keyId } : {}),
      ...(opts.note ? { note: opts.note } : {}),
    };
    if (this.router.isReady) this.post(message);
    else this.pendingLoad = message;
  }

  selectKey(keyId: string): void {
    if (this.router.isReady) this.post({ type: 'selectKey', keyId });
    else this.pendingKey = keyId;
  }

  /**
   * The one way out to the page: every string of every message passes through key-shape
   * redaction (any key, Bearer token or JWT, plain or encoded, and the vault's own keys).
   */
  post(message: HostMessage): void {
    const safe = redactDeep(message, this.ctx.services.vault.knownSecrets(), this.cleanParts);
    if (safe !== message) this.ctx.services.logger.warn('request-builder', `A ${message.type} message carried key material; it was masked before reaching the page.`);
    this.ctx.observe?.(safe);
    void this.panel.webview.postMessage(safe);
  }

  override dispose(): void {
    this.closed = true;
    super.dispose();
  }

  /**
   * The history list, once for every change within HISTORY_POST_MS: requests that finish close
   * together (16 at once, a quick sequence, or a clear right after an add) cost one list message,
   * posted after their results and too soon after them for the eye to tell.
   */
  private postHistorySoon(): void {
    if (this.historyPostQueued) return;
    this.historyPostQueued = true;
    setTimeout(() => {
      this.historyPostQueued = false;
      if (!this.closed) this.post({ type: 'history', entries: this.ctx.history.summaries() });
    }, HISTORY_POST_MS);
  }

  private postKeys(): void {
    const { vault } = this.ctx.services;
    const active = vault.activeKey()?.id;
    const keys = vault.visibleKeys().map((k) => keySummary(k, active, vault.isSecretMissing(k.id)));
    this.post({ type: 'keys', keys, ...(active ? { activeKeyId: active } : {}) });
  }

  private async onReady(): Promise<void> {
    const { vault, settings } = this.ctx.services;
    const active = vault.activeKey()?.id;
    this.post({
      type: 'init',
      protocol: PROTOCOL_VERSION,
      keys: vault.visibleKeys().map((k) => keySummary(k, active, vault.isSecretMissing(k.id))),
      ...(active ? { activeKeyId: active } : {}),
      history: this.ctx.history.summaries(),
      settings: { streamIdleTimeoutSeconds: settings.streamIdleTimeoutMs / 1000, maxRetries: settings.maxRetries },
    });
    try {
      const catalogue = await loadRouteCatalogue();
      this.post({ type: 'routes', routes: catalogue.routes, specVersion: catalogue.specVersion });
    } catch (error) {
      this.post({ type: 'routesFailed', message: `The route list could not be loaded (${redactError(error)}); type a custom path instead.` });
    }
    for (const message of this.runs.replayMessages()) this.post(message);
    if (this.pendingKey) this.post({ type: 'selectKey', keyId: this.pendingKey });
    if (this.pendingLoad) this.post(this.pendingLoad);
    this.pendingKey = undefined;
    this.pendingLoad = undefined;
  }

  /** The reply to a request, of the type its request type calls for. */
  private reply<T extends RequestType>(m: { readonly type: T; readonly requestId: string }, body: ReplyMap[T]): void {
    this.post({ type: 'reply', requestId: m.requestId, ok: true, body });
  }

  private handlers(): MessageHandlers {
    const ctx = this.ctx;
    return {
      ready: () => this.onReady(),
      send: async (m) => {
        try {
          await this.runs.send(m);
        } catch (error) {
          if (!isUserError(error)) ctx.services.logger.error('request-builder', `Send failed: ${redactError(error)}`);
          this.post({ type: 'reply', requestId: m.requestId, ok: false, message: redactError(error, ctx.services.vault.knownSecrets()) });
        }
      },
      cancel: (m) => this.runs.cancel(m.requestId),
      pickFile: async (m) => {
        const uri = ctx.pickFileOverride ? ctx.pickFileOverride() : (await vscode.window.showOpenDialog({
          canSelectMany: false,
          openLabel: 'Choose File',
          title: `File for "${m.field}"`,
          ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
        }))?.[0];
        if (!uri) throw new UserError('No file chosen.');
        this.reply(m, { kind: 'file', field: m.field, file: await ctx.files.register(uri) });
      },
      export: async (m) => {
        const key = m.keyId ? ctx.services.vault.usableHere(m.keyId) : undefined;
        const text = ctx.curl.exportRequest(m.format, m.request, key, (id) => ctx.files.lookup(id)?.filename);
        let copied = true;
        await vscode.env.clipboard.writeText(text).then(undefined, () => {
          copied = false;
        });
        this.reply(m, { kind: 'exported', format: m.format, text, copied });
      },
      importCurl: async (m) => {
        await ctx.importCurl(this, m.text);
        this.reply(m, { kind: 'accepted' });
      },
      saveRequest: async (m) => {
        const saved = await ctx.saveRequest(m.request, m.keyId, m.name);
        this.reply(m, { kind: 'saved', ...saved });
      },
      openResult: async (m) => {
        const kept = this.runs.result(m.runId);
        if (!kept) throw new UserError('That result is no longer available; send the request again.');
        const secrets = ctx.services.vault.knownSecrets();
        let content = kept.streamText ?? (kept.bytes ? new TextDecoder().decode(kept.bytes) : '');
        const json = !kept.streamText && /json/i.test(kept.contentType ?? '');
        if (json && content.length < 50 * 1024 * 1024) {
          try {
            content = JSON.stringify(JSON.parse(content), null, 2);
          } catch {
            // shown as received
          }
        }
        const doc = await vscode.workspace.openTextDocument({ content: redact(content, secrets), language: json ? 'json' : 'plaintext' });
        await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
        this.reply(m, { kind: 'opened' });
      },
      saveResult: async (m) => {
        const kept = this.runs.result(m.runId);
        if (!kept?.bytes) throw new UserError('That result is no longer available; send the request again.');
        const uri = await vscode.window.showSaveDialog({ title: 'Save Response Body', saveLabel: 'Save', defaultUri: defaultSaveUri(kept.contentType) });
        if (!uri) throw new UserError('Not saved.');
        await vscode.workspace.fs.writeFile(uri, kept.bytes);
        this.reply(m, { kind: 'saved', name: uri.path.split('/').pop() ?? 'response', relativePath: vscode.workspace.asRelativePath(uri, false) });
      },
      loadHistory: async (m) => {
        const entry = ctx.history.get(m.entryId);
        if (!entry) throw new UserError('That history entry is gone.');
        const keyId = entry.keyId && ctx.services.vault.visibleKeys().some((k) => k.id === entry.keyId) ? entry.keyId : undefined;
        this.load(await matchRoute(requestFromHistory(entry)), 'history', { ...(keyId ? { keyId } : {}) });
        this.reply(m, { kind: 'accepted' });
      },
      clearHistory: async (m) => {
        await ctx.history.clear();
        this.reply(m, { kind: 'cleared' });
      },
    };
  }
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'audio/mpeg': 'mp3', 'audio/wav': 'wav', 'audio/ogg': 'ogg', 'audio/opus': 'opus', 'audio/aac': 'aac', 'audio/flac': 'flac',
  'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp', 'application/json': 'json', 'text/plain': 'txt',
};

function defaultSaveUri(contentType: string | undefined): vscode.Uri | undefined {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!root) return undefined;
  const ext = EXTENSIONS[(contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''] ?? 'bin';
  return vscode.Uri.joinPath(root, `response.${ext}`);
}

