// From a UsageReport to the Usage panel's charts and table: missing days stay null (gaps, never 0),
// stacks add up to the report's totals, the legend keeps the biggest series, and the table sorts
// with unknown numbers last.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { UsageTotalsRow } from '../../src/core/usage/usage-report';
import { MAX_SERIES, addDaily, costChart, nextSort, requestChart, stack, tableRows, tokenChart, topSeries } from '../../src/usage-webview/usage-view-model';
import { usageReportFixture } from '../fixtures/usage-report-fixture';

const sum = (values: readonly (number | null)[]): number => values.reduce<number>((a, v) => a + (v ?? 0), 0);
const close = (a: number, b: number): void => assert.ok(Math.abs(a - b) < 1e-6, `${a} ≠ ${b}`);

describe('usage charts view model', () => {
  const report = usageReportFixture({ days: 30, projects: 3, keys: 12, models: 4, missing: [4, 17] });

  it('keeps missing days null in every series, and counts them', () => {
    for (const grouping of ['project', 'apiKey'] as const) {
      const chart = costChart(report, grouping);
      assert.equal(chart.missingDays, 2);
      for (const s of chart.series) {
        assert.equal(s.values[4], null);
        assert.equal(s.values[17], null);
        assert.equal(s.own[4], null);
      }
      assert.match(chart.summary, /2 of 30 days missing/);
    }
    const tokens = tokenChart(report);
    assert.ok(tokens.series.every((s) => s.values[4] === null && s.values[17] === null));
    assert.equal(requestChart(report).series[0]?.values[17], null);
  });

  it('stacks layers so the top of the stack is the day total, and the layers add up to the totals', () => {
    const chart = costChart(report, 'project');
    const top = chart.series[chart.series.length - 1];
    assert.ok(top);
    for (let d = 0; d < report.days.length; d++) {
      const day = report.costs.project.reduce<number | null>((a, s) => (s.values[d] === null ? a : (a ?? 0) + (s.values[d] ?? 0)), null);
      if (day === null) assert.equal(top.values[d], null);
      else close(top.values[d] ?? NaN, day);
    }
    const fromTotals = report.totals.filter((r) => r.subject.kind === 'project').reduce((a, r) => a + (r.costUsd ?? 0), 0);
    close(chart.series.reduce((a, s) => a + s.total, 0), fromTotals);
  });

  it('keeps the biggest series and sums the rest into Other, losing nothing', () => {
    const big = usageReportFixture({ days: 90, projects: 10, keys: 100, models: 20, missing: [3] });
    const chart = costChart(big, 'apiKey');
    assert.equal(chart.series.length, MAX_SERIES);
    assert.match(chart.series[MAX_SERIES - 1]?.label ?? '', /^Other \(93\)$/);
    close(chart.series.reduce((a, s) => a + s.total, 0), big.costs.apiKey.reduce((a, s) => a + sum(s.values), 0));
    const ranked = chart.series.slice(0, -1).map((s) => s.total);
    assert.deepEqual(ranked, [...ranked].sort((a, b) => b - a));
  });

  it('draws input and output apart, cached input only where reported, and skips models with no tokens', () => {
    const small = usageReportFixture({ days: 7, projects: 1, keys: 1, models: 2 });
    const imageModel = { subject: { kind: 'model' as const, id: 'gpt-image-1', label: 'gpt-image-1' }, input: small.days.map(() => null), output: small.days.map(() => null), requests: small.days.map(() => 3), source: 'images' };
    const labels = tokenChart({ ...small, tokens: [...small.tokens, imageModel] }).series.map((s) => s.label).sort();
    assert.deepEqual(labels, ['model-0 cached input', 'model-0 input', 'model-0 output', 'model-1 input', 'model-1 output']);
    const requests = requestChart({ ...small, tokens: [...small.tokens, imageModel] });
    close(requests.series[0]?.total ?? NaN, sum(small.tokens[0]?.requests ?? []) + sum(small.tokens[1]?.requests ?? []) + 21);
  });

  it('filters the project stack to the focused project', () => {
    const chart = costChart(report, 'project', 'proj_1');
    assert.deepEqual(chart.series.map((s) => s.label), ['Project 1']);
  });

  it('says so when there is nothing to draw', () => {
    const empty = { ...report, costs: { project: [], apiKey: [] }, tokens: [], totals: [] };
    assert.match(costChart(empty, 'apiKey').summary, /no data/);
    assert.equal(requestChart(empty).series.length, 0);
  });

  it('adds and stacks with null meaning missing, not zero', () => {
    assert.deepEqual(addDaily([[1, null, null], [2, 0, null]], 3), [3, 0, null]);
    assert.deepEqual(stack([{ label: 'a', values: [1, null, 2], total: 3 }, { label: 'b', values: [2, 5, null], total: 7 }], 3).map((s) => s.values), [[1, null, 2], [3, 5, null]]);
    assert.deepEqual(topSeries([{ label: 'a', values: [1] }, { label: 'b', values: [5] }], 1).map((s) => s.label), ['b', 'a']);
  });
});

describe('usage totals table', () => {
  const row = (id: string, costUsd?: number, requests?: number): UsageTotalsRow => ({ subject: { kind: 'apiKey', id, label: id.toUpperCase() }, ...(costUsd === undefined ? {} : { costUsd }), ...(requests === undefined ? {} : { requests }) });
  const rows = [row('b', 5, 1), row('a', 12), row('c', undefined, 9), row('d', 0, 3), { subject: { kind: 'model' as const, id: 'm', label: 'm' }, requests: 4 }];

  it('sorts by a number both ways, with unknown values last both ways', () => {
    assert.deepEqual(tableRows(rows, 'apiKey', { column: 'costUsd', direction: 'descending' }).map((r) => r.subject.id), ['a', 'b', 'd', 'c']);
    assert.deepEqual(tableRows(rows, 'apiKey', { column: 'costUsd', direction: 'ascending' }).map((r) => r.subject.id), ['d', 'b', 'a', 'c']);
    assert.deepEqual(tableRows(rows, 'apiKey', { column: 'requests', direction: 'descending' }).map((r) => r.subject.id), ['c', 'd', 'b', 'a']);
  });

  it('sorts by name, and keeps only rows of the chosen kind', () => {
    assert.deepEqual(tableRows(rows, 'apiKey', { column: 'label', direction: 'ascending' }).map((r) => r.subject.id), ['a', 'b', 'c', 'd']);
    assert.deepEqual(tableRows(rows, 'model', { column: 'label', direction: 'descending' }).map((r) => r.subject.id), ['m']);
  });

  it('flips the direction on the same column, starts numbers descending and names ascending', () => {
    assert.deepEqual(nextSort({ column: 'costUsd', direction: 'descending' }, 'costUsd'), { column: 'costUsd', direction: 'ascending' });
    assert.deepEqual(nextSort({ column: 'costUsd', direction: 'descending' }, 'requests'), { column: 'requests', direction: 'descending' });
    assert.deepEqual(nextSort({ column: 'costUsd', direction: 'descending' }, 'label'), { column: 'label', direction: 'ascending' });
  });
});
