import * as vscode from 'vscode';
import { Logger } from '../common/logger';

/** Says why a key was withheld from a terminal or debug session: a warning and a log line. */
export class WithheldNotices {
  /** The latest messages, newest last, for the test host's fingerprint command. */
  readonly recent: string[] = [];

  constructor(private readonly logger: Logger) {}

  tell(message: string): void {
    this.logger.warn('environment', message);
    this.recent.push(message);
    if (this.recent.length > 20) this.recent.shift();
    void vscode.window.showWarningMessage(message);
  }
}
