import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { Redirect, findRedirect, keyVariables, redirectMessage } from '../../core/keys/key-environment';
import { redactError } from '../../core/common/redaction';
import { Disposable } from '../common/disposable';
import { Services } from '../common/services';
import { activeKeyInjection } from './active-key-injection';
import { WithheldNotices } from './withheld-notices';

const MANAGED = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'];
const TERMINAL_ENV = 'terminal.integrated.env';

/**
 * Keeps the extension's terminal environment collection in step with the workspace's active key.
 * Not persistent: the key stays in memory and is never written to VS Code's terminal state on disk.
 * A change shows VS Code's "relaunch terminal" indicator on terminals that have the old values.
 */
export class TerminalEnvironment extends Disposable {
  private readonly collection: vscode.GlobalEnvironmentVariableCollection;
  private running: Promise<void> = Promise.resolve();
  private again = false;
  private busy = false;
  /** The last redirect warned about, so a refresh does not repeat the same warning. */
  private warned: string | undefined;
  /** The last reason logged for withholding the key while the user's opt-in is on. */
  private withheld: string | undefined;

  constructor(private readonly services: Services, private readonly notices: WithheldNotices) {
    super();
    this.collection = services.context.environmentVariableCollection;
    this.collection.persistent = false;
    this.register(services.vault.onDidChange(() => this.refresh()));
    this.register(services.settings.onDidChange(() => void this.refresh()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(TERMINAL_ENV)) void this.refresh();
    }));
    this.register({ dispose: () => this.collection.clear() });
    void this.refresh();
  }

  /** Recomputes the collection; calls that arrive meanwhile fold into one more pass. */
  refresh(): Promise<void> {
    if (this.busy) {
      this.again = true;
      return this.running;
    }
    this.busy = true;
    this.running = (async () => {
      do {
        this.again = false;
        await this.update().catch((error: unknown) => {
          this.collection.clear();
          this.services.logger.warn('environment', `Terminal environment cleared: ${redactError(error)}`);
        });
      } while (this.again);
      this.busy = false;
    })();
    return this.running;
  }

  private async update(): Promise<void> {
    const { vault, settings } = this.services;
    const decision = activeKeyInjection(this.services, settings.injectIntoTerminals);
    if (!decision.inject) {
      this.collection.clear();
      // A log line, not a warning: the user asked for injection, so say once why no key is given.
      const reason = settings.terminalInjectionRequested ? decision.reason : undefined;
      if (reason && reason !== this.withheld) this.services.logger.info('environment', `Terminals get no key: ${reason}`);
      this.withheld = reason;
      return;
    }
    this.withheld = undefined;
    const redirect = terminalRedirect(decision.key.baseUrl);
    if (redirect) {
      this.collection.clear();
      const message = redirectMessage(redirect, decision.key.name, 'terminals');
      if (this.warned !== message) {
        this.warned = message;
        this.notices.tell(message);
      }
      return;
    }
    this.warned = undefined;
    const vars = keyVariables(decision.key, await vault.getSecret(decision.key.id));
    for (const name of MANAGED) if (!(name in vars)) this.collection.delete(name);
    for (const [name, value] of Object.entries(vars)) if (this.collection.get(name)?.value !== value) this.collection.replace(name, value);
    this.collection.description = `OPENAI_API_KEY from key '${decision.key.name}' (OpenAI Connector)`;
  }

  /** For tests: SHA-256 of each variable the collection holds, never the values, and why a key was withheld. */
  async fingerprint(): Promise<{ persistent: boolean; variables: Record<string, string>; withheld: string[] }> {
    await this.running;
    const variables: Record<string, string> = {};
    this.collection.forEach((name, mutator) => {
      variables[name] = createHash('sha256').update(mutator.value).digest('hex');
    });
    return { persistent: this.collection.persistent, variables, withheld: [...this.notices.recent] };
  }
}

/** A base URL for another server in terminal.integrated.env.<platform>, at any level (folder, workspace, user). */
export function terminalRedirect(keyBaseUrl: string): Redirect | undefined {
  const platform = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
  const setting = `${TERMINAL_ENV}.${platform}`;
  const asEnv = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});
  const sources: { source: string; env: Record<string, unknown> }[] = [];
  // Folder settings exist apart from the workspace's only in a multi-root workspace.
  const folders = vscode.workspace.workspaceFile ? vscode.workspace.workspaceFolders ?? [] : [];
  for (const folder of folders) {
    const inspected = vscode.workspace.getConfiguration(TERMINAL_ENV, folder.uri).inspect<unknown>(platform);
    sources.push({ source: `the setting ${setting} of folder ${folder.name}`, env: asEnv(inspected?.workspaceFolderValue) });
  }
  const inspected = vscode.workspace.getConfiguration(TERMINAL_ENV).inspect<unknown>(platform);
  sources.push({ source: `the workspace setting ${setting}`, env: asEnv(inspected?.workspaceValue) });
  sources.push({ source: `the user setting ${setting}`, env: asEnv(inspected?.globalValue) });
  return findRedirect(sources, keyBaseUrl);
}
