import * as vscode from 'vscode';
import { UserError } from '../../core/common/user-error';
import { registerCommands } from '../commands/register-commands';
import { Services } from '../common/services';
import { LeakDiagnostics } from './leak-diagnostics';
import { MoveKeyCodeActions } from './move-key-action';

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
  registerCommands(services, ['openaiConnector.leaks.moveKey', 'openaiConnector.scanWorkspace'], async () => {
    const lazy = await import('./leaks.lazy');
    return {
      'openaiConnector.leaks.moveKey': ({ target, script }) => {
        const place = target ?? script?.[0];
        if (!place) throw new UserError('Run this from the quick fix of a leaked-key warning.', 'info');
        return lazy.moveKeyToVault(services, place, script?.[1]);
      },
      'openaiConnector.scanWorkspace': ({ script }) => lazy.scanWorkspace(services, diagnostics, script?.[0] ?? {}),
    };
  });
}
