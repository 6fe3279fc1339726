import * as vscode from 'vscode';
import { testOpenAIOrigins } from '../core/base-url';

const SECTION = 'openaiConnector';

/**
 * Typed access to settings. In an untrusted workspace, workspace-level values of settings that could
 * redirect or expose a key are ignored and only the user's own values count.
 */
export class Settings {
  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  private userOnly<T>(key: string, fallback: T): T {
    const inspected = this.config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  }

  private value<T>(key: string, fallback: T, sensitive: boolean): T {
    if (sensitive && !vscode.workspace.isTrusted) return this.userOnly(key, fallback);
    return this.config.get<T>(key, fallback);
  }

  /** Origins the test host treats as OpenAI's; empty outside the test host. */
  get testOpenAIOrigins(): readonly string[] {
    return testOpenAIOrigins(process.env);
  }

  get streamIdleTimeoutMs(): number {
    return Math.max(1, this.value('request.streamIdleTimeoutSeconds', 30, false)) * 1000;
  }

  get requestTimeoutMs(): number {
    return Math.max(1, this.value('request.timeoutSeconds', 600, false)) * 1000;
  }

  get maxRetries(): number {
    return Math.min(10, Math.max(0, this.value('request.maxRetries', 2, false)));
  }

  get historySize(): number {
    return Math.min(500, Math.max(0, this.value('history.size', 50, false)));
  }

  /** Never true in an untrusted workspace: no key is injected there. */
  get injectIntoTerminals(): boolean {
    return vscode.workspace.isTrusted && this.value('terminal.injectActiveKey', false, true);
  }

  get injectIntoDebug(): boolean {
    return vscode.workspace.isTrusted && this.value('debug.injectActiveKey', false, true);
  }

  get leakScannerExclude(): string[] {
    return this.value<string[]>('leakScanner.exclude', [], false);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) listener();
    });
  }
}
