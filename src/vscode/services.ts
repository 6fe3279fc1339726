import * as vscode from 'vscode';
import { CommandWrapper } from './error-handling';
import { KeyVault } from './key-vault';
import { Logger } from './logger';
import { RequestRunner } from './request-runner';
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
}

/** Registers a command through the one error wrapper, owned by the extension context. */
export function registerCommand<A extends unknown[]>(services: Services, id: string, title: string, body: (...args: A) => unknown): void {
  services.context.subscriptions.push(vscode.commands.registerCommand(id, services.wrap(title, body)));
}

/** How a module of lazily loaded commands declares its handlers (see commands/lazy-commands.ts). */
export type CommandHandler = (...args: never[]) => unknown;
export type DefineCommand = (id: string, title: string, handler: CommandHandler) => void;
