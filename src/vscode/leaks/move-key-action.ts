import * as vscode from 'vscode';
import { maskKey } from '../../core/keys/key-format';
import { KeyRecord } from '../../core/keys/key-index';
import { findKeyLeaks } from '../../core/leaks/key-patterns';
import { ENV_VAR, envExpression, planReplacement } from '../../core/leaks/replacement';
import { Permission } from '../../core/permissions/permission-model';
import { UserError } from '../../core/common/user-error';
import { addKeyFlow } from '../commands/add-key';
import { pickScope, promptText } from '../keys/key-prompts';
import { Services } from '../common/services';
import { isLeakDiagnostic } from './leak-diagnostics';

export const MOVE_KEY_COMMAND = 'openaiConnector.leaks.moveKey';
const TITLE = 'Move key to OpenAI Connector';

/** Where the key is. Never the key itself: code action arguments travel through the workbench. */
export interface MoveKeyTarget {
  readonly uri: string;
  readonly line: number;
  readonly character: number;
}

/** Scripted answers (tests, automation); without them the name and scope are asked for. */
export interface MoveKeyAnswers {
  readonly name?: string;
  readonly scope?: 'workspace' | 'global';
  readonly permission?: Permission;
  /** Save the file after the edit when it had no other unsaved changes (default true). */
  readonly save?: boolean;
}

export interface MoveKeyResult {
  readonly keyId: string;
  /** False when the key was already stored and only the file changed. */
  readonly stored: boolean;
}

/** Offers the quick fix on our warnings, in trusted workspaces only: elsewhere the scanner only reports. */
export class MoveKeyCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!vscode.workspace.isTrusted) return [];
    return context.diagnostics.filter(isLeakDiagnostic).map((d) => {
      const action = new vscode.CodeAction(TITLE, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = true;
      const target: MoveKeyTarget = { uri: doc.uri.toString(), line: d.range.start.line, character: d.range.start.character };
      action.command = { command: MOVE_KEY_COMMAND, title: TITLE, arguments: [target] };
      return action;
    });
  }
}

/**
 * Stores the key (or recognises it as stored) and replaces it with the language's environment lookup,
 * in one WorkspaceEdit so that one undo restores the file.
 */
export async function moveKeyToVault(services: Services, target: MoveKeyTarget, answers?: MoveKeyAnswers): Promise<MoveKeyResult> {
  if (!vscode.workspace.isTrusted) {
    throw new UserError('This workspace is not trusted, so the leak scanner only reports keys. Trust the workspace to move them.', 'info');
  }
  if (typeof target?.uri !== 'string' || !Number.isInteger(target.line) || !Number.isInteger(target.character)) {
    throw new UserError('Run this from the quick fix of a leaked-key warning.', 'info');
  }
  const uri = vscode.Uri.parse(target.uri);
  const doc = await vscode.workspace.openTextDocument(uri);
  const where = doc.offsetAt(new vscode.Position(target.line, target.character));
  const found = findKeyLeaks(doc.getText()).find((m) => m.start <= where && where < m.end);
  if (!found) throw new UserError('That key is no longer in the file.', 'info');
  const secret = found.value;
  const relative = vscode.workspace.asRelativePath(uri);

  const { vault } = services;
  let record: KeyRecord | undefined = await vault.findBySecret(secret);
  const stored = record === undefined;
  if (!record) {
    const interactive = answers === undefined;
    const name = answers?.name ?? (interactive
      ? await promptText(`${TITLE} (1/2)`, `A name that says which app uses ${maskKey(secret)}`, suggestName(uri), {
        validate: (v) => (vault.visibleKeys().some((k) => k.name === v) ? 'A key with this name already exists here.' : undefined),
      })
      : undefined);
    const scope = answers?.scope ?? (interactive ? await pickScope(vault, `${TITLE} (2/2)`) : undefined);
    record = await addKeyFlow(services, {
      secret,
      ...(name ? { name } : {}),
      ...(scope ? { scope } : {}),
      ...(answers?.permission ? { permission: answers.permission } : {}),
    }, { source: relative, interactive: false });
  }

  await replaceKeyLiteral(doc, secret, where, answers?.save !== false, record.name);
  services.logger.info('leaks', `Moved ${maskKey(secret)} from ${relative} to key '${record.name}'.`);
  const terminals = services.settings.injectIntoTerminals ? '' : ' Turn on openaiConnector.terminal.injectActiveKey to give it to new terminals.';
  // The lookup reads the workspace's active key: offer to make this one active when another is.
  const canActivate = vault.workspace !== undefined && vault.isVisibleHere(record) && vault.activeKey()?.id !== record.id;
  const keyId = record.id;
  void vscode.window.showInformationMessage(
    `${relative} now reads ${ENV_VAR}; the key is ${stored ? 'stored' : 'already stored'} as '${record.name}'.${terminals} If the file was ever committed or shared, rotate the key.`,
    ...(canActivate ? ['Make It Active'] : []),
  ).then((choice) => (choice ? vault.setActive(keyId) : undefined)).then(undefined, (error: unknown) => services.logger.warn('leaks', String(error)));
  return { keyId: record.id, stored };
}

function suggestName(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.name;
  return folder ? `${folder} key` : 'project key';
}

/**
 * Replaces the key nearest to `where` with the language's environment lookup, in one WorkspaceEdit
 * (one undo restores the file); saves when the file had no other unsaved changes and `save`.
 * Returns the expression written. Also used by Revoke and Replace.
 */
export async function replaceKeyLiteral(doc: vscode.TextDocument, secret: string, where: number, save: boolean, keyName: string): Promise<string> {
  const uri = doc.uri;
  const relative = vscode.workspace.asRelativePath(uri);
  // Prompts may have taken time: find the key again where it is now, nearest to where it was.
  const text = doc.getText();
  const now = findKeyLeaks(text).filter((m) => m.value === secret).sort((a, b) => Math.abs(a.start - where) - Math.abs(b.start - where))[0];
  if (!now) throw new UserError(`Key '${keyName}' is stored, but it is no longer in ${relative}.`, 'info');
  const plan = planReplacement(text, now.start, now.end, doc.languageId, doc.fileName);
  const expression = envExpression(plan.family) || `an empty ${ENV_VAR}`;
  const edit = new vscode.WorkspaceEdit();
  const metadata = { label: TITLE, needsConfirmation: false };
  for (const e of plan.edits) edit.replace(uri, new vscode.Range(doc.positionAt(e.start), doc.positionAt(e.end)), e.newText, metadata);
  const wasDirty = doc.isDirty;
  if (!(await vscode.workspace.applyEdit(edit))) {
    throw new UserError(`Key '${keyName}' is stored, but ${relative} could not be edited: replace the key there with ${expression} by hand.`);
  }
  if (!wasDirty && save && uri.scheme === 'file') await doc.save();
  return expression;
}
