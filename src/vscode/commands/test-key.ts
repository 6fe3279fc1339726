import * as vscode from 'vscode';
import { KeyTestReport, keyTestReport } from '../../core/key-test';
import { resolveKey } from '../key-prompts';
import { Services, registerCommand } from '../services';

export function registerTestKey(services: Services): void {
  registerCommand(services, 'openaiConnector.testKey', 'Test Key', async (arg?: unknown): Promise<KeyTestReport> => {
    const record = await resolveKey(services.vault, arg, 'Key to test with GET /models', (k) => !services.vault.isSecretMissing(k.id));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Testing '${record.name}'…`, cancellable: true },
      (_progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return services.runner.run(record, { method: 'GET', path: '/models', query: {}, headers: {}, body: { kind: 'none' }, stream: false }, { signal: abort.signal, maxRetries: 0 });
      },
    );
    const report = keyTestReport(record.name, result);
    services.logger.info('test-key', report.message);
    if (report.verdict === 'valid') void vscode.window.showInformationMessage(report.message);
    else if (report.verdict === 'missing-scope') void vscode.window.showWarningMessage(report.message);
    else void vscode.window.showErrorMessage(report.message);
    return report;
  });
}
