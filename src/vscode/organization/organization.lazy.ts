// The Organization view and the admin-key commands, loaded on first use (a separate chunk).
import * as vscode from 'vscode';
import type { CommandHandlers, OrganizationRows } from '../commands/command-surface';
import { Services } from '../common/services';
import { createWorkspaceKey } from './create-workspace-key';
import { linkStoredKey } from './link-stored-key';
import { OrganizationController, OrgNode } from './organization-controller';
import { OrgLinksStore } from './org-links-store';
import { recommendLeastPrivilege } from './recommend-command';
import { revokeAndReplace } from './revoke-and-replace';
import { revokeKeyAtOpenAI } from './revoke-key';

export type OrganizationCommandId =
  | 'openaiConnector.refreshOrganization'
  | 'openaiConnector.createWorkspaceKey'
  | 'openaiConnector.revokeKeyAtOpenAI'
  | 'openaiConnector.recommendLeastPrivilege'
  | 'openaiConnector.revokeAndReplace'
  | 'openaiConnector.linkStoredKey'
  | 'openaiConnector.test.organizationRows'
  | 'openaiConnector.setSpendLimit'
  | 'openaiConnector.showSpendControls';

export function createOrganization(services: Services, links: OrgLinksStore): OrganizationController {
  return new OrganizationController(services, links);
}

/** Scripted arguments arrive only in test mode (registerCommands drops them elsewhere). */
export function organizationHandlers(services: Services, org: OrganizationController): CommandHandlers<OrganizationCommandId> {
  return {
    'openaiConnector.refreshOrganization': () => org.refresh(),
    'openaiConnector.createWorkspaceKey': ({ script }) => createWorkspaceKey(org, script?.[0] ?? {}),
    'openaiConnector.revokeKeyAtOpenAI': ({ target, script }) => revokeKeyAtOpenAI(org, target, { ...script?.[0], ...script?.[1] }),
    'openaiConnector.recommendLeastPrivilege': ({ script }) => recommendLeastPrivilege(services, script?.[0]?.quiet !== true),
    'openaiConnector.revokeAndReplace': ({ target, script }) => revokeAndReplace(org, target, script?.[1] ?? {}),
    'openaiConnector.linkStoredKey': ({ target, script }) => {
      const args = script?.[0] ?? {};
      const storedKeyId = target ?? args.storedKeyId;
      return linkStoredKey(org, { ...args, ...(storedKeyId ? { storedKeyId } : {}) });
    },
    'openaiConnector.test.organizationRows': () => organizationRows(services, org),
    // Spend controls live in the usage chunk.
    'openaiConnector.setSpendLimit': async ({ script }) => {
      const m = await import('../usage/usage.lazy');
      return m.setSpendLimitCommand(new m.UsageService(services, org.links), undefined, script?.[0] ?? {});
    },
    'openaiConnector.showSpendControls': async ({ script }) => {
      const m = await import('../usage/usage.lazy');
      return m.showSpendControls(new m.UsageService(services, org.links), script?.[0] ?? {});
    },
  };
}

/** The rows of the view as a user sees them, and where the log files are (test host only). */
async function organizationRows(services: Services, org: OrganizationController): Promise<OrganizationRows> {
  const rows: { depth: number; label: string; description: string; contextValue: string }[] = [];
  const walk = async (node: OrgNode | undefined, depth: number): Promise<void> => {
    for (const child of await org.getChildren(node)) {
      const item = org.getTreeItem(child);
      rows.push({ depth, label: String(typeof item.label === 'object' ? item.label.label : item.label), description: String(item.description ?? ''), contextValue: item.contextValue ?? '' });
      await walk(child, depth + 1);
    }
  };
  await walk(undefined, 0);
  return { rows, logDir: vscode.Uri.joinPath(services.context.logUri, '..').fsPath };
}
