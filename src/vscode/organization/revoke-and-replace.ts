import * as vscode from 'vscode';
import { AdminApiError } from '../../core/admin/admin-client';
import type { AdminKey } from '../../core/admin/admin-types';
import { matchStoredKey } from '../../core/admin/key-matching';
import { ReplaceState, ReplaceStep, STEP_LABELS, describeReplaceState, nextStep, withDone, withMintUndone } from '../../core/admin/replace-flow';
import { planRevoke } from '../../core/admin/revoke-plan';
import { lastFour, maskKey } from '../../core/keys/key-format';
import { findKeyLeaks } from '../../core/leaks/key-patterns';
import { Permission, emptyMatrix } from '../../core/permissions/permission-model';
import { decodeScopes, scopesForPermission } from '../../core/permissions/scope-table';
import { Cancelled, UserError } from '../../core/common/user-error';
import type { MoveKeyTarget } from '../leaks/move-key-action';
import { replaceKeyLiteral } from '../leaks/move-key-action';
import { pickAdminKey } from './create-workspace-key';
import { OrganizationController } from './organization-controller';
import { computeRecommendation } from './recommend-command';

const STATE_KEY = 'openaiConnector.revokeAndReplace';
const TITLE = 'Revoke and Replace Leaked Key';

/** Scripted answers (test host only). */
export interface ReplaceArgs {
  readonly adminKeyId: string;
  /** Which key at OpenAI the leaked one is, when several fit. */
  readonly remoteKeyId: string;
  readonly confirm: boolean;
  /** Simulates a failure at this step (test host only), to prove the stated state and Resume. */
  readonly failAt: ReplaceStep;
}

export interface ReplaceOutcome {
  readonly completed: boolean;
  readonly failedAt?: ReplaceStep;
  readonly message: string;
  /** One line per step run, in order. */
  readonly report: readonly string[];
  readonly state: ReplaceState;
}

type Pending = Record<string, ReplaceState>;

function pendingAll(org: OrganizationController): Pending {
  const v = org.services.context.workspaceState.get<Pending>(STATE_KEY);
  return typeof v === 'object' && v !== null ? v : {};
}

async function save(org: OrganizationController, state: ReplaceState | undefined, id: string): Promise<void> {
  const all = { ...pendingAll(org) };
  if (state) all[id] = state;
  else delete all[id];
  await org.services.context.workspaceState.update(STATE_KEY, all);
}

const stateId = (s: Pick<ReplaceState, 'uri' | 'leakedLast4'>): string => `${s.uri}#${s.leakedLast4}`;

function permissionFromScopes(scopes: readonly string[]): Permission {
  return { level: 'restricted', matrix: { ...emptyMatrix(), ...decodeScopes(scopes).matrix } };
}

