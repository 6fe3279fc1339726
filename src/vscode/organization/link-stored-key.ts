import * as vscode from 'vscode';
import { ownerText } from '../../core/admin/org-tree-model';
import { lastUsed } from '../../core/admin/relative-time';
import { Cancelled, UserError } from '../../core/common/user-error';
import { OrganizationController } from './organization-controller';

/** Asks which listed key a stored key is when several fit (never guessed). Scripted: { storedKeyId, remoteKeyId }. */
export async function linkStoredKey(org: OrganizationController, args: { storedKeyId?: string; remoteKeyId?: string }): Promise<string | undefined> {
  const pending = [...org.ambiguous.values()].filter((a) => !args.storedKeyId || a.storedKeyId === args.storedKeyId);
  if (pending.length === 0) throw new UserError('Every stored key is either linked or matches no key at OpenAI.', 'info');
  const first = pending[0]!;
  const name = org.services.vault.get(first.storedKeyId)?.name ?? 'stored key';
  let chosen = args.remoteKeyId ? first.keys.find((k) => k.id === args.remoteKeyId) : undefined;
  if (!chosen && args.remoteKeyId) throw new UserError(`Key ${args.remoteKeyId} is not one of the candidates for '${name}'.`);
  if (!chosen) {
    const picked = await vscode.window.showQuickPick(first.keys.map((k) => ({ label: k.name, description: `${k.redactedValue} · ${k.projectId}`, detail: `${ownerText(k)} · ${lastUsed(k.lastUsedAt)}`, key: k })), {
      title: `Which key at OpenAI is '${name}'?`, placeHolder: 'Same project, prefix and last four: only you can tell them apart', ignoreFocusOut: true,
    });
    if (!picked) throw new Cancelled();
    chosen = picked.key;
  }
  await org.link(first.storedKeyId, first.adminId, chosen);
  return chosen.id;
}
