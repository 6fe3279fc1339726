import * as vscode from 'vscode';
import { CHECK_INTERVAL_MS, BudgetWarning, dueWarnings, monthKey, storedKeySpend, usd } from '../../core/usage/budgets';
import type { MonthSpend } from '../../core/usage/usage-fetch';
import type { KeysTreeProvider } from '../keys/keys-tree';
import type { OrgLinksStore } from '../organization/org-links-store';
import { Services } from '../common/services';
import { UsageService } from './usage-service';

const SPEND_STATE = 'openaiConnector.usage.monthSpend';
const CHECKED_STATE = 'openaiConnector.usage.lastCheckAt';
const WARNED_STATE = 'openaiConnector.usage.budgetWarnings';
/** How often the timer looks whether a check is due (the check itself runs at most hourly). */
const TICK_MS = 5 * 60 * 1000;

interface CachedSpend {
  readonly at: number;
  readonly month: string;
  readonly spend: MonthSpend;
}

export interface UsageCheckOutcome {
  readonly checked: boolean;
  readonly warnings: readonly string[];
  readonly byApiKey?: Readonly<Record<string, number>>;
}

/**
 * Month-to-date spend in the background: read at most once an hour and only while an admin key is
 * stored, kept in globalState (ids and amounts only), shown in the keys tree, and checked against
 * the budgets in settings. The clock is injectable in test mode (no timer runs there).
 */
export class SpendMonitor {
  private clock: () => number = () => Date.now();
  private running: Promise<UsageCheckOutcome> | undefined;

  constructor(
    private readonly services: Services,
    private readonly usage: UsageService,
    private readonly links: OrgLinksStore,
    private readonly keysTree: KeysTreeProvider,
    private readonly markOwn: <T extends object>(nodes: T[]) => T[],
  ) {}

  start(): void {
    const { context, settings } = this.services;
    this.showInTree();
    context.subscriptions.push(settings.onDidChange(() => this.showInTree()), this.links.onDidChange(() => this.showInTree()));
    if (this.services.testMode) return;
    const timer = setInterval(() => void this.check(), TICK_MS);
    context.subscriptions.push({ dispose: () => clearInterval(timer) });
    void this.check();
  }

  private cached(): CachedSpend | undefined {
    const c = this.services.context.globalState.get<CachedSpend>(SPEND_STATE);
    return c && c.month === monthKey(this.clock()) && typeof c.spend?.byApiKey === 'object' ? c : undefined;
  }

  private showInTree(): void {
    const inDescription = vscode.workspace.getConfiguration('openaiConnector.usage').get<boolean>('showSpendInTree', false);
    this.keysTree.setSpend((record) => {
      const c = this.cached();
      const spent = storedKeySpend(c?.spend, this.links.all(), record.id);
      if (spent === undefined || !c) return undefined;
      return { tooltip: `- Spend this month: ${usd(spent)} (read ${new Date(c.at).toISOString().slice(0, 16).replace('T', ' ')} UTC)\n`, ...(inDescription ? { description: `${usd(spent)} this month` } : {}) };
    });
  }

  /** A check when due (an hour after the last), or at once with `force`; `nowMs` sets the test clock. */
  check(opts: { nowMs?: number; force?: boolean } = {}): Promise<UsageCheckOutcome> {
    if (opts.nowMs !== undefined && this.services.testMode) {
      const fixed = opts.nowMs;
      this.clock = () => fixed;
    }
    this.running ??= this.run(opts.force === true).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(force: boolean): Promise<UsageCheckOutcome> {
    const { globalState } = this.services.context;
    const now = this.clock();
    const last = globalState.get<number>(CHECKED_STATE, 0);
    if (!this.usage.adminKey() || (!force && now - last < CHECK_INTERVAL_MS && now >= last)) return { checked: false, warnings: [] };
    await globalState.update(CHECKED_STATE, now);
    let spend: MonthSpend;
    try {
      spend = await this.usage.monthToDate(now);
    } catch (error) {
      this.services.logger.info('usage', `Month-to-date spend was not read: ${error instanceof Error ? error.message : String(error)}`);
      return { checked: true, warnings: [] };
    }
    for (const p of spend.problems) this.services.logger.info('usage', `Month-to-date spend: ${p.message}`);
    if (spend.problems.length === 0 || Object.keys(spend.byApiKey).length > 0) {
      await globalState.update(SPEND_STATE, { at: now, month: monthKey(now), spend } satisfies CachedSpend);
      this.showInTree();
    }
    const warnings = spend.problems.length === 0 ? await this.warn(spend, now) : [];
    return { checked: true, warnings: warnings.map((w) => w.memo), byApiKey: spend.byApiKey };
  }

  private async warn(spend: MonthSpend, now: number): Promise<BudgetWarning[]> {
    const { globalState } = this.services.context;
    const budgets = this.usage.budgets();
    const month = monthKey(now);
    const shown = globalState.get<string[]>(WARNED_STATE, []).filter((m) => typeof m === 'string' && m.startsWith(`${month}|`));
    const stored = this.services.vault.allKeys().map((k) => ({ id: k.id, name: k.name }));
    const due = dueWarnings(spend, budgets, this.links.all(), stored, new Set(shown), now);
    if (due.length === 0) return due;
    await globalState.update(WARNED_STATE, [...shown, ...due.map((w) => w.memo)]);
    for (const w of due) {
      this.services.logger.info('usage', `Budget warning: ${w.message}`);
      void this.offer(w);
    }
    return due;
  }

  private async offer(w: BudgetWarning): Promise<void> {
    const actions = ['Open Usage', ...(w.storedKeyId ? ['Revoke Key'] : [])];
    const choice = await vscode.window.showWarningMessage(w.message, ...actions);
    const record = w.storedKeyId ? this.services.vault.get(w.storedKeyId) : undefined;
    if (choice === 'Open Usage') await vscode.commands.executeCommand('openaiConnector.showUsage');
    // The Organization view's own revoke flow, with its confirmation; the node is marked as ours.
    else if (choice === 'Revoke Key' && record) await vscode.commands.executeCommand('openaiConnector.revokeKeyAtOpenAI', this.markOwn([{ type: 'key', record }])[0]);
  }
}
