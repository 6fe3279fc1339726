import * as vscode from 'vscode';
import { describeRevoke, planRevoke, RevokePlan } from '../../core/admin/revoke-plan';
import { Cancelled, UserError } from '../../core/common/user-error';
import type { OrgKeyTarget } from '../commands/command-arguments';
import { OrganizationController } from './organization-controller';

/** Scripted arguments (test mode only). */
export interface RevokeArgs {
  readonly adminKeyId: string;
  readonly projectId: string;
  readonly keyId: string;
  /** A stored key to revoke (through its link) instead of a listed one. */
  readonly storedKeyId: string;
  /** The modal's answer. */
  readonly confirm: boolean;
  /** What becomes of the stored copy. */
  readonly afterwards: 'mark' | 'remove';
}

export interface RevokeOutcome {
  readonly plan: RevokePlan['kind'];
  readonly revokedKeyIds: readonly string[];
  readonly storedCopy?: 'marked' | 'removed';
}

/** Which listed key to revoke: an Organization-view key, a stored key (through its link), or scripted ids. */
async function target(org: OrganizationController, from: OrgKeyTarget | undefined, args: Partial<RevokeArgs>): Promise<{ adminId: string; projectId: string; keyId: string }> {
  if (from && 'adminId' in from) return from;
  const storedId = from?.storedKeyId ?? args.storedKeyId;
  if (storedId) {
    const link = org.links.get(storedId);
    if (!link) throw new UserError('This stored key is not linked to a key at OpenAI yet: open the Organization view so it can be matched.', 'info');
    const adminId = link.adminKeyId && org.adminKeys().some((a) => a.id === link.adminKeyId) ? link.adminKeyId : org.adminKeys()[0]?.id;
    if (!adminId) throw new UserError('Revoking at OpenAI needs an admin key in the vault.');
    return { adminId, projectId: link.projectId, keyId: link.remoteKeyId };
  }
  if (args.adminKeyId && args.projectId && args.keyId) return { adminId: args.adminKeyId, projectId: args.projectId, keyId: args.keyId };
  throw new UserError('Run Revoke Key at OpenAI on a key in the Organization view, or on a stored key linked to one.', 'info');
}

/** Revoke Key at OpenAI: a modal names project, key and last use; the route depends on who owns the key. */
export async function revokeKeyAtOpenAI(org: OrganizationController, from: OrgKeyTarget | undefined, args: Partial<RevokeArgs>): Promise<RevokeOutcome> {
  const { adminId, projectId, keyId } = await target(org, from, args);
  await org.organization(adminId);
  const found = org.findKey(adminId, projectId, keyId);
  if (!found) throw new UserError(`Key ${keyId} is no longer listed in project ${projectId}; it may have been revoked already. Refresh the Organization view.`, 'info');
  const links = org.links.all();
  const link = Object.values(links).find((l) => l.projectId === projectId && l.remoteKeyId === keyId);
  const plan = planRevoke(found.key, found.project.keys, link?.ownAccount ? link.serviceAccountId : undefined);
  const { message, detail } = describeRevoke(plan, found.project.project.name);
  const button = plan.kind === 'delete-shared-account' ? 'Delete Service Account and Its Keys' : 'Revoke Key';
  const confirmed = args.confirm ?? (await vscode.window.showWarningMessage(message, { modal: true, detail }, button)) === button;
  if (!confirmed) throw new Cancelled();

  const client = await org.client(adminId);
  if (plan.kind === 'delete-key') await client.deleteKey(projectId, keyId);
  else await client.deleteServiceAccount(projectId, plan.accountId);
  const revokedKeyIds = [keyId, ...(plan.kind === 'delete-shared-account' ? plan.others.map((o) => o.id) : [])];
  org.forget(adminId, revokedKeyIds);
  org.services.logger.info('organization', `Revoked ${revokedKeyIds.join(', ')} in ${projectId} (${plan.kind}).`);

  // Every stored copy of a revoked key: marked revoked or removed, as the user chooses.
  let storedCopy: RevokeOutcome['storedCopy'];
  for (const l of Object.values(links).filter((x) => x.projectId === projectId && revokedKeyIds.includes(x.remoteKeyId))) {
    const record = org.services.vault.get(l.storedKeyId);
    if (!record) continue;
    const choice = args.afterwards ?? ((await vscode.window.showInformationMessage(
      `The key is revoked at OpenAI. Stored key '${record.name}' no longer works.`, 'Remove It from VS Code', 'Keep It Marked Revoked',
    )) === 'Remove It from VS Code' ? 'remove' : 'mark');
    if (choice === 'remove') {
      await org.services.vault.remove(record.id);
      await org.links.delete(record.id);
      storedCopy = 'removed';
    } else {
      await org.links.set({ ...l, revokedAt: new Date().toISOString() });
      storedCopy = 'marked';
    }
  }
  if (!storedCopy) void vscode.window.showInformationMessage(`'${found.key.name}' was revoked at OpenAI.`);
  return { plan: plan.kind, revokedKeyIds, ...(storedCopy ? { storedCopy } : {}) };
}
