import * as vscode from 'vscode';
import { DEFAULT_BASE_URL, isOpenAIOrigin } from '../../core/common/base-url';
import { KEY_KIND_LABELS, checkKey, detectKeyKind } from '../../core/keys/key-format';
import { KeyRecord } from '../../core/keys/key-index';
import { Permission, parsePermission } from '../../core/permissions/permission-model';
import { UserError } from '../../core/common/user-error';
import { pickPermission } from '../keys/permission-picker';
import { pickScope, promptBaseUrl, promptSecret, promptText, validBaseUrl, validSecret } from '../keys/key-prompts';
import { Services } from '../common/services';

/** Arguments for scripted use (tests, automation): what is left out takes its default. Without arguments every field is asked for. */
export interface AddKeyArgs {
  readonly secret?: string;
  readonly name?: string;
  readonly scope?: 'workspace' | 'global';
  readonly permission?: Permission;
  readonly baseUrl?: string;
  readonly organization?: string;
  readonly project?: string;
}

const TITLE = 'Add API Key';

/**
 * The Add API Key flow. With `args` it asks only for what is missing; called with a secret from an
 * import it skips the password box. Returns the stored record (never the secret).
 */
export async function addKeyFlow(services: Services, args: AddKeyArgs, opts: { source: string; interactive: boolean }): Promise<KeyRecord> {
  const { vault } = services;
  const scripted = !opts.interactive;
  const compatible = args.baseUrl !== undefined && !isOpenAIOrigin(args.baseUrl);
  const secret = args.secret !== undefined ? validSecret(args.secret, compatible) : await promptSecret(`${TITLE} (1/5)`);

  const duplicate = await vault.findBySecret(secret);
  if (duplicate) throw new UserError(`This key is already stored as '${duplicate.name}'. Use Rotate API Key to replace a key's value.`, 'warning');

  const kind = detectKeyKind(secret);
  const warning = checkKey(secret).warning;
  if (warning && !scripted) {
    const go = await vscode.window.showWarningMessage(warning, { modal: true }, 'Keep It');
    if (go !== 'Keep It') throw new UserError('Key not added.', 'info');
  }

  const name = args.name?.trim() || (!scripted ? await promptText(`${TITLE} (2/5)`, 'A name that says which app uses this key', `${KEY_KIND_LABELS[kind]} key`, {
    validate: (v) => (vault.visibleKeys().some((k) => k.name === v) ? 'A key with this name already exists here.' : undefined),
  }) : `${KEY_KIND_LABELS[kind]} key`);
  const scope = args.scope ?? (scripted ? (vault.workspace ? 'workspace' : 'global') : await pickScope(vault, `${TITLE} (3/5)`));
  const permission = args.permission ? parsePermission(args.permission) : scripted ? { level: 'all' as const } : await pickPermission(undefined, `${TITLE} (4/5)`, kind);
  const baseUrl = scripted ? validBaseUrl(args.baseUrl ?? DEFAULT_BASE_URL) : await promptBaseUrl(`${TITLE} (5/5)`, args.baseUrl);
  let { organization, project } = args;
  if (!scripted) {
    organization = (await promptText(`${TITLE}: organization`, 'Organization id (optional, org-…); leave empty for the key\'s default', organization ?? '', { optional: true })) || undefined;
    project = (await promptText(`${TITLE}: project`, 'Project id (optional, proj_…); leave empty for the key\'s default', project ?? '', { optional: true })) || undefined;
  }

  const record = await vault.add({
    secret, name, scope, permission, baseUrl,
    ...(organization ? { organization } : {}),
    ...(project ? { project } : {}),
  });
  services.logger.info('keys', `Key '${record.name}' added from ${opts.source}.`);
  void vscode.window.showInformationMessage(`Key '${record.name}' is stored in VS Code's secret storage.`);
  return record;
}
