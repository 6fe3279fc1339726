import * as vscode from 'vscode';
import { redact } from '../../core/common/redaction';

/** The one log channel. Every line passes through redaction, with the vault's known secrets. */
export class Logger implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('OpenAI Connector', { log: true });
  private secrets: () => Iterable<string> = () => [];

  /** Lets the vault register a source of secrets to scrub, without the logger holding them. */
  setSecretSource(source: () => Iterable<string>): void {
    this.secrets = source;
  }

  private clean(component: string, message: string): string {
    return `[${component}] ${redact(message, this.secrets())}`;
  }

  info(component: string, message: string): void {
    this.channel.info(this.clean(component, message));
  }

  warn(component: string, message: string): void {
    this.channel.warn(this.clean(component, message));
  }

  error(component: string, message: string): void {
    this.channel.error(this.clean(component, message));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
