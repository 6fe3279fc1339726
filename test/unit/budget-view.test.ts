// The Usage panel's budget rows and typed amounts: spend that could not be read stays absent (never
// 0), a key's budget is found under its stored name or its key id, and amounts are parsed strictly.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { budgetRows, parseBudgetAmount } from '../../src/core/usage/budget-view';
import type { MonthSpend } from '../../src/core/usage/usage-fetch';
import type { UsageTotalsRow } from '../../src/core/usage/usage-report';

const range = { startTime: 0, endTime: 86_400 };
const totals: UsageTotalsRow[] = [
  { subject: { kind: 'apiKey', id: 'key_a', label: 'prod key', storedKeyId: 's1' }, costUsd: 3 },
  { subject: { kind: 'apiKey', id: 'key_b', label: 'key_b' }, costUsd: 1 },
  { subject: { kind: 'project', id: 'proj_1', label: 'Main' }, costUsd: 4 },
  { subject: { kind: 'model', id: 'gpt-x', label: 'gpt-x' }, requests: 2 },
];
const spend: MonthSpend = { range, byApiKey: { key_a: 2.5 }, byProject: { proj_1: 7 }, totalUsd: 7, missingDays: 0, problems: [] };

describe('budget rows', () => {
  it('pairs each key and project with its budget and this month’s spend; no spend is 0 only when spend was read', () => {
    const rows = budgetRows(totals, { keys: { 'prod key': 10, key_z: 5 }, projects: { proj_1: 20, proj_9: 1 } }, spend, new Map([['s1', 'prod key']]));
    assert.deepEqual(rows, [
      { kind: 'key', subjectId: 'key_a', label: 'prod key', budgetUsd: 10, spentUsd: 2.5 },
      { kind: 'key', subjectId: 'key_b', label: 'key_b', spentUsd: 0 },
      { kind: 'project', subjectId: 'proj_1', label: 'Main', budgetUsd: 20, spentUsd: 7 },
      { kind: 'key', subjectId: 'key_z', label: 'key_z', budgetUsd: 5, spentUsd: 0 },
      { kind: 'project', subjectId: 'proj_9', label: 'proj_9', budgetUsd: 1, spentUsd: 0 },
    ]);
  });

  it('leaves spend absent when it was not read or had a problem', () => {
    const failed: MonthSpend = { ...spend, problems: [{ source: 'costs', kind: 'missing-scopes', message: 'lacks api.usage.read' }] };
    for (const s of [undefined, failed]) {
      const rows = budgetRows(totals, { keys: { key_b: 3 }, projects: {} }, s, new Map());
      assert.ok(rows.every((r) => r.spentUsd === undefined), JSON.stringify(rows));
      assert.equal(rows.find((r) => r.subjectId === 'key_b')?.budgetUsd, 3);
    }
  });
});

describe('budget amounts', () => {
  it('accepts positive dollar amounts and empty (clear)', () => {
    assert.deepEqual(parseBudgetAmount('50'), { ok: true, usd: 50 });
    assert.deepEqual(parseBudgetAmount(' $12.50 '), { ok: true, usd: 12.5 });
    assert.deepEqual(parseBudgetAmount('1,000'), { ok: true, usd: 1000 });
    assert.deepEqual(parseBudgetAmount('  '), { ok: true, usd: undefined });
  });
  it('refuses anything else in words', () => {
    for (const text of ['0', '-5', 'abc', '1e3', 'NaN', 'Infinity', '5 dollars', '0.00', '99999999999']) {
      const r = parseBudgetAmount(text);
      assert.ok(!r.ok && r.message.length > 10, text);
    }
  });
});
