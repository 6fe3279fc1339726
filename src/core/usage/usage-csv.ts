/**
 * The report as CSV (RFC 4180: CRLF lines, fields with a comma, quote or line break quoted, quotes
 * doubled): one row per day and series, then one row per totals subject. A missing day is an empty
 * cell, never 0. Text that a spreadsheet would run as a formula is prefixed with a quote.
 */
import type { UsageReport } from './usage-report';

const HEADER = ['date', 'kind', 'id', 'label', 'cost_usd', 'input_tokens', 'output_tokens', 'cached_input_tokens', 'requests'];

function field(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(Math.round(v * 1e9) / 1e9) : '';
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function isoDay(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 10);
}

export function usageCsv(report: UsageReport): string {
  const rows: (string | number | null | undefined)[][] = [HEADER];
  for (const grouping of ['project', 'apiKey'] as const) {
    for (const s of report.costs[grouping]) {
      report.days.forEach((day, d) => rows.push([isoDay(day), s.subject.kind, s.subject.id, s.subject.label, s.values[d], undefined, undefined, undefined, undefined]));
    }
  }
  for (const t of report.tokens) {
    report.days.forEach((day, d) => rows.push([isoDay(day), t.subject.kind, t.subject.id, t.subject.label, undefined, t.input[d], t.output[d], t.cachedInput?.[d], t.requests[d]]));
  }
  for (const r of report.totals) {
    rows.push(['total', r.subject.kind, r.subject.id, r.subject.label, r.costUsd, r.inputTokens, r.outputTokens, r.cachedInputTokens, r.requests]);
  }
  return rows.map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
