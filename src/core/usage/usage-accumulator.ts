/**
 * Adds costs and usage buckets, page by page, into per-day arrays, and turns them into a UsageReport
 * at any moment (the panel draws partial reports as pages arrive). A day no bucket arrived for stays
 * null; a bucket without results for a series is a real 0.
 */
import type { UsageBucket } from '../admin/admin-client';
import type { CostGrouping, DailySeries, TokenSeries, UsageProblem, UsageProgress, UsageRange, UsageReport, UsageSubject, UsageSubjectKind, UsageTotalsRow } from './usage-report';

export const DAY_SECONDS = 86_400;

/** The usage endpoints read per model, API key and project. */
export type UsageSource = 'completions' | 'embeddings' | 'moderations' | 'images' | 'audio_speeches' | 'audio_transcriptions';
export const USAGE_SOURCES: readonly UsageSource[] = ['completions', 'embeddings', 'moderations', 'images', 'audio_speeches', 'audio_transcriptions'];
const TOKEN_SOURCES: ReadonlySet<string> = new Set(['completions', 'embeddings', 'moderations']);

/** What the user sees for ids: vault names, project names, redacted key values (never a key). */
export interface UsageLabels {
  readonly projects?: ReadonlyMap<string, string>;
  readonly keys?: ReadonlyMap<string, { readonly label: string; readonly storedKeyId?: string }>;
}

/** The id a result without a project or key is filed under (e.g. costs not made with an API key). */
export const NO_ID = '(none)';

interface TokenArrays {
  readonly source: UsageSource;
  readonly input: Float64Array;
  readonly output: Float64Array;
  readonly cached: Float64Array;
  readonly requests: Float64Array;
}

interface TokenSums {
  input: number;
  output: number;
  cached: number;
  requests: number;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function id(v: unknown): string {
  return typeof v === 'string' && v ? v : NO_ID;
}

/** The UTC day starts of a range. */
export function rangeDays(range: UsageRange): number[] {
  const days: number[] = [];
  for (let t = range.startTime; t < range.endTime; t += DAY_SECONDS) days.push(t);
  return days;
}

export class UsageAccumulator {
  readonly days: readonly number[];
  private readonly costSeen: boolean[];
  private costsRead = false;
  private readonly costBy: Record<CostGrouping, Map<string, Float64Array>> = { project: new Map(), apiKey: new Map() };
  private readonly usageSeen = new Map<UsageSource, boolean[]>();
  private readonly models = new Map<string, TokenArrays>();
  private readonly tokensBy: Record<'project' | 'apiKey', Map<string, TokenSums>> = { project: new Map(), apiKey: new Map() };

  constructor(readonly range: UsageRange, private readonly labels: UsageLabels = {}) {
    this.days = rangeDays(range);
    this.costSeen = this.days.map(() => false);
  }

  private dayIndex(bucket: UsageBucket): number | undefined {
    const d = Math.floor((bucket.start_time - this.range.startTime) / DAY_SECONDS);
    return d >= 0 && d < this.days.length ? d : undefined;
  }

  private series(map: Map<string, Float64Array>, key: string): Float64Array {
    let a = map.get(key);
    if (!a) map.set(key, (a = new Float64Array(this.days.length)));
    return a;
  }

  addCosts(buckets: readonly UsageBucket[]): void {
    for (const bucket of buckets) {
      const d = this.dayIndex(bucket);
      if (d === undefined) continue;
      this.costSeen[d] = true;
      this.costsRead = true;
      for (const r of bucket.results) {
        const amount = num((r.amount as { value?: unknown } | undefined)?.value);
        this.series(this.costBy.project, id(r.project_id))[d]! += amount;
        this.series(this.costBy.apiKey, id(r.api_key_id))[d]! += amount;
      }
    }
  }

