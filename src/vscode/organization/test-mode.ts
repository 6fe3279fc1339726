import * as vscode from 'vscode';

/**
 * Scripted arguments of the organization commands are honoured only in the extension's own test host:
 * Test extension mode AND OPENAI_CONNECTOR_TEST=1 (the same rule as the other commands' scripted
 * arguments). Anywhere else a command asks the user.
 */
export function scripted<T extends object>(context: vscode.ExtensionContext, arg: unknown): Partial<T> {
  const testing = context.extensionMode === vscode.ExtensionMode.Test && process.env.OPENAI_CONNECTOR_TEST === '1';
  return testing && typeof arg === 'object' && arg !== null && !('contextValue' in arg) ? (arg as Partial<T>) : {};
}

/** Command results go back to the caller only in the test host. */
export function result<T>(context: vscode.ExtensionContext, value: T): T | undefined {
  return context.extensionMode === vscode.ExtensionMode.Test && process.env.OPENAI_CONNECTOR_TEST === '1' ? value : undefined;
}
