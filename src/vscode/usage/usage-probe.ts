/**
 * The tests' and the benchmark's window into the Usage panel (the test-only command
 * `openaiConnector.test.usagePanel`): what was posted to the page, a way to post as the page, a
 * stand-in for the save dialog, and reports to replay instead of reading the Admin API.
 */
import type { UsageReport } from '../../core/usage/usage-report';
import type { UsageHostMessage } from '../../protocol/usage-protocol';

/** Which admin key, and which of its projects, Show Usage and Costs opens with (scripted, test mode). */
export interface UsageScope {
  readonly adminKeyId?: string;
  readonly projectId?: string;
}

export type UsageProbeAction =
  | { readonly kind: 'state' }
  /** Posts a raw message as the page would. */
  | { readonly kind: 'post'; readonly message: unknown }
  /** Export CSV writes here instead of asking. */
  | { readonly kind: 'saveTo'; readonly path: string }
  /** The next loads play these reports (the last is the final one) instead of reading the Admin API. */
  | { readonly kind: 'replay'; readonly reports: readonly UsageReport[] }
  /** Forget what was posted so far. */
  | { readonly kind: 'clear' };

export interface UsagePanelState {
  readonly open: boolean;
  readonly ready: boolean;
  /** Every message posted to the page except reports, in order. */
  readonly messages: readonly UsageHostMessage[];
  readonly reportsPosted: number;
  /** The last report posted to the page. */
  readonly lastReport?: UsageReport;
}

export class UsageProbe {
  readonly messages: UsageHostMessage[] = [];
  reportsPosted = 0;
  lastReport: UsageReport | undefined;
  savePath: string | undefined;
  replay: readonly UsageReport[] | undefined;

  record(message: UsageHostMessage): void {
    if (message.type === 'report') {
      this.reportsPosted++;
      this.lastReport = message.report;
    } else {
      this.messages.push(message);
    }
  }

  clear(): void {
    this.messages.length = 0;
    this.reportsPosted = 0;
    this.lastReport = undefined;
  }
}
