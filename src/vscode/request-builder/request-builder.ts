/**
 * The request builder behind its commands: the panel (one at a time, restored after reload), the
 * Saved Requests view and the workspace history. Loaded on first use through
 * request-builder.lazy.ts; the route catalogue and the SDK load later still, on the first panel
 * and the first send.
 */
import * as vscode from 'vscode';
import type { BuilderRequest } from '../../protocol/protocol';
import { keyForSavedRequest, originOfUrl, refusedFilePath } from '../../core/requests/saved-request-safety';
import { Cancelled, UserError } from '../../core/common/user-error';
import { addKeyFlow } from '../commands/add-key';
import { Disposable } from '../common/disposable';
import { confirmModal } from '../keys/key-prompts';
import type { Services } from '../common/services';
import { BuilderPanel } from './builder-panel';
import { CurlTools, createCurlTools } from '../../builder/curl-tools';
import { FileRegistry } from './file-registry';
import { HistoryStore } from './history-store';
import { SavedRequestItem, SavedRequestStore, SavedRequestsTree } from './saved-requests';
import type { BuilderProbe } from './test-probe';
import { VIEW_TYPE } from './view-type';

/** Scripted arguments of Import Request from curl (tests, automation). */
export interface ImportCurlArgs {
  readonly text?: string;
  /** Store a key found in the command without asking (true) or drop it without asking (false). */
  readonly storeKey?: boolean;
  readonly keyName?: string;
}

export class RequestBuilder extends Disposable {
  private current: BuilderPanel | undefined;
  private readonly history: HistoryStore;
  private readonly saved: SavedRequestStore;
  private readonly files = new FileRegistry();
  private readonly curl: CurlTools;
  readonly savedTree: SavedRequestsTree;

  constructor(private readonly services: Services, private readonly probe: BuilderProbe | undefined) {
    super();
    const secrets = (): Iterable<string> => services.vault.knownSecrets();
    this.curl = createCurlTools(secrets);
    this.history = this.register(new HistoryStore(services.context.workspaceState, () => services.settings.historySize, secrets, services.logger));
    this.saved = this.register(new SavedRequestStore(secrets));
    this.savedTree = this.register(new SavedRequestsTree(this.saved));
    if (probe) probe.historyRaw = () => this.history.raw();
  }

