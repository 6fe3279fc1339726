import * as vscode from 'vscode';
import { loadRouteCatalogue } from '../../core/catalogue/route-catalogue';
import type { TestKeyResult } from '../../core/execution/test-key';
import { testKeyPath } from '../../core/execution/test-key-path';
import { decideSend } from '../../core/permissions/send-policy';
import { UserError } from '../../core/common/user-error';
import { resolveKey } from '../keys/key-prompts';
import { Services } from '../common/services';
import { CommandHandlers, KeyRef, scriptedKeyId } from './command-surface';

/** What Test Key returns to a caller: the verdict and the sentence the user saw. */
export type KeyTestReport = Pick<TestKeyResult, 'verdict' | 'status' | 'requestId'> & { readonly message: string };

export function testKeyCommand(services: Services): CommandHandlers<'openaiConnector.testKey'> {
  return {
  'openaiConnector.testKey': async ({ target, script }): Promise<KeyTestReport> => {
    const keyId = target ?? scriptedKeyId(script?.[0] as KeyRef | undefined);
    const record = await resolveKey(services.vault, keyId, 'Key to test', (k) => !services.vault.isSecretMissing(k.id));
    // Only a refusal stops the test; a denial by the declared level is what the test reports on.
    const decision = decideSend(record, { method: 'GET', path: testKeyPath(record.kind === 'admin') }, await loadRouteCatalogue(), services.settings.testOpenAIOrigins);
    if (decision.kind === 'refuse') throw new UserError(decision.why);
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
