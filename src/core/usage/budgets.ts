/**
 * Monthly budgets against month-to-date spend: which warnings are due. A warning fires when spend
 * reaches 80% and again at 100% of a budget, each once per month and subject (the caller remembers
 * what was shown). Pure: settings, spend and memory in, warnings out.
 */
import type { OrgLinks } from '../admin/org-links';
import type { MonthSpend } from './usage-fetch';

export const BUDGET_THRESHOLDS = [0.8, 1] as const;
/** How often spend is read for budgets and the keys tree, at most. */
export const CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface BudgetSettings {
  /** Stored key name, or OpenAI key id (key_…) → USD per month. */
  readonly keys: Readonly<Record<string, unknown>>;
  /** Project id (proj_…) → USD per month. */
  readonly projects: Readonly<Record<string, unknown>>;
}

export interface StoredKeyRef {
  readonly id: string;
  readonly name: string;
}

export interface BudgetWarning {
  /** Remembered so each fires once per month: "2025-11|key:key_abc|80". */
  readonly memo: string;
  readonly kind: 'key' | 'project';
  /** OpenAI's id (key id or project id). */
  readonly subjectId: string;
  /** What the user reads: vault name, key id or project id. */
  readonly label: string;
  /** The stored key to offer revoking (linked keys only). */
  readonly storedKeyId?: string;
  readonly spentUsd: number;
  readonly budgetUsd: number;
  /** 80 or 100. */
  readonly percent: number;
  readonly message: string;
}

/** "2025-11" of a UTC time. */
export function monthKey(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 7);
}

function amount(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined;
}

export function usd(n: number): string {
  return `$${n.toFixed(2)}`;
}

/** Warnings due now and not yet shown this month; the highest threshold passed only. */
export function dueWarnings(spend: MonthSpend, budgets: BudgetSettings, links: OrgLinks, stored: readonly StoredKeyRef[], shown: ReadonlySet<string>, nowMs: number): BudgetWarning[] {
  const month = monthKey(nowMs);
  const out: BudgetWarning[] = [];
  const consider = (kind: 'key' | 'project', subjectId: string, label: string, budget: number, spent: number, storedKeyId?: string): void => {
    const passed = BUDGET_THRESHOLDS.filter((t) => spent >= budget * t);
    const top = passed[passed.length - 1];
    if (top === undefined) return;
    const percent = Math.round(top * 100);
    const memo = `${month}|${kind}:${subjectId}|${percent}`;
    if (shown.has(memo)) return;
    const what = kind === 'key' ? `Key '${label}'` : `Project '${label}'`;
    const message = percent >= 100
      ? `${what} has spent ${usd(spent)} this month: over its monthly budget of ${usd(budget)}.`
      : `${what} has spent ${usd(spent)} this month: ${Math.floor((spent / budget) * 100)}% of its monthly budget of ${usd(budget)}.`;
    out.push({ memo, kind, subjectId, label, ...(storedKeyId ? { storedKeyId } : {}), spentUsd: spent, budgetUsd: budget, percent, message });
  };
  const byName = new Map(stored.map((s) => [s.name, s.id] as const));
  const names = new Map(stored.map((s) => [s.id, s.name] as const));
  for (const [name, value] of Object.entries(budgets.keys)) {
    const budget = amount(value);
    if (budget === undefined) continue;
    const storedId = byName.get(name);
    const link = storedId ? links[storedId] : Object.values(links).find((l) => l.remoteKeyId === name);
    const keyId = link?.remoteKeyId ?? (name.startsWith('key_') ? name : undefined);
    if (!keyId) continue;
    consider('key', keyId, link ? names.get(link.storedKeyId) ?? name : name, budget, spend.byApiKey[keyId] ?? 0, link && !link.revokedAt ? link.storedKeyId : undefined);
  }
  for (const [projectId, value] of Object.entries(budgets.projects)) {
    const budget = amount(value);
    if (budget !== undefined) consider('project', projectId, projectId, budget, spend.byProject[projectId] ?? 0);
  }
  return out;
}

/** This month's spend of a linked stored key, for its tooltip. */
export function storedKeySpend(spend: MonthSpend | undefined, links: OrgLinks, storedKeyId: string): number | undefined {
  const link = links[storedKeyId];
  if (!spend || !link) return undefined;
  return spend.byApiKey[link.remoteKeyId] ?? 0;
}
