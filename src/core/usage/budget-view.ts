/**
 * The Usage panel's budgets: this month's spend against the monthly budget of each key and project
 * the report shows, and the budget amount a user typed. Pure: settings, spend and names in, rows out.
 * A spend that could not be read stays absent (never 0).
 */
import type { MonthSpend } from './usage-fetch';
import type { UsageTotalsRow } from './usage-report';

export type BudgetKind = 'key' | 'project';

export interface BudgetView {
  readonly kind: BudgetKind;
  /** OpenAI's key id (key_…) or project id (proj_…). */
  readonly subjectId: string;
  readonly label: string;
  readonly budgetUsd?: number;
  /** Absent when this month's spend could not be read. */
  readonly spentUsd?: number;
}

export interface Budgets {
  /** Stored key name or OpenAI key id → USD per month. */
  readonly keys: Readonly<Record<string, number>>;
  readonly projects: Readonly<Record<string, number>>;
}

/** The largest monthly budget accepted (a typo guard, not a policy). */
export const MAX_BUDGET_USD = 10_000_000;

/** Empty text clears (undefined); else a positive USD amount ("50", "$12.50", "1,000"). */
export function parseBudgetAmount(text: string): { ok: true; usd: number | undefined } | { ok: false; message: string } {
  const clean = text.trim().replace(/^\$/, '').replace(/,/g, '').trim();
  if (clean === '') return { ok: true, usd: undefined };
  const n = /^\d+(\.\d+)?$/.test(clean) ? Number(clean) : NaN;
  if (!Number.isFinite(n) || n <= 0) return { ok: false, message: `'${text.trim().slice(0, 32)}' is not a budget: type a dollar amount above 0 (e.g. 50 or 12.50), or leave it empty to remove the budget.` };
  if (n > MAX_BUDGET_USD) return { ok: false, message: `A monthly budget above $${MAX_BUDGET_USD.toLocaleString('en-US')} is refused as a likely typo.` };
  return { ok: true, usd: Math.round(n * 100) / 100 };
}

/** The settings names a key's budget may be stored under: its stored key name (if linked) and its key id. */
export function keyBudgetNames(keyId: string, storedName: string | undefined): string[] {
  return storedName ? [storedName, keyId] : [keyId];
}

/** The budget rows for the report's keys and projects, and any budgeted key id or project not in it. */
export function budgetRows(totals: readonly UsageTotalsRow[], budgets: Budgets, spend: MonthSpend | undefined, storedNames: ReadonlyMap<string, string>): BudgetView[] {
  const known = spend && spend.problems.length === 0;
  const spent = (by: Readonly<Record<string, number>> | undefined, id: string): number | undefined => (known && by ? by[id] ?? 0 : undefined);
  const rows = new Map<string, BudgetView>();
  const add = (kind: BudgetKind, subjectId: string, label: string, budgetUsd: number | undefined): void => {
    const s = spent(kind === 'key' ? spend?.byApiKey : spend?.byProject, subjectId);
    rows.set(`${kind}:${subjectId}`, { kind, subjectId, label, ...(budgetUsd !== undefined ? { budgetUsd } : {}), ...(s !== undefined ? { spentUsd: s } : {}) });
  };
  for (const row of totals) {
    const { subject } = row;
    if (subject.kind === 'apiKey') {
      const name = subject.storedKeyId ? storedNames.get(subject.storedKeyId) : undefined;
      const budget = keyBudgetNames(subject.id, name).map((n) => budgets.keys[n]).find((b) => b !== undefined);
      add('key', subject.id, subject.label, budget);
    } else if (subject.kind === 'project') {
      add('project', subject.id, subject.label, budgets.projects[subject.id]);
    }
  }
  for (const [id, budget] of Object.entries(budgets.keys)) if (id.startsWith('key_') && !rows.has(`key:${id}`)) add('key', id, id, budget);
  for (const [id, budget] of Object.entries(budgets.projects)) if (!rows.has(`project:${id}`)) add('project', id, id, budget);
  return [...rows.values()];
}
