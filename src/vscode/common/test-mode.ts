import * as vscode from 'vscode';

/**
 * True only inside the extension's own test host: VS Code runs the extension in Test mode (it was
 * loaded with extensionDevelopmentPath and extensionTestsPath) AND the host set
 * OPENAI_CONNECTOR_TEST=1. Neither alone is enough: an environment variable can leak into a
 * user's VS Code, and another extension's tests run ours in Test mode too. Scripted command
 * arguments, command results and the test hooks exist only then.
 */
export function isTestMode(context: vscode.ExtensionContext): boolean {
  return context.extensionMode === vscode.ExtensionMode.Test && process.env.OPENAI_CONNECTOR_TEST === '1';
}
