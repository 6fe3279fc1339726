import * as vscode from 'vscode';
import { UserError } from '../../core/common/user-error';
import { Disposable } from '../common/disposable';
import { SAVED_FOLDER, SavedRequest, fileNameFor, parseSaved, serializeSaved } from '../../builder/saved-request-format';

export interface SavedRequestItem {
  readonly uri: vscode.Uri;
  readonly label: string;
  readonly description: string;
  readonly error?: string;
}

/** Saved requests under .vscode/openai-requests/ of each workspace folder. */
export class SavedRequestStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly secrets: () => Iterable<string>) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(`**/${SAVED_FOLDER}/*.json`));
    for (const event of [watcher.onDidCreate, watcher.onDidChange, watcher.onDidDelete]) this.register(event(() => this.changed.fire()));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.changed.fire()));
  }

  private folder(): vscode.Uri {
    const root = vscode.workspace.workspaceFolders?.[0];
    if (!root) throw new UserError('Open a folder first: saved requests live in its .vscode/openai-requests/ folder.');
    return vscode.Uri.joinPath(root.uri, ...SAVED_FOLDER.split('/'));
  }

  async list(): Promise<SavedRequestItem[]> {
    const items: SavedRequestItem[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const dir = vscode.Uri.joinPath(folder.uri, ...SAVED_FOLDER.split('/'));
      let entries: [string, vscode.FileType][] = [];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        continue; // no folder yet
      }
      for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
        if (type !== vscode.FileType.File || !name.endsWith('.json')) continue;
        const uri = vscode.Uri.joinPath(dir, name);
        try {
          const saved = await this.read(uri);
          items.push({ uri, label: saved.name, description: `${saved.request.method} ${saved.request.path}` });
        } catch (error) {
          items.push({ uri, label: name, description: 'unreadable', error: error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return items;
  }

  async read(uri: vscode.Uri): Promise<SavedRequest> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    const fallback = uri.path.split('/').pop()?.replace(/\.json$/, '') ?? 'request';
    try {
      return parseSaved(text, fallback, this.secrets());
    } catch (error) {
      throw new UserError(`${vscode.workspace.asRelativePath(uri)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Writes a request; asks before replacing a file with the same name unless `overwrite`. */
  async save(saved: SavedRequest, overwrite: boolean): Promise<vscode.Uri> {
    let text: string;
    try {
      text = serializeSaved(saved, this.secrets());
    } catch (error) {
      throw new UserError(error instanceof Error ? error.message : String(error));
    }
    const dir = this.folder();
    const uri = vscode.Uri.joinPath(dir, fileNameFor(saved.name));
    if (!overwrite && (await exists(uri))) {
      const choice = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} exists. Replace it?`, { modal: true }, 'Replace');
      if (choice !== 'Replace') throw new UserError('Not saved.', 'info');
    }
    await vscode.workspace.fs.createDirectory(dir);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    this.changed.fire();
    return uri;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** The "Saved Requests" view. */
export class SavedRequestsTree extends Disposable implements vscode.TreeDataProvider<SavedRequestItem> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly store: SavedRequestStore) {
    super();
    this.register(store.onDidChange(() => this.changed.fire()));
  }

  getChildren(element?: SavedRequestItem): Promise<SavedRequestItem[]> | SavedRequestItem[] {
    return element ? [] : this.store.list();
  }

  getTreeItem(item: SavedRequestItem): vscode.TreeItem {
    const tree = new vscode.TreeItem(item.label, vscode.TreeItemCollapsibleState.None);
    tree.description = item.description;
    tree.resourceUri = item.uri;
    tree.tooltip = item.error ?? `${item.description}\n${vscode.workspace.asRelativePath(item.uri)}`;
    tree.iconPath = new vscode.ThemeIcon(item.error ? 'warning' : 'send');
    tree.contextValue = item.error ? 'savedRequestBroken' : 'savedRequest';
    tree.command = { command: 'openaiConnector.tree.openSavedRequest', title: 'Open Saved Request', arguments: [item] };
    return tree;
  }
}
