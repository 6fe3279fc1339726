import * as vscode from 'vscode';
import { AdminClient } from '../../core/admin/admin-client';
import { isOpenAIOrigin } from '../../core/common/base-url';
import type { AdminProject } from '../../core/admin/admin-types';
import { describeMatrix } from '../../core/admin/least-privilege';
import { KeyRecord } from '../../core/keys/key-index';
import { Permission, PermissionMatrix, RESOURCE_GROUPS, ResourceGroup, describePermission, toPermission, validatePermissionForLevel } from '../../core/permissions/permission-model';
import { scopesForPermission } from '../../core/permissions/scope-table';
import { Cancelled, UserError } from '../../core/common/user-error';
import { probe } from '../commands/detect-permissions';
import { promptText } from '../keys/key-prompts';
import { pickPermission } from '../keys/permission-picker';
import { OrganizationController } from './organization-controller';
import { computeRecommendation } from './recommend-command';

const TITLE = 'Create Key for This Workspace';

/** Scripted answers (test mode only, see command-surface.ts). */
export interface CreateKeyArgs {
  readonly adminKeyId: string;
  readonly projectId: string;
  readonly name: string;
  readonly level: 'all' | 'read-only' | 'recommended' | 'restricted';
  readonly matrix: PermissionMatrix;
  /** When the new key can do nothing: keep it, take the unrestricted default-role account, or revoke it. */
  readonly onNoAccess: 'keep' | 'unrestricted' | 'revoke';
  /** Makes storing fail after minting (to prove the stated state), and what to answer then. */
  readonly failStore: boolean;
  readonly afterStoreFailure: 'revoke' | 'leave';
}

export interface CreateKeyOutcome {
  readonly projectId: string;
  readonly serviceAccountId: string;
  readonly remoteKeyId: string;
  readonly scopes: readonly string[];
  readonly keyId?: string;
  readonly stored: boolean;
  readonly revoked: boolean;
  readonly detected?: PermissionMatrix;
  readonly canDoNothing?: boolean;
  readonly unrestricted?: boolean;
}