  addUsage(source: UsageSource, buckets: readonly UsageBucket[]): void {
    let seen = this.usageSeen.get(source);
    if (!seen) this.usageSeen.set(source, (seen = this.days.map(() => false)));
    for (const bucket of buckets) {
      const d = this.dayIndex(bucket);
      if (d === undefined) continue;
      seen[d] = true;
      for (const r of bucket.results) {
        const model = id(r.model);
        let m = this.models.get(model);
        if (!m) {
          const n = this.days.length;
          m = { source, input: new Float64Array(n), output: new Float64Array(n), cached: new Float64Array(n), requests: new Float64Array(n) };
          this.models.set(model, m);
        }
        const input = num(r.input_tokens);
        const output = num(r.output_tokens);
        const cached = num(r.input_cached_tokens);
        const requests = num(r.num_model_requests);
        m.input[d]! += input;
        m.output[d]! += output;
        m.cached[d]! += cached;
        m.requests[d]! += requests;
        for (const [kind, key] of [['project', id(r.project_id)], ['apiKey', id(r.api_key_id)]] as const) {
          const sums = this.tokensBy[kind].get(key) ?? { input: 0, output: 0, cached: 0, requests: 0 };
          sums.input += input;
          sums.output += output;
          sums.cached += cached;
          sums.requests += requests;
          this.tokensBy[kind].set(key, sums);
        }
      }
    }
  }

  subject(kind: UsageSubjectKind, subjectId: string): UsageSubject {
    if (kind === 'project') return { kind, id: subjectId, label: subjectId === NO_ID ? 'No project' : this.labels.projects?.get(subjectId) ?? subjectId };
    if (kind === 'apiKey') {
      if (subjectId === NO_ID) return { kind, id: subjectId, label: 'No API key' };
      const known = this.labels.keys?.get(subjectId);
      return { kind, id: subjectId, label: known?.label ?? subjectId, ...(known?.storedKeyId ? { storedKeyId: known.storedKeyId } : {}) };
    }
    return { kind, id: subjectId, label: subjectId };
  }

  private daily(values: Float64Array, seen: readonly boolean[]): (number | null)[] {
    return Array.from(values, (v, d) => (seen[d] ? v : null));
  }

  private costSeries(kind: CostGrouping): DailySeries[] {
    return [...this.costBy[kind]].map(([key, values]) => ({ subject: this.subject(kind, key), values: this.daily(values, this.costSeen), total: values.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total || a.subject.label.localeCompare(b.subject.label))
      .map(({ subject, values }) => ({ subject, values }));
  }

  private tokenSeries(): TokenSeries[] {
    const none = this.days.map(() => null);
    return [...this.models].map(([model, m]) => {
      const seen = this.usageSeen.get(m.source) ?? [];
      const tokens = TOKEN_SOURCES.has(m.source);
      return {
        subject: this.subject('model', model),
        input: tokens ? this.daily(m.input, seen) : none,
        output: tokens ? this.daily(m.output, seen) : none,
        ...(m.source === 'completions' ? { cachedInput: this.daily(m.cached, seen) } : {}),
        requests: this.daily(m.requests, seen),
        source: m.source,
      };
    }).sort((a, b) => a.subject.label.localeCompare(b.subject.label));
  }

  private totals(): UsageTotalsRow[] {
    const rows: UsageTotalsRow[] = [];
    const usageRead = [...this.usageSeen.values()].some((seen) => seen.some(Boolean));
    for (const kind of ['apiKey', 'project'] as const) {
      const ids = new Set([...this.costBy[kind].keys(), ...this.tokensBy[kind].keys()]);
      for (const key of ids) {
        const cost = this.costBy[kind].get(key);
        const t = this.tokensBy[kind].get(key);
        rows.push({
          subject: this.subject(kind, key),
          ...(this.costsRead ? { costUsd: cost ? cost.reduce((a, b) => a + b, 0) : 0 } : {}),
          ...(usageRead ? { inputTokens: t?.input ?? 0, outputTokens: t?.output ?? 0, cachedInputTokens: t?.cached ?? 0, requests: t?.requests ?? 0 } : {}),
        });
      }
    }
    for (const [model, m] of this.models) {
      const sum = (a: Float64Array): number => a.reduce((x, y) => x + y, 0);
      const tokens = TOKEN_SOURCES.has(m.source);
      rows.push({
        subject: this.subject('model', model),
        ...(tokens ? { inputTokens: sum(m.input), outputTokens: sum(m.output) } : {}),
        ...(m.source === 'completions' ? { cachedInputTokens: sum(m.cached) } : {}),
        requests: sum(m.requests),
      });
    }
    return rows;
  }

  report(problems: readonly UsageProblem[], progress: UsageProgress): UsageReport {
    return {
      range: this.range,
      days: this.days,
      costs: { project: this.costSeries('project'), apiKey: this.costSeries('apiKey') },
      tokens: this.tokenSeries(),
      totals: this.totals(),
      problems,
      progress,
    };
  }
}
