import * as vscode from 'vscode';
import { UserOnlySetting, userOnlyFlag } from '../../core/keys/user-only-settings';
import { testOpenAIOrigins } from '../../core/common/base-url';

const SECTION = 'openaiConnector';

/**
 * Typed access to settings. Settings that could expose or redirect a key (core/user-only-settings.ts)
 * come from the user's own settings only, in every workspace, trusted or not.
 */
export class Settings {
  /** testMode: the extension runs in the test host (src/vscode/common/test-mode.ts). */
  constructor(private readonly testMode = false) {}

  private get config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** The user's value, or the default: workspace, folder and language values never count. */
  private userFlag(key: UserOnlySetting): boolean {
    return userOnlyFlag(this.config.inspect<unknown>(key));
  }

  private value<T>(key: string, fallback: T): T {
    return this.config.get<T>(key, fallback);
  }

  /** Origins the test host treats as OpenAI's; empty outside the test host. */
  get testOpenAIOrigins(): readonly string[] {
    return this.testMode ? testOpenAIOrigins(process.env) : [];
  }

  get streamIdleTimeoutMs(): number {
    return Math.max(1, this.value('request.streamIdleTimeoutSeconds', 30)) * 1000;
  }

  get requestTimeoutMs(): number {
    return Math.max(1, this.value('request.timeoutSeconds', 600)) * 1000;
  }

  get maxRetries(): number {
    return Math.min(10, Math.max(0, this.value('request.maxRetries', 2)));
  }

  get historySize(): number {
    return Math.min(500, Math.max(0, this.value('history.size', 50)));
  }

  /** Never true in an untrusted workspace: no key is injected there. Never turned on by a workspace. */
  get injectIntoTerminals(): boolean {
    return vscode.workspace.isTrusted && this.userFlag('terminal.injectActiveKey');
  }

  /** The user's opt-in alone, trusted or not: to say why a key is withheld when it is on. */
  get terminalInjectionRequested(): boolean {
    return this.userFlag('terminal.injectActiveKey');
  }

  get injectIntoDebug(): boolean {
    return vscode.workspace.isTrusted && this.userFlag('debug.injectActiveKey');
  }

  get leakScannerExclude(): string[] {
    return this.value<string[]>('leakScanner.exclude', []);
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) listener();
    });
  }
}
