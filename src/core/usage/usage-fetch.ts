/**
 * Reads a usage and costs report from the Admin API: costs grouped by project and API key, and every
 * usage endpoint that reports per model, key and project, each paged to the end. The admin client
 * keeps requests at 4 at once, honours 429 retry-after and stops on the signal. A partial report goes
 * to `onReport` after every page; a failed source becomes a UsageProblem and the others go on.
 */
import { AdminApiError, AdminClient, UsageBucket } from '../admin/admin-client';
import { DAY_SECONDS, USAGE_SOURCES, UsageAccumulator, UsageLabels, UsageSource } from './usage-accumulator';
import { isFatal, mergeProblems, usageProblem } from './usage-problems';
import type { UsageProblem, UsageRange, UsageReport } from './usage-report';

export interface UsageConnection {
  /** An admin client to reuse (its 4-at-once limit is shared); or baseUrl + adminKey (+ fetch). */
  readonly client?: AdminClient;
  readonly baseUrl?: string;
  readonly adminKey?: string;
  readonly fetch?: typeof fetch;
  readonly signal?: AbortSignal;
}

export interface UsageFetchOptions extends UsageConnection {
  readonly range: UsageRange;
  /** What to read (default: costs and every usage source). */
  readonly costs?: boolean;
  readonly usage?: boolean | readonly UsageSource[];
  readonly labels?: UsageLabels;
  /** Called after every page with the report so far. */
  readonly onReport?: (report: UsageReport) => void;
  /** Buckets per page (defaults: 180 for costs, 31 for usage, the API's maxima). */
  readonly costsPageSize?: number;
  readonly usagePageSize?: number;
  /** Values scrubbed from problem messages besides key shapes (e.g. the admin key). */
  readonly knownSecrets?: readonly string[];
}

function connect(opts: UsageConnection): AdminClient {
  if (opts.client) return opts.client;
  return new AdminClient({ baseUrl: opts.baseUrl ?? 'https://api.openai.com/v1', adminKey: opts.adminKey ?? '', ...(opts.fetch ? { fetch: opts.fetch } : {}) });
}

/** The last `days` whole UTC days, today included: [today - days + 1, tomorrow). */
export function lastDaysRange(days: number, nowMs = Date.now()): UsageRange {
  const endTime = (Math.floor(nowMs / 1000 / DAY_SECONDS) + 1) * DAY_SECONDS;
  return { startTime: endTime - Math.max(1, Math.floor(days)) * DAY_SECONDS, endTime };
}

/** From the first day of the current UTC month to tomorrow. */
export function monthToDateRange(nowMs = Date.now()): UsageRange {
  const now = new Date(nowMs);
  const startTime = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1) / 1000;
  return { startTime, endTime: lastDaysRange(1, nowMs).endTime };
}

/** "YYYY-MM-DD" (UTC) → a range of whole days, `to` included; undefined for bad input. */
export function customRange(from: string, to: string): UsageRange | undefined {
  const parse = (s: string): number | undefined => (/^\d{4}-\d{2}-\d{2}$/.test(s) && Number.isFinite(Date.parse(`${s}T00:00:00Z`)) ? Date.parse(`${s}T00:00:00Z`) / 1000 : undefined);
  const start = parse(from);
  const end = parse(to);
  if (start === undefined || end === undefined || end < start) return undefined;
  return { startTime: start, endTime: end + DAY_SECONDS };
}

export async function fetchUsageReport(opts: UsageFetchOptions): Promise<UsageReport> {
  const acc = new UsageAccumulator(opts.range, opts.labels);
  const problems: UsageProblem[] = [];
  const secrets = [...(opts.knownSecrets ?? []), ...(opts.adminKey ? [opts.adminKey] : [])];
  // One abort for the caller's cancel and for a fatal error (a wrong key fails every source alike).
  const abort = new AbortController();
  const onAbort = (): void => abort.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) abort.abort();
  let pagesRead = 0;
  let pending = 0;
  let done = false;
  const snapshot = (): UsageReport => acc.report(mergeProblems(problems), { pagesRead, pending, done, cancelled: opts.signal?.aborted === true });
  const emit = (): void => opts.onReport?.(snapshot());

  let client: AdminClient;
  try {
    client = connect(opts);
  } catch (error) {
    problems.push(usageProblem('usage and costs', error, secrets));
    done = true;
    emit();
    return snapshot();
  }
  const common = { start_time: opts.range.startTime, end_time: opts.range.endTime, bucket_width: '1d' };
  const jobs: { source: string; path: string; query: Record<string, string | number | readonly string[]>; add: (b: readonly UsageBucket[]) => void }[] = [];
  if (opts.costs !== false) {
    jobs.push({ source: 'costs', path: '/organization/costs', query: { ...common, group_by: ['project_id', 'api_key_id'], limit: opts.costsPageSize ?? 180 }, add: (b) => acc.addCosts(b) });
  }
  const sources = opts.usage === false ? [] : opts.usage === true || opts.usage === undefined ? USAGE_SOURCES : opts.usage;
  for (const source of sources) {
    jobs.push({ source: `usage/${source}`, path: `/organization/usage/${source}`, query: { ...common, group_by: ['model', 'api_key_id', 'project_id'], limit: opts.usagePageSize ?? 31 }, add: (b) => acc.addUsage(source, b) });
  }
  pending = jobs.length;
  emit();
  await Promise.all(jobs.map(async (job) => {
    try {
      await client.pageBuckets(job.path, job.query, abort.signal, (buckets) => {
        job.add(buckets);
        pagesRead++;
        emit();
      });
    } catch (error) {
      if (error instanceof AdminApiError && error.kind === 'cancelled') return;
      const problem = usageProblem(job.source, error, secrets);
      if (isFatal(problem)) {
        if (!problems.some(isFatal)) problems.push({ ...problem, source: 'usage and costs' });
        abort.abort();
      } else problems.push(problem);
    } finally {
      pending--;
    }
  }));
  opts.signal?.removeEventListener('abort', onAbort);
  done = true;
  emit();
  return snapshot();
}

/** Spend of the current UTC month so far, per API key id and per project id (tree, budgets). */
export interface MonthSpend {
  readonly range: UsageRange;
  readonly byApiKey: Readonly<Record<string, number>>;
  readonly byProject: Readonly<Record<string, number>>;
  readonly totalUsd: number;
  /** Days of the month without a costs bucket (not counted, never guessed). */
  readonly missingDays: number;
  readonly problems: readonly UsageProblem[];
}

export async function monthToDateSpend(opts: UsageConnection & { readonly nowMs?: number; readonly knownSecrets?: readonly string[] }): Promise<MonthSpend> {
  const range = monthToDateRange(opts.nowMs);
  const report = await fetchUsageReport({ ...opts, range, usage: false });
  const sums = (kind: 'project' | 'apiKey'): Record<string, number> => Object.fromEntries(report.costs[kind].map((s) => [s.subject.id, s.values.reduce<number>((a, v) => a + (v ?? 0), 0)]));
  const byProject = sums('project');
  // The last day (tomorrow's boundary) is today: its bucket may be absent until OpenAI has data.
  const missingDays = report.costs.project.length === 0 && report.problems.length === 0 ? 0 : report.days.filter((_, d) => report.costs.project.every((s) => s.values[d] === null)).length;
  return { range, byApiKey: sums('apiKey'), byProject, totalUsd: Object.values(byProject).reduce((a, b) => a + b, 0), missingDays, problems: report.problems };
}