  /** The open panel, revealed, or a new one. */
  open(): BuilderPanel {
    if (this.current) {
      this.current.reveal();
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, 'OpenAI Request Builder', vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.services.context.extensionUri, 'dist', 'webview')],
    });
    return this.adopt(panel);
  }

  /** Takes over a panel: a new one, or one VS Code restores after a reload. */
  adopt(webviewPanel: vscode.WebviewPanel): BuilderPanel {
    this.current?.panel.dispose();
    const probe = this.probe;
    const panel = new BuilderPanel(webviewPanel, {
      services: this.services,
      history: this.history,
      saved: this.saved,
      files: this.files,
      curl: this.curl,
      ...(probe ? { observe: (m) => probe.record(m), pickFileOverride: () => probe.pickFile } : {}),
      importCurl: (target, text) => this.importCurl(target, { ...(text !== undefined ? { text } : {}) }),
      saveRequest: (request, keyId, name) => this.saveRequest(request, keyId, name),
    });
    this.current = panel;
    if (probe) probe.panel = panel;
    panel.onDidDispose(() => {
      void this.history.flush();
      if (this.current === panel) this.current = undefined;
      if (probe?.panel === panel) probe.panel = undefined;
    });
    return panel;
  }

  async openWithKey(arg: unknown): Promise<void> {
    const keyId = keyIdOf(arg);
    if (keyId) this.services.vault.usableHere(keyId);
    const panel = this.open();
    if (keyId) panel.selectKey(keyId);
  }

  /** Parses a curl command into the builder; a key in it is offered for the vault and never kept in the request. */
  async importCurl(target: BuilderPanel | undefined, args: ImportCurlArgs): Promise<void> {
    const text = args.text ?? (await this.curlFromUser());
    let parsed;
    try {
      parsed = await this.curl.parse(text);
    } catch (error) {
      throw new UserError(`That curl command could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    const notes = [...parsed.warnings];
    let keyId: string | undefined;
    if (parsed.secret) {
      const existing = await this.services.vault.findBySecret(parsed.secret);
      if (existing) {
        keyId = existing.id;
        notes.push(`The command's key is already stored as '${existing.name}'; it was removed from the request.`);
      } else {
        const store = args.storeKey ?? (await vscode.window.showWarningMessage(
          'The curl command carries an API key.',
          { modal: true, detail: 'It is removed from the request either way. Store it in VS Code\'s secret storage so the builder can send with it?' },
          'Store Key',
        )) === 'Store Key';
        if (store) {
          const record = await addKeyFlow(this.services, {
            secret: parsed.secret,
            ...(parsed.baseUrl ? { baseUrl: parsed.baseUrl } : {}),
            ...(args.keyName ? { name: args.keyName } : {}),
          }, { source: 'a curl command', interactive: args.storeKey === undefined });
          keyId = record.id;
          notes.push(`The command's key is now stored as '${record.name}' and was removed from the request.`);
        } else {
          notes.push('The command\'s key was removed from the request and not stored.');
        }
      }
    }
    // Never silently another origin: the command's server is named unless the key it will use sends there.
    const named = parsed.baseUrl ? originOfUrl(parsed.baseUrl) : undefined;
    const using = keyId ? this.services.vault.get(keyId) : this.services.vault.activeKey();
    if (named && (!using || originOfUrl(using.baseUrl) !== named)) notes.push(`The command targeted ${named}; the request goes to the base URL of the key you pick${using ? ` (key '${using.name}' sends to ${originOfUrl(using.baseUrl) ?? using.baseUrl})` : ''}.`);
    const panel = target ?? this.open();
    panel.load(parsed.request, 'curl', { ...(keyId ? { keyId } : {}), ...(notes.length ? { note: notes.join(' ') } : {}) });
  }

  private async curlFromUser(): Promise<string> {
    const clip = (await vscode.env.clipboard.readText()).trim();
    if (/^curl\s/i.test(clip)) return clip;
    const typed = await vscode.window.showInputBox({
      title: 'Import Request from curl',
      prompt: 'Paste a curl command (a key in it is offered for the vault and removed from the request).',
      placeHolder: 'curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"',
      ignoreFocusOut: true,
    });
    if (!typed?.trim()) throw new Cancelled();
    return typed;
  }

  async saveRequest(request: BuilderRequest, keyId: string | undefined, name: string | undefined): Promise<{ name: string; relativePath: string }> {
    const suggested = request.operationId ?? (request.path.replace(/[{}]/g, '').split('/').filter(Boolean).join('-') || 'request');
    const chosen = name ?? (await vscode.window.showInputBox({
      title: 'Save Request',
      prompt: 'A name for this request; it is saved under .vscode/openai-requests/ (no key is saved, only the key\'s name).',
      value: suggested,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Give the request a name.'),
    }));
    if (!chosen?.trim()) throw new UserError('Not saved.', 'info');
    const filePaths: Record<number, string> = {};
    request.form.forEach((part, i) => {
      const uri = part.kind === 'file' && part.file ? this.files.uri(part.file.fileId) : undefined;
      if (uri && vscode.workspace.getWorkspaceFolder(uri)) filePaths[i] = vscode.workspace.asRelativePath(uri, false);
    });
    const key = keyId ? this.services.vault.usableHere(keyId) : undefined;
    const origin = key ? originOfUrl(key.baseUrl) : undefined;
    const uri = await this.saved.save({ name: chosen.trim(), ...(key ? { keyName: key.name } : {}), ...(origin ? { origin } : {}), request, filePaths }, name !== undefined);
    return { name: chosen.trim(), relativePath: vscode.workspace.asRelativePath(uri, false) };
  }

  /**
   * Opens a saved request in the builder, optionally sending it at once. Saved requests are
   * repository content: files they name must stay inside the workspace folder (symlinks followed)
   * and are attached only in a trusted workspace; sending files at once needs the user's yes; and
   * the key must send to the origin the request names.
   */
  async openSaved(arg: unknown, autoSend: boolean): Promise<void> {
    const uri = await this.savedUri(arg);
    const saved = await this.saved.read(uri);
    const where = vscode.workspace.asRelativePath(uri);
    const notes: string[] = [];
    let hold = false;
    const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
    const named = Object.entries(saved.filePaths).filter(([i]) => saved.request.form[Number(i)]?.kind === 'file');
    const attach = new Map<number, vscode.Uri>();
    if (named.length && !folder) throw new UserError(`${where} names files, but no folder is open to take them from.`);
    for (const [i, rel] of named) {
      const refused = refusedFilePath(rel);
      if (refused) throw new UserError(`${where}: file "${rel}" is refused: ${refused}.`);
      attach.set(Number(i), vscode.Uri.joinPath(folder!.uri, ...rel.split('/')));
    }
    if (attach.size && !vscode.workspace.isTrusted) {
      notes.push('This workspace is not trusted: the files this saved request names were not attached. Trust the workspace to use them.');
      attach.clear();
      hold = true;
    }
    const form = await Promise.all(saved.request.form.map(async (part, i) => {
      const file = attach.get(i);
      const rel = saved.filePaths[i];
      if (part.kind !== 'file' || !file || !rel) return part;
      try {
        return { ...part, file: await this.files.register(file, { folder: folder!.uri, label: `File "${rel}" of ${where}` }) };
      } catch (error) {
        if (error instanceof Error && error.message.includes('refused')) throw error;
        notes.push(`File ${rel} was not found; choose it again.`);
        hold = true;
        return part;
      }
    }));

    const vault = this.services.vault;
    const choice = keyForSavedRequest(saved, vault.visibleKeys(), vault.activeKey());
    if (choice.hold) {
      notes.push(choice.hold);
      hold = true;
    }
    if (autoSend && !hold && attach.size) {
      const files = [...attach.keys()].map((i) => `• ${saved.filePaths[i]}`).join('\n');
      const key = choice.keyId ? vault.get(choice.keyId) : undefined;
      const message = `Send the files named by saved request '${saved.name}'?`;
      const detail = `${where} sends these files from the workspace folder to ${key ? `${originOfUrl(key.baseUrl) ?? key.baseUrl} with key '${key.name}'` : 'the chosen key\'s server'}:\n${files}`;
      if (!(await this.confirmFiles(message, detail))) {
        notes.push('Not sent: the files were not confirmed. Check them, then send.');
        hold = true;
      }
    }
    const panel = this.open();
    panel.load({ ...saved.request, form }, 'saved', { ...(choice.keyId ? { keyId: choice.keyId } : {}), autoSend: autoSend && !hold, ...(notes.length ? { note: notes.join(' ') } : {}) });
    // The outcome in the log, as a refusal is: what was decided for this file, never its content.
    this.services.logger.info('saved-requests', `${where}: loaded ${autoSend && !hold ? 'to send' : 'unsent'}${notes.length ? ` (${notes.join(' ')})` : ''}`);
  }

  /** The modal before a saved request's files leave the machine; the test probe may answer it. */
  private async confirmFiles(message: string, detail: string): Promise<boolean> {
    if (this.probe?.confirmFiles) return this.probe.confirmFiles(message, detail);
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, 'Send Files')) === 'Send Files';
  }

  private async savedUri(arg: unknown): Promise<vscode.Uri> {
    if (arg instanceof vscode.Uri) return arg;
    const a = arg as Partial<SavedRequestItem> & { path?: unknown } | undefined;
    if (a?.uri instanceof vscode.Uri) return a.uri;
    if (typeof a?.path === 'string') return vscode.Uri.file(a.path);
    if (typeof arg === 'string') return vscode.Uri.file(arg);
    const items = await this.saved.list();
    if (items.length === 0) throw new UserError('No saved requests yet: use "Save Request…" in the request builder.');
    const picked = await vscode.window.showQuickPick(items.map((i) => ({ label: i.label, description: i.description, item: i })), { placeHolder: 'Saved request to run' });
    if (!picked) throw new Cancelled();
    return picked.item.uri;
  }

  async clearHistory(arg: unknown): Promise<void> {
    if ((arg as { confirm?: unknown } | undefined)?.confirm !== false) {
      await confirmModal('Clear the request history of this workspace?', 'Requests and results listed in the request builder are removed. Saved requests stay.', 'Clear History');
    }
    await this.history.clear();
    void vscode.window.showInformationMessage('Request history cleared.');
  }

  override dispose(): void {
    this.current?.panel.dispose();
    super.dispose();
  }
}

function keyIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  const a = arg as { keyId?: unknown; record?: { id?: unknown } } | undefined;
  if (typeof a?.keyId === 'string') return a.keyId;
  if (typeof a?.record?.id === 'string') return a.record.id;
  return undefined;
}
