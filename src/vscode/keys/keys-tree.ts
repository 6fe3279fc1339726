import * as vscode from 'vscode';
import { isOpenAIOrigin } from '../../core/common/base-url';
import { KEY_KIND_LABELS, maskFromParts } from '../../core/keys/key-format';
import { KeyRecord } from '../../core/keys/key-index';
import { keyContextValue } from '../../core/keys/key-actions';
import { GLOBAL_GROUP, KeysTreeNode, keyTreeChildren } from '../../core/keys/key-tree-model';
import { PERMISSION_LEVEL_LABELS } from '../../core/permissions/permission-model';
import { markOwn } from '../commands/own-tree-nodes';
import { Disposable } from '../common/disposable';
import { KeyVault } from './key-vault';

export type { KeysTreeNode } from '../../core/keys/key-tree-model';

/** The "OpenAI Keys" view: this workspace, keys shared by all, then other workspaces that have keys. */
export class KeysTreeProvider extends Disposable implements vscode.TreeDataProvider<KeysTreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<KeysTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly vault: KeyVault) {
    super();
    this.register(vault.onDidChange(() => this.changed.fire(undefined)));
  }

  /** Extra text per key from another feature (the Organization view's link: project and last use). */
  private annotate: (record: KeyRecord) => { description: string; contextFlag: string } | undefined = () => undefined;

  setAnnotator(annotate: (record: KeyRecord) => { description: string; contextFlag: string } | undefined): void {
    this.annotate = annotate;
    this.changed.fire(undefined);
  }

  /** This month's spend of a stored key (the usage chunk): a Markdown tooltip line, and a description when asked for. */
  private spend: (record: KeyRecord) => { tooltip: string; description?: string } | undefined = () => undefined;

  setSpend(spend: (record: KeyRecord) => { tooltip: string; description?: string } | undefined): void {
    this.spend = spend;
    this.changed.fire(undefined);
  }

  getChildren(node?: KeysTreeNode): KeysTreeNode[] {
    // Marked as ours: a command run from this view trusts only these nodes as its target.
    return markOwn(keyTreeChildren(this.vault.allKeys(), this.vault.workspace, node));
  }

  getTreeItem(node: KeysTreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'group': {
        const item = new vscode.TreeItem(node.label, node.current ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `group:${node.id}`;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.id === GLOBAL_GROUP ? 'globe' : 'folder');
        item.contextValue = 'keyGroup';
        return item;
      }
      case 'key':
        return this.keyItem(node.record);
      case 'permission': {
        const item = new vscode.TreeItem(`${node.label}: ${node.access}`, vscode.TreeItemCollapsibleState.None);
        item.id = `perm:${node.record.id}:${node.label}`;
        item.iconPath = new vscode.ThemeIcon(node.access === 'None' ? 'circle-slash' : 'check');
        item.contextValue = 'permission';
        return item;
      }
    }
  }

  private keyItem(record: KeyRecord): vscode.TreeItem {
    const missing = this.vault.isSecretMissing(record.id);
    const isActive = this.vault.activeKey()?.id === record.id;
    const level = PERMISSION_LEVEL_LABELS[record.permission.level];
    const restricted = record.permission.level === 'restricted';
    const item = new vscode.TreeItem(record.name, restricted ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `key:${record.id}`;
    const mask = maskFromParts(record.kind, record.last4);
    item.description = missing
      ? `${mask} · re-enter key`
      : `${mask} · ${KEY_KIND_LABELS[record.kind]} · ${level}${isActive ? ' · active' : ''}${record.lastVerifiedAt ? ` · verified ${record.lastVerifiedAt.slice(0, 10)}` : ''}`;
    const extra = this.annotate(record);
    if (extra) item.description = `${String(item.description)} · ${extra.description}`;
    const spent = this.spend(record);
    if (spent?.description) item.description = `${item.description} · ${spent.description}`;
    item.iconPath = missing
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(isActive ? 'pass-filled' : 'key');
    item.contextValue = keyContextValue({
      kind: record.kind,
      visibleHere: this.vault.isVisibleHere(record),
      isActive,
      missingSecret: missing,
      openAIBaseUrl: isOpenAIOrigin(record.baseUrl),
    }) + (extra ? ` ${extra.contextFlag}` : '');
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${escapeMd(record.name)}**${isActive ? ' (active in this workspace)' : ''}\n\n`);
    tip.appendMarkdown(`- Key: \`${mask}\` (${KEY_KIND_LABELS[record.kind]})\n- Permission: ${level}\n- Base URL: ${escapeMd(record.baseUrl)}\n`);
    if (record.organization) tip.appendMarkdown(`- Organization: ${escapeMd(record.organization)}\n`);
    if (record.project) tip.appendMarkdown(`- Project: ${escapeMd(record.project)}\n`);
    tip.appendMarkdown(`- Added: ${record.createdAt.slice(0, 10)}${record.rotatedAt ? `, rotated ${record.rotatedAt.slice(0, 10)}` : ''}\n`);
    tip.appendMarkdown(`- Permissions last verified: ${record.lastVerifiedAt ? record.lastVerifiedAt.slice(0, 10) : 'never'}\n`);
    if (spent) tip.appendMarkdown(spent.tooltip);
    if (missing) tip.appendMarkdown('\n$(warning) The secret is missing from this keyring: re-enter the key.');
    item.tooltip = tip;
    if (missing) item.command = { command: 'openaiConnector.tree.reenterKey', title: 'Re-enter Key', arguments: markOwn([{ type: 'key', record }]) };
    return item;
  }
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
