import type * as vscode from 'vscode';
import { CommandWrapper } from './error-handling';
import { KeyVault } from '../keys/key-vault';
import { Logger } from './logger';
import { RequestRunner } from '../execution/request-runner';
import { Settings } from './settings';

/** What every feature module is given at activation. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly logger: Logger;
  readonly vault: KeyVault;
  readonly settings: Settings;
  /** Sends requests with stored keys (the SDK loads on first use). */
  readonly runner: RequestRunner;
  readonly wrap: CommandWrapper;
  /** Test extension mode and the test flag (src/vscode/common/test-mode.ts): scripted arguments exist only then. */
  readonly testMode: boolean;
}
