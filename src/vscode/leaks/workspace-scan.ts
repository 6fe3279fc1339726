import * as vscode from 'vscode';
import { GlobSet } from '../../core/leaks/glob';
import { ALWAYS_EXCLUDED, FileFinding, ScanCounts, summaryMessage, summaryReport, toFinding } from '../../core/leaks/scan-rules';
import { UserError } from '../../core/common/user-error';
import { GitTracking } from './git-tracking';
import { Logger } from '../common/logger';
import { Services } from '../common/services';
import { scanFiles } from './file-scan';
import { LeakDiagnostics, leakDiagnostics, positionsOf } from './leak-diagnostics';
import { listScanFiles } from './scan-file-listing';

export interface ScanArgs {
  /** Lets a caller cancel besides the notification's Cancel button. */
  readonly token?: vscode.CancellationToken;
}

export interface ScanResult {
  readonly findings: readonly FileFinding[];
  readonly counts: ScanCounts;
  readonly cancelled: boolean;
}

interface Counters {
  scanned: number;
  skippedBinary: number;
  skippedLarge: number;
  excluded: number;
}

/** Scan Workspace for Leaked Keys: every allowed text file, with progress and cancel; results in Problems. */
export async function scanWorkspace(services: Services, diagnostics: LeakDiagnostics, args: ScanArgs = {}): Promise<ScanResult> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  if (folders.length === 0) throw new UserError('Open a folder on disk to scan it for leaked keys.', 'info');
  const excludes = new GlobSet([...ALWAYS_EXCLUDED, ...services.settings.leakScannerExclude]);

  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Scanning for leaked OpenAI keys', cancellable: true },
    async (progress, progressToken) => {
      const source = new vscode.CancellationTokenSource();
      const links = [progressToken.onCancellationRequested(() => source.cancel()), args.token?.onCancellationRequested(() => source.cancel())];
      if (args.token?.isCancellationRequested) source.cancel();
      try {
        return await runScan(folders, excludes, diagnostics, services.logger, source.token, progress);
      } finally {
        links.forEach((l) => l?.dispose());
        source.dispose();
      }
    },
  );

  const message = summaryMessage(result.findings, result.counts, result.cancelled);
  services.logger.info('leaks', summaryReport(result.findings, result.counts, result.cancelled));
  const show = result.findings.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const actions = result.findings.length ? ['Show Problems', 'Show Details'] : [];
  void show(message, ...actions).then((choice) => {
    if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
    if (choice === 'Show Details') services.logger.show();
  });
  return result;
}

async function runScan(
  folders: readonly vscode.WorkspaceFolder[],
  excludes: GlobSet,
  diagnostics: LeakDiagnostics,
  logger: Logger,
  token: vscode.CancellationToken,
  progress: vscode.Progress<{ message?: string; increment?: number }>,
): Promise<ScanResult> {
  const counts: Counters = { scanned: 0, skippedBinary: 0, skippedLarge: 0, excluded: 0 };
  const findings: FileFinding[] = [];
  diagnostics.scanned.clear();
  diagnostics.markScanned();
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const git = new GitTracking();

  for (const folder of folders) {
    progress.report({ message: `Listing ${folder.name}…` });
    const started = Date.now();
    const listing = await listScanFiles(folder, excludes, token);
    const listed = Date.now();
    counts.excluded += listing.excluded;
    const total = listing.files.length;
    await scanFiles(listing.files, counts, {
      pathOf: (uri) => uri.fsPath,
      openText: (uri) => open.get(uri.toString())?.getText(),
      cancelled: () => token.isCancellationRequested,
      onProgress: (done) => progress.report({ message: `${folder.name}: ${done} of ${total} files`, increment: (250 / total) * (100 / folders.length) }),
      onLeaks: async (uri, text, matches) => {
        const answer = await git.check(uri.fsPath, folder.uri.fsPath);
        if (answer.state === 'unknown') logger.info('leaks', `Whether git tracks ${vscode.workspace.asRelativePath(uri)} is unknown: ${answer.reason}.`);
        const tracked = answer.state === 'tracked';
        findings.push(toFinding(vscode.workspace.asRelativePath(uri), tracked, text, matches));
        const doc = open.get(uri.toString());
        if (doc) diagnostics.check(doc);
        else diagnostics.scanned.set(uri, leakDiagnostics(matches, positionsOf(text)));
      },
    });
    logger.info('leaks', `${folder.name}: listed ${total} file(s) in ${listed - started} ms, read them in ${Date.now() - listed} ms.`);
    if (token.isCancellationRequested) break;
  }
  findings.sort((a, b) => Number(b.tracked) - Number(a.tracked) || a.path.localeCompare(b.path));
  return { findings, counts: { ...counts }, cancelled: token.isCancellationRequested };
}
