import * as vscode from 'vscode';
import type { KeyTestReport } from '../../core/key-test';
import { resolveKey } from '../key-prompts';
import { DefineCommand, Services } from '../services';

export function defineTestKey(services: Services, define: DefineCommand): void {
  define('openaiConnector.testKey', 'Test Key', async (arg?: unknown): Promise<KeyTestReport> => {
    const record = await resolveKey(services.vault, arg, 'Key to test with GET /models', (k) => !services.vault.isSecretMissing(k.id));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Testing '${record.name}'…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return services.runner.run(record, { method: 'GET', path: '/models', query: {}, headers: {}, body: { kind: 'none' }, stream: false }, { signal: abort.signal, maxRetries: 0 });
      },
    );
    const report = (await services.runner.requests()).module.keyTestReport(record.name, result);
    services.logger.info('test-key', report.message);
    if (report.verdict === 'valid') void vscode.window.showInformationMessage(report.message);
    else if (report.verdict === 'missing-scope') void vscode.window.showWarningMessage(report.message);
    else void vscode.window.showErrorMessage(report.message);
    return report;
  });
}
