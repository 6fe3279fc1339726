import * as vscode from 'vscode';
import { DEFAULT_BASE_URL, checkBaseUrl } from '../../core/common/base-url';
import { KEY_KIND_LABELS, checkKey, maskFromParts, normalizeKeyInput } from '../../core/keys/key-format';
import { KeyRecord } from '../../core/keys/key-index';
import { PERMISSION_LEVEL_LABELS } from '../../core/permissions/permission-model';
import { Cancelled, UserError } from '../../core/common/user-error';
import { KeyVault } from './key-vault';

/** A password box that cleans what is pasted and validates as the user types. */
export async function promptSecret(title: string, compatibleServer = false): Promise<string> {
  const value = await vscode.window.showInputBox({
    title,
    prompt: 'Paste the secret key from platform.openai.com/api-keys. It is stored in VS Code\'s secret storage only.',
    placeHolder: 'sk-proj-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const check = checkKey(normalizeKeyInput(text), { compatibleServer });
      if (check.error) return text.length === 0 ? undefined : { message: check.error, severity: vscode.InputBoxValidationSeverity.Error };
      if (check.warning) return { message: check.warning, severity: vscode.InputBoxValidationSeverity.Warning };
      return { message: `Looks like a ${KEY_KIND_LABELS[check.kind]} key.`, severity: vscode.InputBoxValidationSeverity.Info };
    },
  });
  if (value === undefined) throw new Cancelled();
  return validSecret(value, compatibleServer);
}

/** Normalises a key from any source and throws a clear error when it cannot be a key. */
export function validSecret(raw: string, compatibleServer = false): string {
  const secret = normalizeKeyInput(raw);
  const check = checkKey(secret, { compatibleServer });
  if (check.error) throw new UserError(check.error);
  return secret;
}

export async function promptText(title: string, prompt: string, value: string, opts: { optional?: boolean; validate?: (v: string) => string | undefined } = {}): Promise<string> {
  const result = await vscode.window.showInputBox({
    title,
    prompt,
    value,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? (opts.optional ? undefined : 'Required.') : opts.validate?.(v.trim())),
  });
  if (result === undefined) throw new Cancelled();
  return result.trim();
}

export async function promptBaseUrl(title: string, value = DEFAULT_BASE_URL): Promise<string> {
  const raw = await vscode.window.showInputBox({
    title,
    prompt: 'Base URL: OpenAI\'s, or an OpenAI-compatible server\'s. The key is only ever sent there.',
    value,
    ignoreFocusOut: true,
    validateInput: (v) => {
      const check = checkBaseUrl(v);
      if (check.error) return { message: check.error, severity: vscode.InputBoxValidationSeverity.Error };
      if (check.warning) return { message: check.warning, severity: vscode.InputBoxValidationSeverity.Warning };
      return undefined;
    },
  });
  if (raw === undefined) throw new Cancelled();
  return validBaseUrl(raw);
}

export function validBaseUrl(raw: string): string {
  const check = checkBaseUrl(raw);
  if (check.error || !check.url) throw new UserError(check.error ?? 'Invalid base URL.');
  return check.url;
}

export async function pickScope(vault: KeyVault, title: string): Promise<'workspace' | 'global'> {
  if (!vault.workspace) return 'global';
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'This workspace', description: vault.workspace.name, scope: 'workspace' as const },
      { label: 'All workspaces', description: 'Shared by every workspace on this machine', scope: 'global' as const },
    ],
    { title, placeHolder: 'Where the key applies', ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  return picked.scope;
}

export function describeKey(record: KeyRecord): string {
  return `${maskFromParts(record.kind, record.last4)} · ${KEY_KIND_LABELS[record.kind]} · ${PERMISSION_LEVEL_LABELS[record.permission.level]}`;
}

/** Resolves a command's key argument: a tree node, `{ keyId }`, an id, or a quick pick. */
export async function resolveKey(vault: KeyVault, arg: unknown, placeHolder: string, filter: (k: KeyRecord) => boolean = () => true): Promise<KeyRecord> {
  const id = keyIdOf(arg);
  if (id) {
    // A node of the keys view, clicked by the user, may name any key the view lists; a bare id only
    // this workspace's keys and global ones.
    if (isKeysViewNode(vault, arg)) {
      const record = vault.get(id);
      if (!record) throw new UserError('That key no longer exists; refresh the keys view.');
      return record;
    }
    return vault.usableHere(id);
  }
  const active = vault.activeKey();
  const candidates = vault.allKeys().filter(filter);
  if (candidates.length === 0) throw new UserError('No API keys yet: run "OpenAI Connector: Add API Key" first.');
  const items = candidates
    .map((record) => ({
      label: `${record.id === active?.id ? '$(pass-filled) ' : ''}${record.name}`,
      description: describeKey(record),
      detail: record.scope.kind === 'global' ? 'All workspaces' : record.scope.workspaceName,
      record,
    }))
    .sort((a, b) => Number(vault.isVisibleHere(b.record)) - Number(vault.isVisibleHere(a.record)));
  const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) throw new Cancelled();
  return picked.record;
}

/** True for a key node that the keys view handed to VS Code: its record is the vault's own object. */
function isKeysViewNode(vault: KeyVault, arg: unknown): boolean {
  const node = arg as { type?: unknown; record?: unknown } | null;
  return typeof node === 'object' && node !== null && node.type === 'key' && vault.allKeys().includes(node.record as KeyRecord);
}

function keyIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { keyId?: unknown; record?: { id?: unknown } };
  if (typeof a.keyId === 'string') return a.keyId;
  if (typeof a.record?.id === 'string') return a.record.id;
  return undefined;
}

export async function confirmModal(message: string, detail: string, action: string): Promise<void> {
  const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, action);
  if (choice !== action) throw new Cancelled();
}
