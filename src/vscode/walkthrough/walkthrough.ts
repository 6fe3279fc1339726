import * as vscode from 'vscode';
import { registerCommands } from '../commands/register-commands';
import type { Services } from '../common/services';
import { WALKTHROUGH_CONTEXT_KEYS, WALKTHROUGH_ID } from './walkthrough-ids';

function setContext(key: string, value: boolean): void {
  void vscode.commands.executeCommand('setContext', key, value);
}

/** Keeps the walkthrough's context keys current and registers Open Getting Started. */
export function registerWalkthrough(services: Services): void {
  const { context, vault, runner } = services;
  let hasKeys: boolean | undefined;
  const updateHasKeys = (): void => {
    const now = vault.allKeys().length > 0;
    if (now === hasKeys) return;
    hasKeys = now;
    setContext(WALKTHROUGH_CONTEXT_KEYS.hasKeys, now);
  };
  const firstRequest = runner.onDidRun((result) => {
    if (result.outcome !== 'completed') return;
    setContext(WALKTHROUGH_CONTEXT_KEYS.sentRequest, true);
    firstRequest.dispose();
  });
  context.subscriptions.push(vault.onDidChange(updateHasKeys), firstRequest);
  updateHasKeys();

  registerCommands(services, ['openaiConnector.openGettingStarted'], async () => ({
    'openaiConnector.openGettingStarted': async () => {
      await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#${WALKTHROUGH_ID}`, false);
    },
  }));
}
