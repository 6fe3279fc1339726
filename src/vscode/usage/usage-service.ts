import * as vscode from 'vscode';
import { AdminClient } from '../../core/admin/admin-client';
import type { ProjectWithKeys } from '../../core/admin/admin-types';
import { KeyRecord } from '../../core/keys/key-index';
import type { UsageLabels } from '../../core/usage/usage-accumulator';
import { fetchUsageReport, MonthSpend, monthToDateSpend } from '../../core/usage/usage-fetch';
import { relabel, usageLabels } from '../../core/usage/usage-labels';
import type { UsageRange, UsageReport } from '../../core/usage/usage-report';
import { UserError } from '../../core/common/user-error';
import { OrgLinksStore } from '../organization/org-links-store';
import { Services } from '../common/services';

/** The organization listing (for names) is reused this long. */
const LISTING_MS = 5 * 60 * 1000;

/**
 * What the Usage panel's host calls: reads a usage and costs report with the stored admin key (the
 * one the Organization view uses), names keys through the Organization view's links, and hands out
 * partial reports as pages arrive. The admin key stays here; reports carry no key value.
 */
export class UsageService {
  private listing: { adminId: string; at: number; org: ProjectWithKeys[] } | undefined;

  /** `pinnedAdminKeyId`: the admin key every call uses unless told otherwise (the Usage panel's). */
  constructor(private readonly services: Services, readonly links: OrgLinksStore = new OrgLinksStore(services.context.globalState), private readonly pinnedAdminKeyId?: string) {}

  /** Stored admin keys whose secret is present. */
  adminKeys(): KeyRecord[] {
    return this.services.vault.allKeys().filter((k) => k.kind === 'admin' && !this.services.vault.isSecretMissing(k.id));
  }

  /** The admin key to use: the given one, else the one the links name most, else the first. */
  adminKey(adminKeyId = this.pinnedAdminKeyId): KeyRecord | undefined {
    const admins = this.adminKeys();
    if (adminKeyId) return admins.find((a) => a.id === adminKeyId);
    const linked = Object.values(this.links.all()).map((l) => l.adminKeyId).find((id) => admins.some((a) => a.id === id));
    return admins.find((a) => a.id === linked) ?? admins[0];
  }

  async client(adminKeyId?: string): Promise<{ client: AdminClient; record: KeyRecord; secret: string }> {
    const record = this.adminKey(adminKeyId);
    if (!record) throw new UserError('Usage and costs need an admin key (sk-admin-…): add one with Add API Key. Make it at platform.openai.com → Organization settings → Admin keys.');
    const secret = await this.services.vault.getSecret(record.id);
    return { client: new AdminClient({ baseUrl: record.baseUrl, adminKey: secret }), record, secret };
  }

  /** Stored key names and project names; links alone until the organization listing arrives. */
  private labels(org: readonly ProjectWithKeys[]): UsageLabels {
    const names = new Map(this.services.vault.allKeys().map((k) => [k.id, k.name] as const));
    return usageLabels(org, this.links.all(), names);
  }

  /**
   * Reads the report for a range; `onReport` gets a partial report after every page and the final one.
   * Never rejects for API failures: they are the report's `problems`. Cancelling keeps what was read.
   */
  async load(range: UsageRange, onReport: (report: UsageReport) => void, token?: vscode.CancellationToken, opts: { adminKeyId?: string } = {}): Promise<UsageReport> {
    const abort = new AbortController();
    const sub = token?.onCancellationRequested(() => abort.abort());
    try {
      let client: AdminClient;
      let record: KeyRecord;
      let secret: string;
      try {
        ({ client, record, secret } = await this.client(opts.adminKeyId));
      } catch (error) {
        const report = await fetchUsageReport({ adminKey: '', range });
        const failed: UsageReport = { ...report, problems: [{ source: 'usage and costs', kind: 'not-admin-key', message: error instanceof Error ? error.message : String(error) }] };
        onReport(failed);
        return failed;
      }
      let labels = this.labels(this.listing?.adminId === record.id ? this.listing.org : []);
      const fresh = this.listing?.adminId === record.id && Date.now() - this.listing.at < LISTING_MS;
      const listing = fresh ? Promise.resolve() : client.listOrganization(abort.signal).then((org) => {
        this.listing = { adminId: record.id, at: Date.now(), org };
        labels = this.labels(org);
      }, (error: unknown) => this.services.logger.info('usage', `Names from the organization listing are missing: ${error instanceof Error ? error.message : String(error)}`));
      const report = await fetchUsageReport({ client, range, signal: abort.signal, knownSecrets: [secret], onReport: (r) => onReport(relabel(r, labels)) });
      await listing;
      const final = relabel(report, labels);
      onReport(final);
      this.services.logger.info('usage', `Read usage and costs with '${record.name}': ${report.progress.pagesRead} page(s), ${report.problems.length} problem(s)${report.progress.cancelled ? ', cancelled' : ''}.`);
      return final;
    } finally {
      sub?.dispose();
    }
  }

  /** The monthly budgets in settings (USD): keys by stored key name or OpenAI key id, projects by id. */
  budgets(): { keys: Record<string, number>; projects: Record<string, number> } {
    const config = vscode.workspace.getConfiguration('openaiConnector.usage');
    const numbers = (v: unknown): Record<string, number> => Object.fromEntries(Object.entries(typeof v === 'object' && v !== null ? v : {}).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0));
    return { keys: numbers(config.get('keyBudgets')), projects: numbers(config.get('projectBudgets')) };
  }

  /** Sets (or with undefined/0 removes) one budget in the user's settings (application scope). */
  async setBudget(kind: 'key' | 'project', subject: string, usdPerMonth: number | undefined): Promise<void> {
    if (usdPerMonth !== undefined && !(Number.isFinite(usdPerMonth) && usdPerMonth >= 0)) throw new UserError('A budget is a number of dollars, 0 or more.');
    const setting = kind === 'key' ? 'keyBudgets' : 'projectBudgets';
    const next = { ...this.budgets()[kind === 'key' ? 'keys' : 'projects'] };
    if (usdPerMonth) next[subject] = usdPerMonth;
    else delete next[subject];
    await vscode.workspace.getConfiguration('openaiConnector.usage').update(setting, next, vscode.ConfigurationTarget.Global);
  }

  /** Spend of the current UTC month per API key id and project id. */
  async monthToDate(nowMs = Date.now(), adminKeyId?: string): Promise<MonthSpend> {
    const { client, secret } = await this.client(adminKeyId);
    return monthToDateSpend({ client, nowMs, knownSecrets: [secret] });
  }
}
