/**
 * From a `UsageReport` to what the charts, summaries and table draw. Pure (no DOM): unit-tested
 * under Node. A missing day stays `null` all the way to the chart, which draws it as a gap; it is
 * never turned into 0.
 */
import type { CostGrouping, DailyValues, UsageReport, UsageSubjectKind, UsageTotalsRow } from '../core/usage/usage-report';

/** Series beyond this many (by range total) are summed into one "Other" series, so the legend stays readable. */
export const MAX_SERIES = 8;

export interface ChartSeries {
  readonly label: string;
  /** One value per day; null = missing. For a stacked chart, the cumulative top of this layer. */
  readonly values: readonly (number | null)[];
  /** The layer's own values (for tooltips and summaries); equals `values` when not stacked. */
  readonly own: readonly (number | null)[];
  readonly total: number;
}

export interface ChartModel {
  /** Unix seconds of each day. */
  readonly days: readonly number[];
  readonly series: readonly ChartSeries[];
  /** Days on which every series is missing. */
  readonly missingDays: number;
  /** A sentence for screen readers: what the chart shows, its biggest series and its gaps. */
  readonly summary: string;
}

const sum = (values: DailyValues): number => values.reduce<number>((a, v) => a + (v ?? 0), 0);

/** Sums value by value; a day is null only when it is null in every input. */
export function addDaily(all: readonly DailyValues[], length: number): (number | null)[] {
  const out: (number | null)[] = new Array<number | null>(length).fill(null);
  for (const values of all) {
    for (let i = 0; i < length; i++) {
      const v = values[i];
      if (v !== null && v !== undefined) out[i] = (out[i] ?? 0) + v;
    }
  }
  return out;
}

/** The biggest `max - 1` series by total, and the rest as one "Other" series (when there are more than `max`). */
export function topSeries(series: readonly { label: string; values: DailyValues }[], length: number, max = MAX_SERIES): { label: string; values: (number | null)[]; total: number }[] {
  const ranked = series.map((s) => ({ label: s.label, values: [...s.values], total: sum(s.values) })).sort((a, b) => b.total - a.total || a.label.localeCompare(b.label));
  if (ranked.length <= max) return ranked;
  const kept = ranked.slice(0, max - 1);
  const rest = ranked.slice(max - 1);
  const other = addDaily(rest.map((s) => s.values), length);
  return [...kept, { label: `Other (${rest.length})`, values: other, total: sum(other) }];
}

/** Cumulative tops for stacked bars: a layer's missing day stays missing. */
export function stack(layers: readonly { label: string; values: readonly (number | null)[]; total: number }[], length: number): ChartSeries[] {
  const base = new Array<number>(length).fill(0);
  return layers.map((layer) => {
    const values = layer.values.map((v, i) => {
      if (v === null) return null;
      base[i] = (base[i] ?? 0) + v;
      return base[i] ?? null;
    });
    return { label: layer.label, values, own: layer.values, total: layer.total };
  });
}

function countMissing(days: number, series: readonly { own: readonly (number | null)[] }[]): number {
  let missing = 0;
  for (let i = 0; i < days; i++) if (series.every((s) => s.own[i] === null)) missing++;
  return missing;
}

const usd = (n: number): string => `$${n.toFixed(2)}`;
const count = (n: number): string => Math.round(n).toLocaleString('en-US');

function describe(what: string, series: readonly ChartSeries[], days: number, missing: number, format: (n: number) => string): string {
  if (series.length === 0) return `${what}: no data in this range.`;
  const total = series.reduce((a, s) => a + s.total, 0);
  const top = [...series].sort((a, b) => b.total - a.total).slice(0, 3).map((s) => `${s.label} ${format(s.total)}`).join(', ');
  const gaps = missing === 0 ? 'no missing days' : `${missing} of ${days} days missing (shown as gaps)`;
  return `${what} over ${days} days: ${format(total)} in all; largest ${top}; ${gaps}.`;
}

/** Cost per day, stacked by project or by API key. */
export function costChart(report: UsageReport, grouping: CostGrouping, onlyProjectId?: string): ChartModel {
  const n = report.days.length;
  let source = report.costs[grouping];
  if (grouping === 'project' && onlyProjectId) source = source.filter((s) => s.subject.id === onlyProjectId);
  const layers = topSeries(source.map((s) => ({ label: s.subject.label, values: s.values })), n);
  const series = stack(layers, n);
  const missingDays = countMissing(n, series);
  const by = grouping === 'project' ? 'project' : 'API key';
  return { days: report.days, series, missingDays, summary: describe(`Cost per day by ${by}`, series, n, missingDays, usd) };
}

