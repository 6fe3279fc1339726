import * as vscode from 'vscode';
import { registerKeyCommands } from './vscode/commands/register-key-commands';
import { commandRunner } from './vscode/common/error-handling';
import { KeyVault } from './vscode/keys/key-vault';
import { KeysTreeProvider } from './vscode/keys/keys-tree';
import { Logger } from './vscode/common/logger';
import { RequestRunner } from './vscode/execution/request-runner';
import { Services } from './vscode/common/services';
import { Settings } from './vscode/common/settings';
import { TestHooks, testHooks } from './vscode/common/test-hooks';
import { isTestMode } from './vscode/common/test-mode';
import { currentWorkspace } from './vscode/keys/workspace-identity';
import { registerKeyEnvironment } from './vscode/environment/register-key-environment';
import { registerLeakScanner } from './vscode/leaks/register-leak-scanner';
import { registerOrganization } from './vscode/organization/register-organization';
import { registerRequestBuilder } from './vscode/request-builder/register-request-builder';
import { registerStatusBar } from './vscode/keys/status-bar';
import { registerUsage } from './vscode/usage/register-usage';
import { registerWalkthrough } from './vscode/walkthrough/walkthrough';

export interface ExtensionApi {
  readonly testing?: TestHooks;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const logger = new Logger();
  context.subscriptions.push(logger);
  const vault = await KeyVault.open(context, logger, currentWorkspace());
  context.subscriptions.push(vault);
  logger.setSecretSource(() => vault.knownSecrets());
  const testMode = isTestMode(context);
  const settings = new Settings(testMode);
  const runner = new RequestRunner(vault, settings, logger);
  const services: Services = { context, logger, vault, settings, runner, wrap: commandRunner(logger), testMode };

  const tree = new KeysTreeProvider(vault);
  context.subscriptions.push(tree, vscode.window.createTreeView('openaiConnector.keys', { treeDataProvider: tree, showCollapseAll: true }));

  registerKeyCommands(services);
  registerLeakScanner(services);
  registerKeyEnvironment(services);
  registerStatusBar(services);
  const builderProbe = registerRequestBuilder(services);
  registerWalkthrough(services);
  registerOrganization(services, tree);
  registerUsage(services);

  logger.info('activation', `Activated with ${vault.allKeys().length} key(s) in the index.`);
  const testing = testHooks(testMode, context, vault, tree, logger, builderProbe);
  return testing ? { testing } : {};
}

export function deactivate(): void {}
