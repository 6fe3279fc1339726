import * as vscode from 'vscode';
import { redactError } from '../../core/common/redaction';
import { isCancelled, isUserError } from '../../core/common/user-error';
import { Logger } from './logger';

/**
 * The one wrapper every command goes through: a thrown error becomes a short, redacted message
 * and a log line, never a stack trace in the user's face.
 */
export function commandRunner(logger: Logger) {
  return function wrap<A extends unknown[]>(name: string, body: (...args: A) => unknown): (...args: A) => Promise<unknown> {
    return async (...args: A) => {
      try {
        return await body(...args);
      } catch (error) {
        if (isCancelled(error)) return undefined;
        const message = redactError(error);
        if (isUserError(error)) {
          logger.warn('command', `${name}: ${message}`);
          const show = error.severity === 'info' ? vscode.window.showInformationMessage
            : error.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
          void show(message);
        } else {
          const stack = error instanceof Error && error.stack ? `\n${redactError(error.stack)}` : '';
          logger.error('command', `${name} failed: ${message}${stack}`);
          void vscode.window.showErrorMessage(`${name} failed: ${message}`, 'Show Log').then((choice) => {
            if (choice) logger.show();
          });
        }
        return undefined;
      }
    };
  };
}

export type CommandWrapper = ReturnType<typeof commandRunner>;
