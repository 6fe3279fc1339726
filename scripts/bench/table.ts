/** The results table, as Markdown (printed, and committed as docs/bench-latest.md). */
import type { Row } from './measure';

function num(value: number | undefined, unit: string): string {
  if (value === undefined || Number.isNaN(value)) return '–';
  const abs = Math.abs(value);
  const digits = unit === 'µs' || abs >= 100 ? (abs >= 100 ? 0 : 1) : abs >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${unit}`;
}

function ratioText(row: Row): string {
  if (row.ratio === undefined) return '';
  if (row.delta) return `${row.ratio >= 0 ? '+' : ''}${row.ratio.toFixed(2)} ${row.unit}`;
  return `${row.ratio.toFixed(2)}×`;
}

function status(row: Row): string {
  if (row.met === undefined) return '';
  return row.met ? 'met' : '**missed**';
}

const escape = (text: string): string => text.replace(/\|/g, '\\|');

/** One Markdown table for all rows, grouped by section. */
export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| Section | Measure | Extension | Baseline | Ratio / diff | CPU ratio | Target | Result | Notes |',
    '|---|---|---:|---:|---:|---:|---|---|---|',
  ];
  let section = '';
  for (const row of rows) {
    const shown = row.section === section ? '' : row.section;
    section = row.section;
    lines.push(`| ${shown} | ${escape(row.measure)} | ${num(row.value, row.unit)} | ${row.baseline === undefined ? '' : num(row.baseline, row.unit)} | ${ratioText(row)} | ${row.cpuRatio === undefined ? '' : `${row.cpuRatio.toFixed(2)}×`} | ${row.target ?? ''} | ${status(row)} | ${escape([row.note, row.samples ? `n=${row.samples}` : undefined, row.load ? `load ${row.load}` : undefined].filter(Boolean).join('; '))} |`);
  }
  return lines.join('\n');
}

/** The same rows without notes and CPU ratios, for the README. */
export function compactTable(rows: readonly Row[]): string {
  const lines = ['| Section | Measure | Extension | Baseline | Ratio / diff | Target | Result | Load |', '|---|---|---:|---:|---:|---|---|---|'];
  let section = '';
  for (const row of rows) {
    const shown = row.section === section ? '' : row.section;
    section = row.section;
    lines.push(`| ${shown} | ${escape(row.measure)} | ${num(row.value, row.unit)} | ${row.baseline === undefined ? '' : num(row.baseline, row.unit)} | ${ratioText(row)} | ${row.target ?? ''} | ${status(row)} | ${row.load ?? ''} |`);
  }
  return lines.join('\n');
}
