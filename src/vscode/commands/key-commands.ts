import * as vscode from 'vscode';
import { isOpenAIOrigin } from '../../core/base-url';
import { maskFromParts } from '../../core/key-format';
import { Permission, parsePermission } from '../../core/permissions';
import { UserError } from '../../core/user-error';
import { confirmModal, promptSecret, promptText, resolveKey, validSecret } from '../key-prompts';
import { pickPermission } from '../permission-picker';
import { DefineCommand, Services } from '../services';
import { AddKeyArgs, addKeyFlow } from './add-key';

/** Scripted confirmation for tests and automation; without it the modal is shown. */
interface Confirmed {
  readonly confirmed?: boolean;
}

export function defineKeyCommands(services: Services, define: DefineCommand): void {
  const { vault, logger } = services;

  define('openaiConnector.addKey', 'Add API Key', (args?: AddKeyArgs) => addKeyFlow(services, isObject(args) ? args : {}, { source: 'the palette', interactive: !isObject(args) }));

  define('openaiConnector.removeKey', 'Remove API Key', async (arg?: unknown, opts?: Confirmed) => {
    const record = await resolveKey(vault, arg, 'Key to remove');
    if (!confirmedBy(arg, opts)) {
      await confirmModal(`Remove key '${record.name}'?`, 'Its secret is deleted from VS Code\'s secret storage. The key stays valid at OpenAI until you revoke it at platform.openai.com/api-keys.', 'Remove');
    }
    await vault.remove(record.id);
    void vscode.window.showInformationMessage(`Key '${record.name}' removed.`);
  });

  const rotate = async (arg?: unknown, opts?: { secret?: string }) => {
    const record = await resolveKey(vault, arg, 'Key to rotate');
    const given = opts?.secret ?? (isObject(arg) && typeof (arg as { secret?: unknown }).secret === 'string' ? (arg as { secret: string }).secret : undefined);
    const compatible = !isOpenAIOrigin(record.baseUrl);
    const secret = given !== undefined ? validSecret(given, compatible) : await promptSecret(`Rotate API Key: new value for '${record.name}'`, compatible);
    const other = await vault.findBySecret(secret);
    if (other && other.id !== record.id) throw new UserError(`That value is already stored as '${other.name}'.`, 'warning');
    const rotated = await vault.rotate(record.id, secret);
    void vscode.window.showInformationMessage(`Key '${rotated.name}' rotated: every workspace that uses it now has ${maskFromParts(rotated.kind, rotated.last4)}. Revoke the old key at platform.openai.com/api-keys.`);
    return rotated;
  };
  define('openaiConnector.rotateKey', 'Rotate API Key', rotate);
  define('openaiConnector.tree.reenterKey', 'Re-enter Key', rotate);

  define('openaiConnector.renameKey', 'Rename API Key', async (arg?: unknown, opts?: { name?: string }) => {
    const record = await resolveKey(vault, arg, 'Key to rename');
    const name = opts?.name?.trim() || (await promptText('Rename API Key', 'New name', record.name));
    if (name !== record.name && vault.allKeys().some((k) => k.id !== record.id && k.name === name && k.scope.kind === record.scope.kind)) {
      throw new UserError(`A key named '${name}' already exists there.`);
    }
    await vault.update(record.id, { name });
  });

  define('openaiConnector.setPermissionLevel', 'Set Permission Level', async (arg?: unknown, opts?: { permission?: Permission }) => {
    const record = await resolveKey(vault, arg, 'Key whose permission level to set');
    const permission = opts?.permission ? parsePermission(opts.permission) : await pickPermission(record.permission, `Set Permission Level of '${record.name}'`, record.kind);
    await vault.update(record.id, { permission });
  });

  define('openaiConnector.setActiveKey', 'Set Active Key for This Workspace', async (arg?: unknown) => {
    const record = await resolveKey(vault, arg, 'Active key for this workspace', (k) => vault.isVisibleHere(k) && !vault.isSecretMissing(k.id));
    await vault.setActive(record.id);
    void vscode.window.setStatusBarMessage(`OpenAI Connector: '${record.name}' is this workspace's active key.`, 4000);
  });

  define('openaiConnector.copyMaskedKey', 'Copy Masked Key', async (arg?: unknown) => {
    const record = await resolveKey(vault, arg, 'Key whose masked value to copy');
    await vscode.env.clipboard.writeText(maskFromParts(record.kind, record.last4));
  });

  define('openaiConnector.copyKey', 'Copy API Key', async (arg?: unknown, opts?: Confirmed) => {
    const record = await resolveKey(vault, arg, 'Key to copy');
    if (!confirmedBy(arg, opts)) {
      await confirmModal(`Copy the full value of '${record.name}' to the clipboard?`, 'Anything that can read your clipboard, and anything you paste into, gets the key. Prefer Open Terminal with Active Key or the request builder.', 'Copy Key');
    }
    await vscode.env.clipboard.writeText(await vault.getSecret(record.id));
    logger.info('keys', `Key '${record.name}' copied to the clipboard.`);
    void vscode.window.setStatusBarMessage(`OpenAI Connector: key '${record.name}' copied. Clear your clipboard when done.`, 5000);
  });

}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !('type' in value);
}

function confirmedBy(arg: unknown, opts: Confirmed | undefined): boolean {
  return opts?.confirmed === true || (isObject(arg) && arg.confirmed === true);
}
