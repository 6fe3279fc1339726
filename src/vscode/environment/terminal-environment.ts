import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import { redactError } from '../../core/redaction';
import { Disposable } from '../disposable';
import { Services } from '../services';
import { activeKeyInjection } from './active-key-injection';
import { keyVariables } from './key-variables';

const MANAGED = ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID'];

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

  constructor(private readonly services: Services) {
    super();
    this.collection = services.context.environmentVariableCollection;
    this.collection.persistent = false;
    this.register(services.vault.onDidChange(() => this.refresh()));
    this.register(services.settings.onDidChange(() => void this.refresh()));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.refresh()));
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
      return;
    }
    const vars = keyVariables(decision.key, await vault.getSecret(decision.key.id));
    for (const name of MANAGED) if (!(name in vars)) this.collection.delete(name);
    for (const [name, value] of Object.entries(vars)) if (this.collection.get(name)?.value !== value) this.collection.replace(name, value);
    this.collection.description = `OPENAI_API_KEY from key '${decision.key.name}' (OpenAI Connector)`;
  }

  /** For tests: SHA-256 of each variable the collection holds, never the values. */
  async fingerprint(): Promise<{ persistent: boolean; variables: Record<string, string> }> {
    await this.running;
    const variables: Record<string, string> = {};
    this.collection.forEach((name, mutator) => {
      variables[name] = createHash('sha256').update(mutator.value).digest('hex');
    });
    return { persistent: this.collection.persistent, variables };
  }
}
