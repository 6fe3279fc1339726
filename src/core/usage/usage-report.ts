/**
 * The usage and costs report: what the Admin API's `/organization/costs` and `/organization/usage/*`
 * buckets say, aggregated per UTC day and per series, ready for the Usage panel's charts, table and CSV.
 *
 * This file is the contract between the data layer (core/usage, which fills it page by page) and the
 * panel (host + webview, which draws it). Numbers are never invented: a day the API returned no bucket
 * for is `null` ("missing"), a bucket with no results for a series is 0.
 */

/** A half-open range of whole UTC days, in Unix seconds: [startTime, endTime). */
export interface UsageRange {
  readonly startTime: number;
  readonly endTime: number;
}

/** How cost bars are stacked. */
export type CostGrouping = 'project' | 'apiKey';

/** What a series or table row stands for. */
export type UsageSubjectKind = 'project' | 'apiKey' | 'model' | 'lineItem';

export interface UsageSubject {
  readonly kind: UsageSubjectKind;
  /** OpenAI's id (project id, API key id, model name, line item). */
  readonly id: string;
  /**
   * What the user sees: a stored key's vault name (matched through the Organization view's links), a
   * project's name, or OpenAI's redacted key value (`sk-…abcd`). Never a full key.
   */
  readonly label: string;
  /** The vault id when an API key matches a stored key. */
  readonly storedKeyId?: string;
}

/** One value per day of `UsageReport.days`; `null` = the API returned no bucket for that day. */
export type DailyValues = readonly (number | null)[];

export interface DailySeries {
  readonly subject: UsageSubject;
  readonly values: DailyValues;
}

export interface TokenSeries {
  /** kind 'model'. */
  readonly subject: UsageSubject;
  readonly input: DailyValues;
  readonly output: DailyValues;
  /** Absent when the API does not report cached input for this usage type. */
  readonly cachedInput?: DailyValues;
  readonly requests: DailyValues;
  /**
   * The usage endpoint the model was reported by ('completions', 'embeddings', 'moderations', 'images',
   * 'audio_speeches', 'audio_transcriptions'). Images and audio report no tokens: their `input` and
   * `output` are all null ("not reported"), their `requests` are real.
   */
  readonly source?: string;
}

/** Totals over the whole range for one subject (the sortable table, and the CSV). */
export interface UsageTotalsRow {
  readonly subject: UsageSubject;
  /** USD; undefined when costs were not read (e.g. missing scope), never 0 for "unknown". */
  readonly costUsd?: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cachedInputTokens?: number;
  readonly requests?: number;
}

/** A part of the report that could not be read: shown in the panel, in words. */
export interface UsageProblem {
  /** Which request failed, e.g. 'costs' or 'usage/completions'. */
  readonly source: string;
  readonly kind: 'not-admin-key' | 'missing-scopes' | 'invalid-admin-key' | 'rate-limited' | 'network' | 'refused' | 'other';
  /** A clear sentence, redacted; for missing scopes it names the scopes. */
  readonly message: string;
}

export interface UsageProgress {
  readonly pagesRead: number;
  /** Requests still running or queued. */
  readonly pending: number;
  readonly done: boolean;
  readonly cancelled: boolean;
}

export interface UsageReport {
  readonly range: UsageRange;
  /** Start of each UTC day in the range (Unix seconds), ascending. */
  readonly days: readonly number[];
  /** Cost per day in USD, one series per project / per API key. */
  readonly costs: Readonly<Record<CostGrouping, readonly DailySeries[]>>;
  /** Tokens and requests per day, one series per model. */
  readonly tokens: readonly TokenSeries[];
  /** Range totals per key, per project and per model. */
  readonly totals: readonly UsageTotalsRow[];
  readonly problems: readonly UsageProblem[];
  readonly progress: UsageProgress;
}
