/**
 * The Usage panel's source of reports: the usage data layer (UsageService), reading the Admin API
 * with the chosen admin key, which stays in the host; or, in the test host only, reports a test replays.
 */
import type * as vscode from 'vscode';
import { UserError } from '../../core/common/user-error';
import type { UsageReport } from '../../core/usage/usage-report';
import type { UsageLoader } from './usage-panel';
import type { UsageService } from './usage-service';

export function adminKeyLoader(service: UsageService, adminKeyId: string): UsageLoader {
  return (range, onReport, token) => service.load(range, onReport, token, { adminKeyId });
}

/** Plays recorded reports as if pages arrived (tests and the benchmark). */
export function replayLoader(reports: readonly UsageReport[]): UsageLoader {
  return async (_range, onReport, token: vscode.CancellationToken) => {
    const last = reports[reports.length - 1];
    if (!last) throw new UserError('No reports to replay.');
    for (const report of reports.slice(0, -1)) {
      if (token.isCancellationRequested) return { ...report, progress: { ...report.progress, cancelled: true } };
      onReport(report);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return last;
  };
}
