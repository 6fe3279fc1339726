import * as vscode from 'vscode';
import { isOpenAIOrigin } from '../../core/common/base-url';
import { maskFromParts } from '../../core/keys/key-format';
import { parsePermission } from '../../core/permissions/permission-model';
import { UserError } from '../../core/common/user-error';
import { confirmModal, promptSecret, promptText, resolveKey, validSecret } from '../keys/key-prompts';
import { pickPermission } from '../keys/permission-picker';
import { Services } from '../common/services';
import { addKeyFlow } from './add-key';
import { CommandCall, CommandHandlers, KeyRef, scriptedKeyId } from './command-surface';

export type KeyCommandId =
  | 'openaiConnector.addKey' | 'openaiConnector.removeKey' | 'openaiConnector.rotateKey' | 'openaiConnector.tree.reenterKey'
  | 'openaiConnector.renameKey' | 'openaiConnector.setPermissionLevel' | 'openaiConnector.setActiveKey'
  | 'openaiConnector.copyMaskedKey' | 'openaiConnector.copyKey';

/** The key a call names: the tree node's, a test's, or none (then the user picks). */
function keyOf(call: { target: string | undefined; script: readonly unknown[] | undefined }): string | undefined {
  return call.target ?? scriptedKeyId(call.script?.[0] as KeyRef | undefined);
}

/** A test's confirmation, in the options or in `{ keyId, confirmed }`; never from anyone else. */
function confirmedByScript(script: readonly unknown[] | undefined): boolean {
  const [key, opts] = (script ?? []) as [KeyRef | undefined, { confirmed?: unknown } | undefined];
  return opts?.confirmed === true || (typeof key === 'object' && key?.confirmed === true);
}

export function keyCommands(services: Services): CommandHandlers<KeyCommandId> {
  const { vault, logger } = services;

  const rotate = async (call: CommandCall<'openaiConnector.rotateKey'> | CommandCall<'openaiConnector.tree.reenterKey'>) => {
    const record = await resolveKey(vault, keyOf(call), 'Key to rotate');
    const [key, opts] = call.script ?? [];
    const given = opts?.secret ?? (typeof key === 'object' ? key.secret : undefined);
    const compatible = !isOpenAIOrigin(record.baseUrl);
    const secret = given !== undefined ? validSecret(given, compatible) : await promptSecret(`Rotate API Key: new value for '${record.name}'`, compatible);
    const other = await vault.findBySecret(secret);
    if (other && other.id !== record.id) throw new UserError(`That value is already stored as '${other.name}'.`, 'warning');
    const rotated = await vault.rotate(record.id, secret);
    void vscode.window.showInformationMessage(`Key '${rotated.name}' rotated: every workspace that uses it now has ${maskFromParts(rotated.kind, rotated.last4)}. Revoke the old key at platform.openai.com/api-keys.`);
    return rotated;
  };

  return {
    'openaiConnector.addKey': ({ script }) => {
      const args = script?.[0];
      return addKeyFlow(services, args ?? {}, { source: 'the palette', interactive: args === undefined });
    },

    'openaiConnector.removeKey': async (call) => {
      const record = await resolveKey(vault, keyOf(call), 'Key to remove');
      if (!confirmedByScript(call.script)) {
        await confirmModal(`Remove key '${record.name}'?`, 'Its secret is deleted from VS Code\'s secret storage. The key stays valid at OpenAI until you revoke it at platform.openai.com/api-keys.', 'Remove');
      }
      await vault.remove(record.id);
      void vscode.window.showInformationMessage(`Key '${record.name}' removed.`);
    },

    'openaiConnector.rotateKey': rotate,
    'openaiConnector.tree.reenterKey': rotate,

    'openaiConnector.renameKey': async (call) => {
      const record = await resolveKey(vault, keyOf(call), 'Key to rename');
      const name = call.script?.[1]?.name?.trim() || (await promptText('Rename API Key', 'New name', record.name));
      if (name !== record.name && vault.allKeys().some((k) => k.id !== record.id && k.name === name && k.scope.kind === record.scope.kind)) {
        throw new UserError(`A key named '${name}' already exists there.`);
      }
      await vault.update(record.id, { name });
    },

    'openaiConnector.setPermissionLevel': async (call) => {
      const record = await resolveKey(vault, keyOf(call), 'Key whose permission level to set');
      const given = call.script?.[1]?.permission;
      const permission = given ? parsePermission(given) : await pickPermission(record.permission, `Set Permission Level of '${record.name}'`, record.kind);
      await vault.update(record.id, { permission });
    },

    'openaiConnector.setActiveKey': async (call) => {
      const record = await resolveKey(vault, keyOf(call), 'Active key for this workspace', (k) => vault.isVisibleHere(k) && !vault.isSecretMissing(k.id));
      await vault.setActive(record.id);
      void vscode.window.setStatusBarMessage(`OpenAI Connector: '${record.name}' is this workspace's active key.`, 4000);
    },

    'openaiConnector.copyMaskedKey': async (call) => {
      const record = await resolveKey(vault, keyOf(call), 'Key whose masked value to copy');
      await vscode.env.clipboard.writeText(maskFromParts(record.kind, record.last4));
    },

    'openaiConnector.copyKey': async (call) => {
      const record = await resolveKey(vault, keyOf(call), 'Key to copy');
      if (!confirmedByScript(call.script)) {
        await confirmModal(`Copy the full value of '${record.name}' to the clipboard?`, 'Anything that can read your clipboard, and anything you paste into, gets the key. Prefer Open Terminal with Active Key or the request builder.', 'Copy Key');
      }
      await vscode.env.clipboard.writeText(await vault.getSecret(record.id));
      logger.info('keys', `Key '${record.name}' copied to the clipboard.`);
      void vscode.window.setStatusBarMessage(`OpenAI Connector: key '${record.name}' copied. Clear your clipboard when done.`, 5000);
    },
  };
}