/** Picks one stored admin key (the only one without asking). */
export async function pickAdminKey(org: OrganizationController, given?: string): Promise<KeyRecord> {
  const admins = org.adminKeys();
  if (given) {
    const found = admins.find((a) => a.id === given);
    if (!found) throw new UserError('That admin key is not stored here.');
    return found;
  }
  if (admins.length === 0) throw new UserError('This needs an admin key (sk-admin-…): add one with Add API Key first. Make it at platform.openai.com → Organization settings → Admin keys.');
  if (admins.length === 1) return admins[0]!;
  const picked = await vscode.window.showQuickPick(admins.map((a) => ({ label: a.name, description: a.baseUrl, record: a })), { title: TITLE, placeHolder: 'Admin key of the organization', ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.record;
}

async function pickProject(org: OrganizationController, adminId: string, given?: string): Promise<AdminProject> {
  const projects = (await org.organization(adminId)).map((p) => p.project);
  if (given) {
    const found = projects.find((p) => p.id === given);
    if (!found) throw new UserError(`Project ${given} is not in this organization (or is archived).`);
    return found;
  }
  if (projects.length === 0) throw new UserError('This organization has no projects: create one at platform.openai.com first.');
  const picked = await vscode.window.showQuickPick(projects.map((p) => ({ label: p.name, description: p.id, project: p })), { title: `${TITLE} (1/3)`, placeHolder: 'Project the key belongs to', ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.project;
}

async function pickLevel(org: OrganizationController, args: Partial<CreateKeyArgs>): Promise<Permission> {
  const rec = (await computeRecommendation(org.services)).recommendation;
  const recommended: Permission = { level: 'restricted', matrix: rec.matrix };
  if (args.level === 'recommended') return recommended;
  if (args.level) return validatePermissionForLevel(args.level, args.matrix);
  const items = [
    { label: 'Restricted (recommended)', description: describeMatrix(rec.matrix), detail: 'From the routes in this workspace\'s saved requests and history', pick: 'recommended' as const },
    { label: 'Restricted: choose groups…', description: 'Starts from the recommendation', pick: 'choose' as const },
    { label: 'Read only', description: 'Read on every endpoint, no writes, no model calls', pick: 'read-only' as const },
    { label: 'All', description: 'Full access', pick: 'all' as const },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: `${TITLE} (3/3)`, placeHolder: 'Permissions of the new key', ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  if (picked.pick === 'recommended') return recommended;
  if (picked.pick === 'choose') return pickPermission(recommended, TITLE);
  return { level: picked.pick };
}

function grantsNothing(matrix: PermissionMatrix): boolean {
  return (RESOURCE_GROUPS as readonly ResourceGroup[]).every((g) => g.admin || matrix[g.id] === 'none');
}

/**
 * Mints a key through a service account made for it alone (create_service_account_only: true, never
 * the unrestricted default), stores the value in SecretStorage at once (never shown, copied or
 * logged), makes it this workspace's active key and detects what it can really do.
 */
export async function createWorkspaceKey(org: OrganizationController, args: Partial<CreateKeyArgs>): Promise<CreateKeyOutcome> {
  const { vault, logger } = org.services;
  if (!vault.workspace) throw new UserError('Open a folder or workspace first: the new key is made for it.');
  const admin = await pickAdminKey(org, args.adminKeyId);
  const project = await pickProject(org, admin.id, args.projectId);
  const name = args.name ?? (await promptText(`${TITLE} (2/3)`, 'Name of the new key (as shown at OpenAI and here)', vault.workspace.name, {
    validate: (v) => (vault.visibleKeys().some((k) => k.name === v) ? 'A key with this name already exists here.' : undefined),
  }));
  const permission = await pickLevel(org, args);
  const scopes = scopesForPermission(permission);
  if (scopes.length === 0) throw new UserError('That permission grants nothing, so there is no key to make: choose at least one group.');

  const client = await org.client(admin.id);
  const account = await client.createServiceAccount(project.id, `${name} (OpenAI Connector)`);
  let minted;
  try {
    minted = await client.mintKey(project.id, account.id, name, scopes);
  } catch (error) {
    // Nothing half-made: the empty account goes again.
    await client.deleteServiceAccount(project.id, account.id).catch((e: unknown) => logger.warn('organization', `Could not delete the empty service account ${account.id}: ${String(e)}`));
    throw error;
  }
  const base: CreateKeyOutcome = { projectId: project.id, serviceAccountId: account.id, remoteKeyId: minted.id, scopes, stored: false, revoked: false };
  logger.info('organization', `Minted key ${minted.id} in ${project.id} through service account ${account.id} with ${scopes.length} scope(s).`);

  let record: KeyRecord;
  try {
    if (args.failStore) throw new Error('secret storage is unavailable (simulated by the test host)');
    record = await vault.add({ secret: minted.value, name, scope: 'workspace', permission, baseUrl: admin.baseUrl, project: project.id });
  } catch (error) {
    return storeFailed(org, client, base, name, project, error, args.afterStoreFailure);
  }
  await org.link(record.id, admin.id, { id: minted.id, projectId: project.id, name, redactedValue: '', createdAt: 0, lastUsedAt: null, ownerProjectAccess: 'active', owner: { type: 'service_account', id: account.id, name: account.name } }, { ownAccount: true, scopes });
  await vault.setActive(record.id);
  org.refresh();

  if (!isOpenAIOrigin(record.baseUrl, org.services.settings.testOpenAIOrigins)) {
    void vscode.window.showInformationMessage(`Key '${name}' was created in ${project.name}, stored in secret storage and made active here. Its base URL is not OpenAI's, so its permissions were not detected.`);
    return { ...base, keyId: record.id, stored: true };
  }
  const detected = (await probe(org.services, record)).matrix;
  if (!grantsNothing(detected)) {
    await vault.update(record.id, { permission: toPermission(detected), lastVerifiedAt: new Date().toISOString() });
    void vscode.window.showInformationMessage(`Key '${name}' was created in ${project.name} (${describePermission(permission)}), stored in secret storage and made active here. Detected: ${describeMatrix(detected)}.`);
    return { ...base, keyId: record.id, stored: true, detected, canDoNothing: false };
  }
  return noAccess(org, client, { ...base, keyId: record.id, stored: true, detected }, record, project, args.onNoAccess);
}

async function storeFailed(org: OrganizationController, client: AdminClient, base: CreateKeyOutcome, name: string, project: AdminProject, error: unknown, answer?: 'revoke' | 'leave'): Promise<CreateKeyOutcome> {
  const reason = error instanceof Error ? error.message : String(error);
  org.services.logger.error('organization', `Key ${base.remoteKeyId} was minted but not stored: ${reason}`);
  const choice = answer ?? ((await vscode.window.showErrorMessage(
    `Key '${name}' was created at OpenAI (project ${project.name}, key ${base.remoteKeyId}) but could not be stored in VS Code's secret storage: ${reason}. Its value was not kept anywhere, so nobody can use it. Revoke it at OpenAI now?`,
    { modal: true }, 'Revoke at OpenAI') === 'Revoke at OpenAI') ? 'revoke' : 'leave');
  if (choice === 'leave') {
    void vscode.window.showWarningMessage(`Key ${base.remoteKeyId} stays at OpenAI in project ${project.name} (service account ${base.serviceAccountId}); revoke it from the Organization view when you wish.`);
    return base;
  }
  await client.deleteServiceAccount(project.id, base.serviceAccountId);
  void vscode.window.showInformationMessage(`Key ${base.remoteKeyId} and its service account were deleted at OpenAI; nothing is left over.`);
  org.refresh();
  return { ...base, revoked: true };
}

async function noAccess(org: OrganizationController, client: AdminClient, outcome: CreateKeyOutcome, record: KeyRecord, project: AdminProject, answer?: CreateKeyArgs['onNoAccess']): Promise<CreateKeyOutcome> {
  const { vault } = org.services;
  const choice = answer ?? await (async () => {
    const picked = await vscode.window.showWarningMessage(
      `Key '${record.name}' can do nothing: OpenAI gives a key of a service account without a role no access, whatever its scopes.`,
      {
        modal: true,
        detail: 'The alternative is a service account with the default project role (Member). Its key is unrestricted: it has All permissions, not the ones you chose, and OpenAI lets it be revoked only by deleting that account. '
          + 'Use Unrestricted Key replaces the stored value with that key and deletes the useless one. Keep Key leaves things as they are; Revoke Key deletes it at OpenAI.',
      },
      'Use Unrestricted Key', 'Keep Key', 'Revoke Key',
    );
    return picked === 'Use Unrestricted Key' ? 'unrestricted' : picked === 'Revoke Key' ? 'revoke' : 'keep';
  })();
  if (choice === 'keep') {
    void vscode.window.showWarningMessage(`Key '${record.name}' is stored and active but can do nothing yet.`);
    return { ...outcome, canDoNothing: true };
  }
  await client.deleteServiceAccount(project.id, outcome.serviceAccountId);
  if (choice === 'revoke') {
    await vault.remove(record.id);
    await org.links.delete(record.id);
    void vscode.window.showInformationMessage(`Key '${record.name}' was revoked at OpenAI and removed here.`);
    return { ...outcome, canDoNothing: true, revoked: true, stored: false };
  }
  const made = await client.createServiceAccountWithDefaultKey(project.id, `${record.name} (OpenAI Connector, unrestricted)`);
  await vault.rotate(record.id, made.key.value);
  await vault.update(record.id, { permission: { level: 'all' } });
  await org.link(record.id, org.links.get(record.id)?.adminKeyId ?? '', { id: made.key.id, projectId: project.id, name: record.name, redactedValue: '', createdAt: 0, lastUsedAt: null, ownerProjectAccess: 'active', owner: { type: 'service_account', id: made.account.id, name: made.account.name } }, { ownAccount: true });
  void vscode.window.showInformationMessage(`Key '${record.name}' now holds an unrestricted key of service account ${made.account.id}; it lives until that account is deleted.`);
  return { ...outcome, canDoNothing: true, unrestricted: true, serviceAccountId: made.account.id, remoteKeyId: made.key.id };
}
