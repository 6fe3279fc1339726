import * as vscode from 'vscode';
import { KeyVault } from './key-vault';
import { KeysTreeProvider } from './keys-tree';
import { Logger } from './logger';
import { BuilderProbe, builderProbe } from './request-builder/test-probe';

/**
 * What the integration tests reach through the extension's exports, only when the test host sets
 * OPENAI_CONNECTOR_TEST=1. It lets a test act as a second window writing the shared storage.
 */
export interface TestHooks {
  readonly vault: KeyVault;
  readonly keysTree: KeysTreeProvider;
  readonly logger: Logger;
  readonly secrets: vscode.SecretStorage;
  readonly globalState: vscode.Memento;
  /** The request builder's posted messages and a way to post as its page. */
  readonly requestBuilder?: BuilderProbe;
}

export function testHooks(context: vscode.ExtensionContext, vault: KeyVault, keysTree: KeysTreeProvider, logger: Logger): TestHooks | undefined {
  if (process.env.OPENAI_CONNECTOR_TEST !== '1') return undefined;
  return { vault, keysTree, logger, secrets: context.secrets, globalState: context.globalState, ...(builderProbe ? { requestBuilder: builderProbe } : {}) };
}
