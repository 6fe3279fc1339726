import * as vscode from 'vscode';
import { Services, registerCommand } from '../services';
import { LeakDiagnostics } from './leak-diagnostics';
import { MOVE_KEY_COMMAND, MoveKeyAnswers, MoveKeyCodeActions, MoveKeyTarget, moveKeyToVault } from './move-key-action';
import { ScanArgs, scanWorkspace } from './workspace-scan';

/** Leak scanner: warnings on open documents, the "Move key" quick fix, and Scan Workspace for Leaked Keys. */
export function registerLeakScanner(services: Services): void {
  const diagnostics = new LeakDiagnostics(services.settings);
  services.context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new MoveKeyCodeActions(), {
      providedCodeActionKinds: MoveKeyCodeActions.kinds,
    }),
  );
  registerCommand(services, MOVE_KEY_COMMAND, 'Move Key to OpenAI Connector', (target: MoveKeyTarget, answers?: MoveKeyAnswers) =>
    moveKeyToVault(services, target, answers));
  registerCommand(services, 'openaiConnector.scanWorkspace', 'Scan Workspace for Leaked Keys', (args?: ScanArgs) =>
    scanWorkspace(services, diagnostics, typeof args === 'object' && args !== null ? args : {}));
}