/** Finds the leaked key at OpenAI and plans the flow; asks once before anything changes. */
async function plan(org: OrganizationController, target: MoveKeyTarget, args: Partial<ReplaceArgs>): Promise<ReplaceState> {
  const { vault } = org.services;
  const uri = vscode.Uri.parse(target.uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  const where = doc.offsetAt(new vscode.Position(target.line, target.character));
  const leak = findKeyLeaks(doc.getText()).find((m) => m.start <= where && where < m.end);
  if (!leak) throw new UserError('That key is no longer in the file.', 'info');
  const secret = leak.value;
  const admin = await pickAdminKey(org, args.adminKeyId);
  let listed = (await org.organization(admin.id)).flatMap((p) => p.keys);
  const stored = await vault.findBySecret(secret);
  const link = stored ? org.links.get(stored.id) : undefined;
  const leakAt = { id: 'leak', last4: lastFour(secret), startsWith: (head: string) => secret.startsWith(head) };
  // The cached listing may predate the leaked key: read OpenAI afresh before saying it is not there.
  if (!link && matchStoredKey(leakAt, listed).kind === 'none') listed = (await org.organization(admin.id, true)).flatMap((p) => p.keys);

  let remote: AdminKey | undefined = link ? listed.find((k) => k.projectId === link.projectId && k.id === link.remoteKeyId) : undefined;
  if (!remote) {
    const match = matchStoredKey(leakAt, listed);
    if (match.kind === 'none') throw new UserError(`${maskKey(secret)} is not in any project that '${admin.name}' can see: it may be revoked already, or belong to another organization. Use the quick fix "Move key to OpenAI Connector" to take it out of the file.`);
    if (match.kind === 'match') remote = match.key;
    else {
      remote = args.remoteKeyId ? match.keys.find((k) => k.id === args.remoteKeyId) : undefined;
      if (!remote) {
        const picked = await vscode.window.showQuickPick(match.keys.map((k) => ({ label: k.name, description: `${k.redactedValue} · ${k.projectId}`, key: k })), { title: `${TITLE}: which key at OpenAI is ${maskKey(secret)}?`, ignoreFocusOut: true });
        if (!picked) throw new Cancelled();
        remote = picked.key;
      }
    }
  }
  // Same scopes: the ones it was minted with, else its stored permission, else this workspace's recommendation.
  const scopes = link?.scopes?.length ? link.scopes
    : stored ? scopesForPermission(stored.permission)
    : scopesForPermission({ level: 'restricted', matrix: (await computeRecommendation(org.services)).recommendation.matrix });
  if (scopes.length === 0) throw new UserError('No scopes are known for the leaked key and this workspace\'s requests need none: create a key with Create Key for This Workspace instead.');
  const state: ReplaceState = {
    uri: target.uri, line: target.line, character: target.character, leakedLast4: lastFour(secret), adminKeyId: admin.id,
    projectId: remote.projectId, leakedRemoteKeyId: remote.id, leakedName: remote.name, ...(stored ? { leakedStoredKeyId: stored.id } : {}),
    scopes, replacementName: `${stored?.name ?? remote.name} (replacement)`, done: [],
  };
  const ok = args.confirm ?? (await vscode.window.showWarningMessage(`Revoke and replace '${remote.name}' (${remote.redactedValue}) in project ${remote.projectId}?`, {
    modal: true,
    detail: `${Object.values(STEP_LABELS).map((l, i) => `${i + 1}. ${l}`).join('\n')}\n\nScopes of the replacement: ${scopes.join(', ')}. Every app still using the leaked key stops working at step 4.`,
  }, 'Revoke and Replace')) === 'Revoke and Replace';
  if (!ok) throw new Cancelled();
  return state;
}

/**
 * Revoke and Replace from a leak finding, one flow with each step reported. A failure midway keeps
 * the state (ids only) in workspaceState, says it in words and offers Resume.
 */
export async function revokeAndReplace(org: OrganizationController, target: MoveKeyTarget | undefined, args: Partial<ReplaceArgs>): Promise<ReplaceOutcome> {
  if (!vscode.workspace.isTrusted) throw new UserError('This workspace is not trusted, so leaked keys are only reported here.', 'info');
  const pending = Object.values(pendingAll(org));
  let state: ReplaceState | undefined;
  if (target && typeof target.uri === 'string') {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri));
    const where = doc.offsetAt(new vscode.Position(target.line, target.character));
    const leak = findKeyLeaks(doc.getText()).find((m) => m.start <= where && where < m.end);
    state = leak ? pending.find((p) => p.uri === target.uri && p.leakedLast4 === lastFour(leak.value)) : undefined;
    state ??= await plan(org, target, args);
  } else {
    state = pending[0];
    if (!state) throw new UserError('Nothing to resume: run Revoke and Replace from the quick fix of a leaked-key warning.', 'info');
  }
  const id = stateId(state);
  const report: string[] = [];
  let minted: string | undefined; // the replacement's value, in memory between mint and store only
  for (let step = nextStep(state); step; step = nextStep(state)) {
    try {
      if (args.failAt === step) throw new Error('simulated failure (test host)');
      const result = await runStep(org, state, step, minted, args);
      state = result.state;
      minted = result.minted;
      report.push(`✓ ${STEP_LABELS[step]}${result.note ? `: ${result.note}` : ''}`);
      await save(org, state, id);
    } catch (error) {
      if (step === 'store' && state.serviceAccountId) {
        // The value is gone with this failure: undo the mint so Resume mints afresh.
        const client = await org.client(state.adminKeyId);
        await client.deleteServiceAccount(state.projectId, state.serviceAccountId).catch((e: unknown) => org.services.logger.warn('organization', `Could not delete service account ${state?.serviceAccountId}: ${String(e)}`));
        state = withMintUndone(state);
      }
      await save(org, state, id);
      const reason = error instanceof Error ? error.message : String(error);
      const message = `${TITLE}: "${STEP_LABELS[step]}" failed (${reason}). Now ${describeReplaceState(state)}.`;
      report.push(`✗ ${STEP_LABELS[step]}: ${reason}`);
      org.services.logger.warn('organization', message);
      if (args.failAt === undefined) {
        void vscode.window.showErrorMessage(message, 'Resume').then((c) => (c ? vscode.commands.executeCommand('openaiConnector.revokeAndReplace') : undefined));
      }
      return { completed: false, failedAt: step, message, report, state };
    }
  }
  await save(org, undefined, id);
  org.refresh();
  const message = `'${state.leakedName}' is revoked and replaced by '${state.replacementName}', which is stored and active here; the file reads the environment.`;
  org.services.logger.info('organization', `${message}\n${report.join('\n')}`);
  void vscode.window.showInformationMessage(message);
  return { completed: true, message, report, state };
}

