import * as vscode from 'vscode';
import { lastUsed } from '../../core/admin/relative-time';
import { KeyRecord } from '../../core/keys/key-index';
import { KeysTreeProvider } from '../keys/keys-tree';
import { isLeakDiagnostic } from '../leaks/leak-diagnostics';
import type { MoveKeyTarget } from '../leaks/move-key-action';
import { markOwn } from '../commands/own-tree-nodes';
import { registerCommands } from '../commands/register-commands';
import { Services } from '../common/services';
import type { OrganizationController, OrgNode } from './organization-controller';
import { OrgLinksStore } from './org-links-store';

type OrgModule = typeof import('./organization.lazy');

export const ORG_VIEW = 'openaiConnector.organization';
const HAS_ADMIN_KEY = 'openaiConnector.hasAdminKey';

/** The stored key's side of a link: "proj_abc · last used 3 h ago", or revoked. */
function annotation(links: OrgLinksStore, record: KeyRecord): { description: string; contextFlag: string } | undefined {
  const link = links.get(record.id);
  if (!link) return undefined;
  if (link.revokedAt) return { description: `revoked at OpenAI ${link.revokedAt.slice(0, 10)}`, contextFlag: 'orgRevoked' };
  return { description: `${link.projectId} · ${link.lastUsedAt === undefined ? 'use unknown' : lastUsed(link.lastUsedAt)}`, contextFlag: 'orgLinked' };
}

/**
 * The Organization view (shown while an admin key is stored) and the admin-key commands. Only this
 * small part loads at activation; the view's data and the commands load on first use.
 */
export function registerOrganization(services: Services, keysTree: KeysTreeProvider): void {
  const { vault, context } = services;
  const links = new OrgLinksStore(context.globalState);
  keysTree.setAnnotator((record) => annotation(links, record));
  context.subscriptions.push(links.onDidChange(() => keysTree.setAnnotator((record) => annotation(links, record))));

  const updateContext = (): void => {
    const has = vault.allKeys().some((k) => k.kind === 'admin');
    void vscode.commands.executeCommand('setContext', HAS_ADMIN_KEY, has);
    // Spend in the keys tree and budget checks run in their own chunk, only while an admin key is stored.
    if (has) void import('../usage/usage.lazy').then((m) => m.startUsage(services, links, keysTree, markOwn));
  };
  updateContext();
  context.subscriptions.push(vault.onDidChange(updateContext));

  let loaded: Promise<{ mod: OrgModule; org: OrganizationController }> | undefined;
  const load = (): Promise<{ mod: OrgModule; org: OrganizationController }> => {
    loaded ??= import('./organization.lazy').then((mod) => {
      const org = mod.createOrganization(services, links);
      context.subscriptions.push(org.onDidChangeTreeData(() => changed.fire(undefined)));
      return { mod, org };
    }, (error: unknown) => {
      loaded = undefined;
      throw error;
    });
    return loaded;
  };

  const changed = new vscode.EventEmitter<OrgNode | undefined>();
  const provider: vscode.TreeDataProvider<OrgNode> = {
    onDidChangeTreeData: changed.event,
    // Marked as ours so Revoke Key at OpenAI takes its target only from this view (own-tree-nodes.ts).
    getChildren: async (node) => markOwn(await (await load()).org.getChildren(node)),
    getTreeItem: async (node) => (await load()).org.getTreeItem(node),
  };
  context.subscriptions.push(changed, vscode.window.createTreeView(ORG_VIEW, { treeDataProvider: provider, showCollapseAll: true }));

  registerCommands(services, [
    'openaiConnector.refreshOrganization',
    'openaiConnector.createWorkspaceKey',
    'openaiConnector.revokeKeyAtOpenAI',
    'openaiConnector.recommendLeastPrivilege',
    'openaiConnector.revokeAndReplace',
    'openaiConnector.linkStoredKey',
    'openaiConnector.test.organizationRows',
    'openaiConnector.setSpendLimit',
    'openaiConnector.showSpendControls',
  ], async () => {
    const { mod, org } = await load();
    return mod.organizationHandlers(services, org);
  });
  context.subscriptions.push(vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], {
    provideCodeActions: (doc, _range, ctx) => {
      // Offered beside "Move key" when an admin key can revoke at OpenAI, in trusted workspaces only.
      if (!vscode.workspace.isTrusted || !vault.allKeys().some((k) => k.kind === 'admin')) return [];
      return ctx.diagnostics.filter(isLeakDiagnostic).map((d) => {
        const action = new vscode.CodeAction('Revoke and Replace Key at OpenAI', vscode.CodeActionKind.QuickFix);
        action.diagnostics = [d];
        const target: MoveKeyTarget = { uri: doc.uri.toString(), line: d.range.start.line, character: d.range.start.character };
        action.command = { command: 'openaiConnector.revokeAndReplace', title: 'Revoke and Replace Key at OpenAI', arguments: [target] };
        return action;
      });
    },
  }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }));
}
