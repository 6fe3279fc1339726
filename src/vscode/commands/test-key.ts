import * as vscode from 'vscode';
import type { TestKeyResult } from '../../core/execution/test-key';
import { resolveKey } from '../key-prompts';
import { Services } from '../services';
import { CommandHandlers, KeyRef, scriptedKeyId } from './command-surface';

/** What Test Key returns to a caller: the verdict and the sentence the user saw. */
export type KeyTestReport = Pick<TestKeyResult, 'verdict' | 'status' | 'requestId'> & { readonly message: string };

export function testKeyCommand(services: Services): CommandHandlers<'openaiConnector.testKey'> {
  return {
  'openaiConnector.testKey': async ({ target, script }): Promise<KeyTestReport> => {
    const keyId = target ?? scriptedKeyId(script?.[0] as KeyRef | undefined);
    const record = await resolveKey(services.vault, keyId, 'Key to test', (k) => !services.vault.isSecretMissing(k.id));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Testing '${record.name}'…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return services.runner.testKey(record, abort.signal);
      },
    );
    const ids = [result.status !== undefined ? `HTTP ${result.status}` : undefined, result.requestId ? `request id ${result.requestId}` : undefined].filter(Boolean).join(', ');
    const message = `'${record.name}': ${result.message}${result.hint ? ` ${result.hint}` : ''}${ids ? ` (${ids})` : ''}`;
    if (result.verdict === 'valid') void vscode.window.showInformationMessage(message);
    else if (result.verdict === 'missing-scope' || result.verdict === 'cancelled') void vscode.window.showWarningMessage(message);
    else void vscode.window.showErrorMessage(message);
    return {
      verdict: result.verdict, message,
      ...(result.status !== undefined ? { status: result.status } : {}),
      ...(result.requestId ? { requestId: result.requestId } : {}),
    };
  },
  };
}