async function runStep(org: OrganizationController, state: ReplaceState, step: ReplaceStep, minted: string | undefined, args: Partial<ReplaceArgs>): Promise<{ state: ReplaceState; minted?: string; note?: string }> {
  const { vault } = org.services;
  const client = await org.client(state.adminKeyId);
  switch (step) {
    case 'mint': {
      const account = await client.createServiceAccount(state.projectId, `${state.replacementName} (OpenAI Connector)`);
      try {
        const key = await client.mintKey(state.projectId, account.id, state.replacementName, state.scopes);
        return { state: withDone(state, 'mint', { serviceAccountId: account.id, replacementRemoteKeyId: key.id }), minted: key.value, note: `${state.scopes.length} scope(s)` };
      } catch (error) {
        await client.deleteServiceAccount(state.projectId, account.id).catch(() => undefined);
        throw error;
      }
    }
    case 'store': {
      if (!minted || !state.serviceAccountId || !state.replacementRemoteKeyId) throw new Error('the minted value is no longer in memory');
      const admin = vault.get(state.adminKeyId);
      if (!admin) throw new Error('the admin key is no longer stored');
      const record = await vault.add({ secret: minted, name: state.replacementName, scope: 'workspace', permission: permissionFromScopes(state.scopes), baseUrl: admin.baseUrl, project: state.projectId });
      await org.links.set({ storedKeyId: record.id, adminKeyId: state.adminKeyId, projectId: state.projectId, remoteKeyId: state.replacementRemoteKeyId, serviceAccountId: state.serviceAccountId, ownAccount: true, scopes: state.scopes, lastUsedAt: null });
      return { state: withDone(state, 'store', { replacementKeyId: record.id }) };
    }
    case 'activate': {
      if (!state.replacementKeyId) throw new Error('no replacement is stored');
      await vault.setActive(state.replacementKeyId);
      return { state: withDone(state, 'activate'), note: 'this workspace' };
    }
    case 'revoke': {
      const found = (await org.organization(state.adminKeyId, true)).find((p) => p.project.id === state.projectId);
      const leaked = found?.keys.find((k) => k.id === state.leakedRemoteKeyId);
      let note = 'already gone at OpenAI';
      if (leaked && found) {
        const link = state.leakedStoredKeyId ? org.links.get(state.leakedStoredKeyId) : undefined;
        const p = planRevoke(leaked, found.keys, link?.ownAccount ? link.serviceAccountId : undefined);
        if (p.kind === 'delete-shared-account') {
          const go = args.confirm ?? (await vscode.window.showWarningMessage(`'${leaked.name}' belongs to service account '${p.accountName}': OpenAI revokes it only with the account.`, { modal: true, detail: p.others.length ? `These keys go with it: ${p.others.map((o) => `'${o.name}'`).join(', ')}.` : 'No other key of that account is listed.' }, 'Delete Service Account')) === 'Delete Service Account';
          if (!go) throw new Error('you chose not to delete the service account');
        }
        try {
          if (p.kind === 'delete-key') await client.deleteKey(state.projectId, leaked.id);
          else await client.deleteServiceAccount(state.projectId, p.accountId);
        } catch (error) {
          if (!(error instanceof AdminApiError && error.kind === 'not-found')) throw error;
        }
        note = p.kind === 'delete-key' ? 'deleted' : `service account ${p.accountId} deleted`;
        org.forget(state.adminKeyId, [leaked.id]);
      }
      if (state.leakedStoredKeyId && vault.get(state.leakedStoredKeyId)) {
        const l = org.links.get(state.leakedStoredKeyId);
        await org.links.set({ ...(l ?? { storedKeyId: state.leakedStoredKeyId, projectId: state.projectId, remoteKeyId: state.leakedRemoteKeyId, ownAccount: false }), revokedAt: new Date().toISOString() });
      }
      return { state: withDone(state, 'revoke'), note };
    }
    case 'replace': {
      const uri = vscode.Uri.parse(state.uri);
      const doc = await vscode.workspace.openTextDocument(uri);
      const where = doc.offsetAt(new vscode.Position(state.line, state.character));
      const match = findKeyLeaks(doc.getText()).filter((m) => lastFour(m.value) === state.leakedLast4).sort((a, b) => Math.abs(a.start - where) - Math.abs(b.start - where))[0];
      if (!match) return { state: withDone(state, 'replace'), note: 'the key was no longer in the file' };
      const expression = await replaceKeyLiteral(doc, match.value, match.start, true, state.replacementName);
      return { state: withDone(state, 'replace'), note: `${vscode.workspace.asRelativePath(uri)} now reads ${expression}` };
    }
  }
}
