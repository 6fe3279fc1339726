import * as path from 'node:path';
import * as vscode from 'vscode';
import { findKeysInDotEnv, findOpenAISettings } from '../../core/keys/dotenv';
import { maskKey } from '../../core/keys/key-format';
import { Cancelled, UserError } from '../../core/common/user-error';
import { isTrackedByGit } from '../leaks/git-tracking';
import { Services } from '../common/services';
import { AddKeyArgs, addKeyFlow } from './add-key';
import type { CommandHandlers } from './command-surface';

export type ImportCommandId = 'openaiConnector.importFromEnvironment' | 'openaiConnector.importFromDotEnv';

/** Scripted arguments (test mode only). */
export interface ImportDotEnvArgs {
  readonly uri?: vscode.Uri | string;
  /** Scripted answers: remove the line afterwards, and the add-flow fields. */
  readonly removeLine?: boolean;
  readonly add?: Omit<AddKeyArgs, 'secret'>;
}

export function importCommands(services: Services): CommandHandlers<ImportCommandId> {
  return {
  'openaiConnector.importFromEnvironment': async ({ script }) => {
    const args: Omit<AddKeyArgs, 'secret'> | undefined = script?.[0];
    const secret = process.env.OPENAI_API_KEY;
    if (!secret) throw new UserError('OPENAI_API_KEY is not set in the environment VS Code was started from.', 'info');
    const fromEnv = {
      ...(process.env.OPENAI_BASE_URL ? { baseUrl: process.env.OPENAI_BASE_URL } : {}),
      ...(process.env.OPENAI_ORG_ID ? { organization: process.env.OPENAI_ORG_ID } : {}),
      ...(process.env.OPENAI_PROJECT_ID ? { project: process.env.OPENAI_PROJECT_ID } : {}),
    };
    return addKeyFlow(services, { ...fromEnv, ...args, secret }, { source: 'the environment', interactive: args === undefined });
  },

  'openaiConnector.importFromDotEnv': async ({ script }) => {
    const args: ImportDotEnvArgs | undefined = script?.[0];
    if (vscode.workspace.workspaceFolders?.some((f) => f.uri.scheme !== 'file')) {
      throw new UserError('Import from .env needs files on disk; this is a virtual workspace.', 'info');
    }
    const uri = args?.uri ? (typeof args.uri === 'string' ? vscode.Uri.file(args.uri) : args.uri) : await pickDotEnv();
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const found = findKeysInDotEnv(text);
    if (found.length === 0) throw new UserError(`No OpenAI key found in ${vscode.workspace.asRelativePath(uri)}.`, 'info');
    const entry = found.length === 1 || args ? found[0]! : await pickEntry(found);
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? path.dirname(uri.fsPath);
    if (uri.scheme === 'file' && (await isTrackedByGit(uri.fsPath, folder))) {
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} is tracked by git: consider ${maskKey(entry.value)} leaked and rotate it at platform.openai.com/api-keys.`);
    }
    const settings = findOpenAISettings(text);
    const record = await addKeyFlow(services, { ...settings, ...args?.add, secret: entry.value }, { source: vscode.workspace.asRelativePath(uri), interactive: args === undefined });

    const remove = args?.removeLine ?? (await vscode.window.showInformationMessage(
      `Key '${record.name}' is stored. Delete ${entry.name} from ${vscode.workspace.asRelativePath(uri)}?`, 'Delete Line', 'Keep',
    )) === 'Delete Line';
    if (remove) {
      // Re-read: the file may have changed while the user answered.
      const fresh = await vscode.workspace.openTextDocument(uri);
      const lineNo = findKeysInDotEnv(fresh.getText()).find((e) => e.value === entry.value)?.line;
      if (lineNo === undefined) throw new UserError('The line changed meanwhile; it was left as it is.', 'warning');
      const edit = new vscode.WorkspaceEdit();
      edit.delete(uri, fresh.lineAt(lineNo).rangeIncludingLineBreak);
      if (!(await vscode.workspace.applyEdit(edit)) || !(await fresh.save())) throw new UserError('Could not delete the line; delete it by hand.');
      services.logger.info('keys', `Deleted ${entry.name} from ${vscode.workspace.asRelativePath(uri)}.`);
    }
    return record;
  },
  };
}

async function pickDotEnv(): Promise<vscode.Uri> {
  const files = await vscode.workspace.findFiles('**/.env*', '**/node_modules/**', 200);
  const items = files
    .filter((f) => /\.env(\.[\w.-]+)?$/.test(f.path) && !/\.example$|\.sample$|\.template$/.test(f.path))
    .map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri }));
  const browse = { label: '$(folder-opened) Browse…', uri: undefined };
  const picked = await vscode.window.showQuickPick([...items, browse], { placeHolder: '.env file to import a key from' });
  if (!picked) throw new Cancelled();
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Import Key', title: 'Import Key from .env File' });
  if (!chosen?.[0]) throw new Cancelled();
  return chosen[0];
}

async function pickEntry(found: ReturnType<typeof findKeysInDotEnv>): Promise<(typeof found)[number]> {
  const picked = await vscode.window.showQuickPick(
    found.map((e) => ({ label: e.name, description: `${maskKey(e.value)} · line ${e.line + 1}`, e })),
    { placeHolder: 'Key to import' },
  );
  if (!picked) throw new Cancelled();
  return picked.e;
}
