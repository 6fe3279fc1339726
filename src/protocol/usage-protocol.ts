/**
 * The message protocol between the Usage panel's page and its extension host. Both directions are
 * discriminated unions on `type`; both switches end in `assertNever`. A request carries a
 * `requestId` chosen by the page; the host answers with a `reply` of the type `UsageReplyMap` names
 * (or a `protocolError`), and the reports of a load carry the id of its `load`.
 * No message ever holds a key value: the host reads the Admin API with the admin key, and the page
 * sees only labels (vault names, project names, OpenAI's redacted key values) and numbers.
 */
import type { BudgetKind, BudgetView } from '../core/usage/budget-view';
import type { UsageReport } from '../core/usage/usage-report';

export type { BudgetKind, BudgetView } from '../core/usage/budget-view';

export const USAGE_PROTOCOL_VERSION = 1;

/** The ranges the panel offers; `custom` takes two dates. */
export const RANGE_PRESETS = [7, 30, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

/** The longest custom range the host reads (the Admin API's buckets are daily). */
export const MAX_CUSTOM_DAYS = 366;

export type UsageRangeChoice =
  | { readonly kind: 'preset'; readonly days: RangePreset }
  /** Whole UTC days, `YYYY-MM-DD`, both included. */
  | { readonly kind: 'custom'; readonly from: string; readonly to: string };

export const USAGE_LIMITS = { requestId: 64, date: 10, subjectId: 128, amount: 32 } as const;

/** OpenAI's hard limit and alerts of the organization (`projectId` '') or a project; recipients are counted, not listed. */
export interface SpendOwnerView {
  readonly projectId: string;
  readonly name: string;
  readonly limit?: { readonly thresholdUsd: number; readonly interval: string; readonly enforcement: string };
  readonly alerts: readonly { readonly thresholdUsd: number; readonly recipients: number }[];
  /** Why this owner's controls were not read, in words. */
  readonly error?: string;
}

// ---------------------------------------------------------------------------------------------
// Page → host

export type UsageWebviewMessage =
  | { readonly type: 'ready'; readonly protocol: number }
  /** Read the report for a range; answered by `reply` (accepted), then `report`s with this id. */
  | { readonly type: 'load'; readonly requestId: string; readonly range: UsageRangeChoice }
  /** Stop the load with this id; what arrived so far stays shown. */
  | { readonly type: 'cancel'; readonly requestId: string }
  /** Save the report now shown (the host's copy, never the page's) as CSV through the save dialog. */
  | { readonly type: 'exportCsv'; readonly requestId: string }
  /** This month's spend against the budgets, for the shown report's keys and projects. */
  | { readonly type: 'budgets'; readonly requestId: string }
  /** Set (a positive USD amount) or clear (empty text) a monthly budget; the host parses `amount`. */
  | { readonly type: 'setBudget'; readonly requestId: string; readonly kind: BudgetKind; readonly subjectId: string; readonly amount: string }
  /** OpenAI's hard limits and spend alerts (organization and projects). */
  | { readonly type: 'spendControls'; readonly requestId: string }
  /** Runs the host's Set Spend Limit / Add Spend Alert flow (its prompts and confirmation) for `projectId` ('' = organization). */
  | { readonly type: 'spendAction'; readonly requestId: string; readonly action: 'setLimit' | 'addAlert'; readonly projectId: string };

export type UsageWebviewMessageType = UsageWebviewMessage['type'];

export const USAGE_WEBVIEW_MESSAGE_TYPES: readonly UsageWebviewMessageType[] = [
  'ready', 'load', 'cancel', 'exportCsv', 'budgets', 'setBudget', 'spendControls', 'spendAction',
];

// ---------------------------------------------------------------------------------------------
// Host → page

export type UsageReplyBody =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'cancelled'; readonly wasRunning: boolean }
  | { readonly kind: 'exported'; readonly saved: boolean; readonly fileName?: string; readonly rows: number }
  /** `month` is `YYYY-MM` (UTC); `problems` say in words why spend is missing. */
  | { readonly kind: 'budgets'; readonly month: string; readonly rows: readonly BudgetView[]; readonly problems: readonly string[] }
  | { readonly kind: 'budgetSet'; readonly row: BudgetView }
  | { readonly kind: 'spendControls'; readonly owners: readonly SpendOwnerView[] }
  /** `done` false: the user cancelled a prompt or the confirmation. */
  | { readonly kind: 'spendActionDone'; readonly done: boolean };

/** The successful reply each request gets, by its type (a wrong reply is a type error on the host). */
export interface UsageReplyMap {
  readonly load: Extract<UsageReplyBody, { kind: 'accepted' }>;
  readonly cancel: Extract<UsageReplyBody, { kind: 'cancelled' }>;
  readonly exportCsv: Extract<UsageReplyBody, { kind: 'exported' }>;
  readonly budgets: Extract<UsageReplyBody, { kind: 'budgets' }>;
  readonly setBudget: Extract<UsageReplyBody, { kind: 'budgetSet' }>;
  readonly spendControls: Extract<UsageReplyBody, { kind: 'spendControls' }>;
  readonly spendAction: Extract<UsageReplyBody, { kind: 'spendActionDone' }>;
}

export type UsageRequestType = keyof UsageReplyMap & UsageWebviewMessageType;

export type UsageProtocolErrorCode = 'malformed' | 'unknown-type' | 'invalid-field' | 'not-ready' | 'unsupported-version';

export type UsageHostMessage =
  | {
      readonly type: 'init';
      readonly protocol: number;
      /** The admin key's vault name (never its value). */
      readonly adminKeyName: string;
      /** A project to start with (opened from a project node of the Organization view). */
      readonly focusProjectId?: string;
      readonly range: UsageRangeChoice;
    }
  /** A partial or final report of the load `requestId`. */
  | { readonly type: 'report'; readonly requestId: string; readonly report: UsageReport }
  /** The load could not start or stopped with nothing to show (e.g. no admin key); said in words. */
  | { readonly type: 'loadFailed'; readonly requestId: string; readonly message: string }
  | { readonly type: 'reply'; readonly requestId: string; readonly ok: true; readonly body: UsageReplyBody }
  | { readonly type: 'reply'; readonly requestId: string; readonly ok: false; readonly message: string }
  | { readonly type: 'protocolError'; readonly requestId?: string; readonly code: UsageProtocolErrorCode; readonly message: string };

export type UsageHostMessageType = UsageHostMessage['type'];

/** Exhaustiveness check for switches over the unions above. */
export function assertNeverUsage(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}

const DAY = 86_400;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Unix seconds of a `YYYY-MM-DD` UTC day, or undefined when it is not a real date. */
export function utcDay(date: string): number | undefined {
  const m = DATE.exec(date);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === date ? ms / 1000 : undefined;
}

/**
 * The half-open UTC range a choice means: a preset ends after today (UTC) and starts `days - 1`
 * days before; a custom range covers both dates. Undefined for an impossible custom range.
 */
export function rangeOf(choice: UsageRangeChoice, nowMs: number): { startTime: number; endTime: number } | undefined {
  if (choice.kind === 'preset') {
    const today = Math.floor(nowMs / 1000 / DAY) * DAY;
    return { startTime: today - (choice.days - 1) * DAY, endTime: today + DAY };
  }
  const from = utcDay(choice.from);
  const to = utcDay(choice.to);
  if (from === undefined || to === undefined || to < from || (to - from) / DAY + 1 > MAX_CUSTOM_DAYS) return undefined;
  return { startTime: from, endTime: to + DAY };
}
