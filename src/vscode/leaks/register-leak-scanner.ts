import * as vscode from 'vscode';
import { Services, registerCommand } from '../services';
import { LeakDiagnostics } from './leak-diagnostics';
import { MOVE_KEY_COMMAND, MoveKeyAnswers, MoveKeyCodeActions, MoveKeyTarget } from './move-key-action';
import type { ScanArgs } from './workspace-scan';

/** Leak scanner: warnings on open documents, the "Move key" quick fix, and Scan Workspace for Leaked Keys. */
export function registerLeakScanner(services: Services): void {
  const diagnostics = new LeakDiagnostics(services.settings);
  services.context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new MoveKeyCodeActions(), {
      providedCodeActionKinds: MoveKeyCodeActions.kinds,
    }),
  );
  // The bodies load on first use, keeping the activation bundle small.
  registerCommand(services, MOVE_KEY_COMMAND, 'Move Key to OpenAI Connector', async (target: MoveKeyTarget, answers?: MoveKeyAnswers) =>
    (await import('./leaks.lazy')).moveKeyToVault(services, target, answers));
  registerCommand(services, 'openaiConnector.scanWorkspace', 'Scan Workspace for Leaked Keys', async (args?: ScanArgs) =>
    (await import('./leaks.lazy')).scanWorkspace(services, diagnostics, typeof args === 'object' && args !== null ? args : {}));
}
