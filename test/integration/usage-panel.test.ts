// The Usage panel inside a real VS Code, against the Admin API mock's seeded usage on 127.0.0.1: the
// page opens, says ready and loads 30 days by itself; the totals and chart data it received equal the
// mock's known totals (a day with no bucket stays missing); Export CSV writes, through the (stubbed)
// save dialog, the report it shows.
import * as assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KeyRecord } from '../../src/core/keys/key-index';
import { usageCsv } from '../../src/core/usage/usage-csv';
import type { UsageReport } from '../../src/core/usage/usage-report';
import type { UsagePanelState, UsageProbeAction } from '../../src/vscode/usage/usage-probe';
import { costChart, requestChart, tokenChart } from '../../src/usage-webview/usage-view-model';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { makeKey } from '../unit/test-keys';
import { clearVault, eventually, hooks } from './extension-api';

const DAY = 86_400;
const MISSING = 10;

async function probe(action: UsageProbeAction = { kind: 'state' }): Promise<UsagePanelState> {
  const state = await vscode.commands.executeCommand<UsagePanelState>('openaiConnector.test.usagePanel', action);
  assert.ok(state, 'the test-only usage probe answered nothing');
  return state;
}

async function finalReport(): Promise<UsageReport> {
  let report: UsageReport | undefined;
  await eventually(async () => {
    report = (await probe()).lastReport;
    assert.ok(report?.progress.done, 'no final report reached the page');
  }, 60_000);
  return report!;
}

const cents = (usd: number | undefined): number => Math.round((usd ?? NaN) * 100);

describe('Usage panel: totals, charts and CSV from the Admin API', () => {
  let mock: MockAdmin;
  let dir: string;

  before(async () => {
    const adminKey = makeKey.admin();
    mock = await startMockAdmin({ adminKey, seed: { projects: 2, keysPerProject: 3 } });
    // 30 days ending today (UTC): the panel's default range reads exactly these.
    mock.seedUsage({ endTime: (Math.floor(Date.now() / 1000 / DAY) + 1) * DAY, days: 30, projects: 2, keysPerProject: 3, models: 6, missingDays: [MISSING] });
    dir = await mkdtemp(join(tmpdir(), 'usage-csv-'));
    await clearVault(await hooks());
    await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: adminKey, name: 'usage admin', baseUrl: mock.baseUrl, scope: 'global' });
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await clearVault(await hooks());
    await rm(dir, { recursive: true, force: true });
    await mock.close();
  });

  it('shows the fixture totals in the table rows and the chart data, with the missing day missing', async () => {
    await probe({ kind: 'clear' });
    await vscode.commands.executeCommand('openaiConnector.showUsage');
    await eventually(async () => assert.ok((await probe()).ready, 'the Usage page never said ready'), 30_000);
    const report = await finalReport();
    const known = mock.usage!.totals;
    assert.equal(report.days.length, 30);
    assert.deepEqual(report.problems, []);

    const rows = (kind: string): UsageReport['totals'] => report.totals.filter((r) => r.subject.kind === kind);
    assert.deepEqual(new Map(rows('project').map((r) => [r.subject.id, cents(r.costUsd)])), known.costCentsByProject);
    assert.deepEqual(new Map(rows('apiKey').map((r) => [r.subject.id, cents(r.costUsd)])), known.costCentsByKey);
    for (const [model, t] of known.byModel) {
      const row = rows('model').find((r) => r.subject.id === model);
      assert.ok(row, `no table row for ${model}`);
      assert.equal(row.requests, t.requests, `${model} requests`);
      if (t.input > 0) assert.equal(row.inputTokens, t.input, `${model} input tokens`);
      if (t.output > 0) assert.equal(row.outputTokens, t.output, `${model} output tokens`);
    }

    // The charts draw from the same report: the stacks add up to the known spend, for either grouping.
    for (const grouping of ['project', 'apiKey'] as const) {
      const chart = costChart(report, grouping);
      assert.equal(Math.round(chart.series.reduce((a, s) => a + s.total, 0) * 100), known.costCents, `cost by ${grouping}`);
      assert.equal(chart.missingDays, 1);
      assert.ok(chart.series.every((s) => s.values[MISSING] === null), 'the missing day is drawn as a gap');
      known.costCentsByDay.forEach((c, d) => {
        if (d !== MISSING) assert.equal(Math.round((chart.series[chart.series.length - 1]?.values[d] ?? NaN) * 100), c, `day ${d}`);
      });
    }
    const requests = [...known.byModel.values()].reduce((a, t) => a + t.requests, 0);
    assert.equal(requestChart(report).series[0]?.total, requests);
    assert.ok(tokenChart(report).series.length > 0);
  });

  it('exports the shown report as CSV through the save dialog', async () => {
    const file = join(dir, 'usage.csv');
    await probe({ kind: 'saveTo', path: file });
    const report = await finalReport();
    await probe({ kind: 'post', message: { type: 'exportCsv', requestId: 'csv-1' } });
    const reply = (await probe()).messages.find((m) => m.type === 'reply' && m.requestId === 'csv-1');
    assert.ok(reply && reply.type === 'reply' && reply.ok && reply.body.kind === 'exported' && reply.body.saved, JSON.stringify(reply));
    const text = await readFile(file, 'utf8');
    assert.equal(text, usageCsv(report));
    const lines = text.trimEnd().split('\r\n');
    assert.equal(lines[0], 'date,kind,id,label,cost_usd,input_tokens,output_tokens,cached_input_tokens,requests');
    const known = mock.usage!.totals;
    for (const [project, c] of known.costCentsByProject) {
      const total = lines.find((l) => l.startsWith(`total,project,${project},`));
      assert.ok(total, `no total row for ${project}`);
      assert.equal(Math.round(Number(total.split(',')[4]) * 100), c);
    }
    // The missing day is an empty cell, not 0.
    const missingDate = new Date(report.days[MISSING]! * 1000).toISOString().slice(0, 10);
    assert.ok(lines.filter((l) => l.startsWith(`${missingDate},project,`)).every((l) => l.split(',')[4] === ''));
    // A cancelled dialog writes nothing and says so.
    await probe({ kind: 'saveTo', path: '' });
    await probe({ kind: 'post', message: { type: 'exportCsv', requestId: 'csv-2' } });
    const cancelled = (await probe()).messages.find((m) => m.type === 'reply' && m.requestId === 'csv-2');
    assert.ok(cancelled && cancelled.type === 'reply' && cancelled.ok && cancelled.body.kind === 'exported' && !cancelled.body.saved);
  });

  it('rejects a malformed message from the page with a typed error, and nothing runs', async () => {
    await probe({ kind: 'post', message: { type: 'exportCsv', requestId: 'bad 1' } });
    await probe({ kind: 'post', message: { type: 'load', requestId: 'bad-2', range: { kind: 'preset', days: 3650 } } });
    const errors = (await probe()).messages.filter((m) => m.type === 'protocolError');
    assert.ok(errors.length >= 2, JSON.stringify(errors));
    assert.ok(errors.every((m) => m.type === 'protocolError' && m.code === 'invalid-field'));
  });
});
