import * as vscode from 'vscode';
import { UserError } from '../../core/common/user-error';
import { registerCommands } from '../commands/register-commands';
import { Services } from '../common/services';
import { DEBUG_TYPES, KeyDebugConfigurationProvider } from './debug-environment';
import { keyVariables, redirectMessage } from '../../core/keys/key-environment';
import { TerminalEnvironment, terminalRedirect } from './terminal-environment';
import { WithheldNotices } from './withheld-notices';

/** The workspace's key at work: terminal environment, Open Terminal with Active Key, debug sessions. */
export function registerKeyEnvironment(services: Services): void {
  const { vault, context } = services;
  const notices = new WithheldNotices(services.logger);
  const terminals = new TerminalEnvironment(services, notices);
  context.subscriptions.push(terminals);
  const provider = new KeyDebugConfigurationProvider(services, notices);
  for (const type of DEBUG_TYPES) context.subscriptions.push(vscode.debug.registerDebugConfigurationProvider(type, provider));

  registerCommands(services, ['openaiConnector.openTerminalWithKey', 'openaiConnector.test.terminalEnvironment'], async () => ({
    'openaiConnector.openTerminalWithKey': async ({ script }) => {
      if (!vscode.workspace.isTrusted) throw new UserError('This workspace is not trusted: trust it to open a terminal with its key.', 'info');
      const active = vault.activeKey();
      if (!active) throw new UserError('This workspace has no active key: run "OpenAI Connector: Set Active Key for This Workspace" first.', 'info');
      const redirect = terminalRedirect(active.baseUrl);
      if (redirect) throw new UserError(redirectMessage(redirect, active.name, 'terminals'), 'warning');
      const env = keyVariables(active, await vault.getSecret(active.id));
      // A test reads the variables back through a shell of its choosing.
      const shell = script?.[0]?.shellPath ? { shellPath: script[0].shellPath, shellArgs: script[0].shellArgs ?? [] } : {};
      // Transient: the terminal, and the env it was given, are not restored or persisted across reloads.
      const terminal = vscode.window.createTerminal({ name: `OpenAI: ${active.name}`, env, isTransient: true, iconPath: new vscode.ThemeIcon('key'), ...shell });
      terminal.show();
      services.logger.info('environment', `Opened a terminal with key '${active.name}'.`);
    },
    'openaiConnector.test.terminalEnvironment': () => terminals.fingerprint(),
  }));
}
