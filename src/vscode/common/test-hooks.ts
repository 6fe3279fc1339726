import * as vscode from 'vscode';
import { KeyVault } from '../keys/key-vault';
import { KeysTreeProvider } from '../keys/keys-tree';
import { Logger } from './logger';
import type { BuilderProbe } from '../request-builder/test-probe';

/**
 * What the integration tests reach through the extension's exports, only in test mode
 * (src/vscode/common/test-mode.ts: Test extension mode and OPENAI_CONNECTOR_TEST=1). It hands out the raw
 * SecretStorage, so it must never exist anywhere else. It lets a test act as a second window
 * writing the shared storage.
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

export function testHooks(testMode: boolean, context: vscode.ExtensionContext, vault: KeyVault, keysTree: KeysTreeProvider, logger: Logger, builderProbe: BuilderProbe | undefined): TestHooks | undefined {
  if (!testMode) return undefined;
  return { vault, keysTree, logger, secrets: context.secrets, globalState: context.globalState, ...(builderProbe ? { requestBuilder: builderProbe } : {}) };
}
