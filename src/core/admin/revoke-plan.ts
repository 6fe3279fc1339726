/**
 * How to revoke a key at OpenAI. A user's key goes through the project-key DELETE; OpenAI refuses
 * that for service-account keys, which go only with their account. An account this extension made
 * for one key can go without asking twice; any other account may carry other keys, named here.
 */
import type { AdminKey } from './admin-types';
import { lastUsed } from './relative-time';

export type RevokePlan =
  | { readonly kind: 'delete-key'; readonly key: AdminKey }
  | { readonly kind: 'delete-own-account'; readonly key: AdminKey; readonly accountId: string }
  | { readonly kind: 'delete-shared-account'; readonly key: AdminKey; readonly accountId: string; readonly accountName: string; readonly others: readonly AdminKey[] };

/** `ownAccountId` is the service account the extension made for this key alone, if it did. */
export function planRevoke(key: AdminKey, projectKeys: readonly AdminKey[], ownAccountId?: string): RevokePlan {
  if (key.owner.type !== 'service_account') return { kind: 'delete-key', key };
  const accountId = key.owner.id;
  const others = projectKeys.filter((k) => k.id !== key.id && k.owner.type === 'service_account' && k.owner.id === accountId);
  if (ownAccountId === accountId && others.length === 0) return { kind: 'delete-own-account', key, accountId };
  return { kind: 'delete-shared-account', key, accountId, accountName: key.owner.name, others };
}

/** The modal's text: project, key, last use, and what goes with it. */
export function describeRevoke(plan: RevokePlan, projectName: string, nowMs = Date.now()): { message: string; detail: string } {
  const k = plan.key;
  const message = `Revoke '${k.name}' (${k.redactedValue}) in project ${projectName}? It was ${lastUsed(k.lastUsedAt, nowMs)}.`;
  switch (plan.kind) {
    case 'delete-key':
      return { message, detail: 'OpenAI deletes the key at once; every app using it stops working. This cannot be undone.' };
    case 'delete-own-account':
      return { message, detail: `OpenAI revokes a service account's key only with its account. OpenAI Connector made service account ${plan.accountId} for this key alone, so deleting it revokes exactly this key. This cannot be undone.` };
    case 'delete-shared-account': {
      const others = plan.others.length === 0
        ? 'No other key of that account is listed.'
        : `These keys go with it: ${plan.others.map((o) => `'${o.name}' (${o.redactedValue}, ${lastUsed(o.lastUsedAt, nowMs)})`).join(', ')}.`;
      return { message, detail: `OpenAI revokes a service account's key only with its account: this deletes service account '${plan.accountName}' (${plan.accountId}). ${others} This cannot be undone.` };
    }
  }
}