function plain(label: string, values: readonly (number | null)[]): ChartSeries {
  return { label, values, own: values, total: sum(values) };
}

/** Tokens per day by model: input and output apart, cached input where the API reports it. */
export function tokenChart(report: UsageReport): ChartModel {
  const n = report.days.length;
  // Images and audio report requests but no tokens (all null): they have no line here, not a zero line.
  const withTokens = report.tokens.filter((t) => t.input.some((v) => v !== null) || t.output.some((v) => v !== null));
  const models = topSeries(withTokens.map((t) => ({ label: t.subject.label, values: addDaily([t.input, t.output], n) })), n, MAX_SERIES);
  const byLabel = new Map(report.tokens.map((t) => [t.subject.label, t]));
  const series: ChartSeries[] = [];
  for (const m of models) {
    const t = byLabel.get(m.label);
    if (t) {
      series.push(plain(`${m.label} input`, t.input), plain(`${m.label} output`, t.output));
      if (t.cachedInput) series.push(plain(`${m.label} cached input`, t.cachedInput));
    } else {
      // "Other": the smaller models summed, still input and output apart.
      const rest = withTokens.filter((x) => !models.some((k) => k.label === x.subject.label));
      series.push(plain(`${m.label} input`, addDaily(rest.map((x) => x.input), n)), plain(`${m.label} output`, addDaily(rest.map((x) => x.output), n)));
      const cached = rest.flatMap((x) => (x.cachedInput ? [x.cachedInput] : []));
      if (cached.length > 0) series.push(plain(`${m.label} cached input`, addDaily(cached, n)));
    }
  }
  const missingDays = countMissing(n, series);
  return { days: report.days, series, missingDays, summary: describe('Tokens per day by model', series, n, missingDays, (v) => `${count(v)} tokens`) };
}

/** Requests per day, all models together. */
export function requestChart(report: UsageReport): ChartModel {
  const n = report.days.length;
  const series = report.tokens.length === 0 ? [] : [plain('Requests', addDaily(report.tokens.map((t) => t.requests), n))];
  const missingDays = countMissing(n, series);
  return { days: report.days, series, missingDays, summary: describe('Requests per day', series, n, missingDays, (v) => `${count(v)} requests`) };
}

// ---------------------------------------------------------------------------------------------
// The totals table

export const TABLE_COLUMNS = ['label', 'costUsd', 'inputTokens', 'outputTokens', 'cachedInputTokens', 'requests'] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];
export type SortDirection = 'ascending' | 'descending';

export interface TableSort {
  readonly column: TableColumn;
  readonly direction: SortDirection;
}

/**
 * Rows of one kind, sorted. Unknown numbers (not read, e.g. a missing scope) sort after every known
 * number in both directions: they are not zero. Ties keep label order.
 */
export function tableRows(totals: readonly UsageTotalsRow[], kind: UsageSubjectKind, sort: TableSort): UsageTotalsRow[] {
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const byLabel = (a: UsageTotalsRow, b: UsageTotalsRow): number => a.subject.label.localeCompare(b.subject.label) || a.subject.id.localeCompare(b.subject.id);
  return totals.filter((r) => r.subject.kind === kind).sort((a, b) => {
    if (sort.column === 'label') return sign * byLabel(a, b);
    const x = a[sort.column];
    const y = b[sort.column];
    if (x === undefined || y === undefined) return x === y ? byLabel(a, b) : x === undefined ? 1 : -1;
    return sign * (x - y) || byLabel(a, b);
  });
}

/** The next sort when a column header is activated: the same column flips, a new one starts descending (numbers) or ascending (names). */
export function nextSort(current: TableSort, column: TableColumn): TableSort {
  if (current.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: column === 'label' ? 'ascending' : 'descending' };
}

export function formatCell(row: UsageTotalsRow, column: TableColumn): string {
  if (column === 'label') return row.subject.label;
  const v = row[column];
  if (v === undefined) return 'not reported';
  return column === 'costUsd' ? usd(v) : count(v);
}

/** True when the report has nothing to draw (no series and no totals). */
export function isEmptyReport(report: UsageReport): boolean {
  return report.totals.length === 0 && report.tokens.length === 0 && report.costs.project.length === 0 && report.costs.apiKey.length === 0;
}
