/**
 * The Usage panel's budgets and spend controls: this month's spend against the budgets in settings,
 * setting or clearing a budget (the amount is parsed here, never trusted from the page), and OpenAI's
 * hard limits and alerts with the host's own Set Spend Limit / Add Spend Alert flows, whose prompts
 * and confirmations the page cannot skip. The admin key stays in the UsageService.
 */
import { redactError } from '../../core/common/redaction';
import { Cancelled, UserError } from '../../core/common/user-error';
import { budgetRows, BudgetView, keyBudgetNames, parseBudgetAmount } from '../../core/usage/budget-view';
import { monthKey } from '../../core/usage/budgets';
import type { MonthSpend } from '../../core/usage/usage-fetch';
import type { UsageReport } from '../../core/usage/usage-report';
import type { BudgetKind, UsageReplyMap } from '../../protocol/usage-protocol';
import type { Services } from '../common/services';
import { addSpendAlertFlow, setSpendLimitCommand, showSpendControls } from './spend-commands';
import type { UsageService } from './usage-service';

export class UsagePanelSpend {
  constructor(private readonly services: Services, private readonly usage: UsageService, private readonly shown: () => UsageReport | undefined, private readonly now: () => number = Date.now) {}

  private storedNames(): Map<string, string> {
    return new Map(this.services.vault.allKeys().map((k) => [k.id, k.name] as const));
  }

  async budgets(): Promise<UsageReplyMap['budgets']> {
    const now = this.now();
    const problems: string[] = [];
    let spend: MonthSpend | undefined;
    try {
      spend = await this.usage.monthToDate(now);
      problems.push(...spend.problems.map((p) => `This month's spend is not shown: ${p.message}`));
    } catch (error) {
      problems.push(`This month's spend could not be read: ${redactError(error)}`);
    }
    return { kind: 'budgets', month: monthKey(now), rows: budgetRows(this.shown()?.totals ?? [], this.usage.budgets(), spend, this.storedNames()), problems };
  }

  async setBudget(kind: BudgetKind, subjectId: string, amount: string): Promise<UsageReplyMap['setBudget']> {
    const parsed = parseBudgetAmount(amount);
    if (!parsed.ok) throw new UserError(parsed.message);
    const totals = this.shown()?.totals ?? [];
    if (kind === 'key') {
      const subject = totals.find((r) => r.subject.kind === 'apiKey' && r.subject.id === subjectId)?.subject;
      const names = keyBudgetNames(subjectId, subject?.storedKeyId ? this.storedNames().get(subject.storedKeyId) : undefined);
      const current = this.usage.budgets().keys;
      const existing = names.filter((n) => current[n] !== undefined);
      if (parsed.usd === undefined) for (const name of existing) await this.usage.setBudget('key', name, undefined);
      // A budget already kept under the stored key's name stays there; a new one goes under the key id (survives renames).
      else await this.usage.setBudget('key', existing[0] ?? subjectId, parsed.usd);
    } else {
      await this.usage.setBudget('project', subjectId, parsed.usd);
    }
    this.services.logger.info('usage', `${parsed.usd === undefined ? 'Cleared' : 'Set'} the monthly budget of ${kind} ${subjectId} from the Usage panel.`);
    const row: BudgetView | undefined = budgetRows(totals, this.usage.budgets(), undefined, this.storedNames()).find((r) => r.kind === kind && r.subjectId === subjectId);
    return { kind: 'budgetSet', row: row ?? { kind, subjectId, label: subjectId } };
  }

  async spendControls(): Promise<UsageReplyMap['spendControls']> {
    const { owners } = await showSpendControls(this.usage, { quiet: true });
    return {
      kind: 'spendControls',
      owners: owners.map((o) => ({
        projectId: o.projectId, name: o.name,
        ...(o.limit ? { limit: { thresholdUsd: o.limit.thresholdUsd, interval: o.limit.interval, enforcement: o.limit.enforcement } } : {}),
        alerts: o.alerts.map((a) => ({ thresholdUsd: a.thresholdUsd, recipients: a.recipients.length })),
        ...(o.error ? { error: o.error } : {}),
      })),
    };
  }

  async spendAction(action: 'setLimit' | 'addAlert', projectId: string): Promise<UsageReplyMap['spendAction']> {
    try {
      if (action === 'setLimit') await setSpendLimitCommand(this.usage, { projectId }, {});
      else await addSpendAlertFlow(this.usage, projectId, {});
      return { kind: 'spendActionDone', done: true };
    } catch (error) {
      if (error instanceof Cancelled) return { kind: 'spendActionDone', done: false };
      throw error;
    }
  }
}
