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
import type { UsageHostMessage, UsageReplyBody } from '../../src/protocol/usage-protocol';
import type { UsagePanelState, UsageProbeAction } from '../../src/vscode/usage/usage-probe';
import { costChart, requestChart, tokenChart } from '../../src/usage-webview/usage-view-model';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { usageErrors } from '../fixtures/mock-usage-data';
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

/** The reply the page got for `requestId` (posted by the probe as the page would). */
async function ask(message: Record<string, unknown>): Promise<Extract<UsageHostMessage, { type: 'reply' }>> {
  await probe({ kind: 'post', message });
  let reply: UsageHostMessage | undefined;
  await eventually(async () => {
    reply = (await probe()).messages.find((m) => m.type === 'reply' && m.requestId === message.requestId);
    assert.ok(reply, `no reply to ${String(message.requestId)}`);
  }, 30_000);
  assert.ok(reply?.type === 'reply');
  return reply;
}

function body<K extends UsageReplyBody['kind']>(reply: Extract<UsageHostMessage, { type: 'reply' }>, kind: K): Extract<UsageReplyBody, { kind: K }> {
  assert.ok(reply.ok && reply.body.kind === kind, JSON.stringify(reply));
  return reply.body as Extract<UsageReplyBody, { kind: K }>;
}

/** Loads 30 days again (as the page does) and returns the final report the page got. */
async function reload(id: string): Promise<UsageReport> {
  await probe({ kind: 'clear' });
  body(await ask({ type: 'load', requestId: id, range: { kind: 'preset', days: 30 } }), 'accepted');
  return finalReport();
}

/** No number is invented: every total of the report is absent, and no cost series has a value. */
function nothingInvented(report: UsageReport): void {
  assert.ok(report.totals.every((r) => r.costUsd === undefined && r.requests === undefined && r.inputTokens === undefined), JSON.stringify(report.totals.slice(0, 3)));
  assert.ok([...report.costs.project, ...report.costs.apiKey].every((s) => s.values.every((v) => v === null)));
}

describe('Usage panel: problems in words, budgets and spend controls', () => {
  let mock: MockAdmin;

  before(async () => {
    const adminKey = makeKey.admin();
    mock = await startMockAdmin({ adminKey, seed: { projects: 2, keysPerProject: 2 } });
    mock.seedUsage({ endTime: (Math.floor(Date.now() / 1000 / DAY) + 1) * DAY, days: 30, projects: 2, keysPerProject: 2, models: 3 });
    await clearVault(await hooks());
    await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: adminKey, name: 'usage admin 2', baseUrl: mock.baseUrl, scope: 'global' });
    await probe({ kind: 'clear' });
    await vscode.commands.executeCommand('openaiConnector.showUsage');
    await eventually(async () => assert.ok((await probe()).ready, 'the Usage page never said ready'), 30_000);
    await finalReport();
  });
  afterEach(() => mock.reset());
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('openaiConnector.usage').update('projectBudgets', undefined, vscode.ConfigurationTarget.Global);
    await clearVault(await hooks());
    await mock.close();
  });

  it('says a project key cannot read usage, and shows no number', async () => {
    mock.script('*', usageErrors.notAdminKey());
    const report = await reload('not-admin');
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
    assert.equal(report.problems[0]?.kind, 'not-admin-key');
    assert.match(report.problems[0]?.message ?? '', /admin key/);
    assert.match(report.problems[0]?.message ?? '', /project (or|and) service account key/);
    nothingInvented(report);
  });

  it('names the missing scopes of a Missing-scopes 401, and shows no number', async () => {
    mock.script('*', usageErrors.missingScopes());
    const report = await reload('scopes');
    assert.ok(report.problems.length >= 1 && report.problems.every((p) => p.kind === 'missing-scopes'), JSON.stringify(report.problems));
    assert.ok(report.problems.every((p) => p.message.includes('api.usage.read')), 'the scope is named');
    nothingInvented(report);
    // This month's spend against budgets: the same problem in words, and no spend number.
    const budgets = body(await ask({ type: 'budgets', requestId: 'budgets-scopes' }), 'budgets');
    assert.ok(budgets.problems.some((p) => p.includes('api.usage.read')), JSON.stringify(budgets.problems));
    assert.ok(budgets.rows.every((r) => r.spentUsd === undefined));
  });

  it('shows what was read on a partial failure, says which source failed, and leaves the rest missing', async () => {
    mock.script('GET /v1/organization/costs', usageErrors.missingScopes());
    const report = await reload('partial');
    assert.equal(report.problems.length, 1, JSON.stringify(report.problems));
    assert.equal(report.problems[0]?.source, 'costs');
    assert.match(report.problems[0]?.message ?? '', /api\.usage\.read/);
    const models = report.totals.filter((r) => r.subject.kind === 'model');
    assert.ok(models.length > 0 && models.every((r) => (r.requests ?? 0) > 0), 'usage that was read is shown');
    assert.ok(report.totals.every((r) => r.costUsd === undefined), 'no cost is invented');
  });

  it('sets and clears a project budget from the panel, refusing a bad amount in words', async () => {
    await reload('budgets-ok');
    const project = mock.projects[0]!.id;
    const bad = await ask({ type: 'setBudget', requestId: 'budget-bad', kind: 'project', subjectId: project, amount: '-5' });
    assert.ok(!bad.ok && /dollar amount above 0/.test(bad.message), JSON.stringify(bad));
    const set = body(await ask({ type: 'setBudget', requestId: 'budget-set', kind: 'project', subjectId: project, amount: '$25' }), 'budgetSet');
    assert.equal(set.row.budgetUsd, 25);
    assert.deepEqual(vscode.workspace.getConfiguration('openaiConnector.usage').get('projectBudgets'), { [project]: 25 });
    const rows = body(await ask({ type: 'budgets', requestId: 'budget-read' }), 'budgets');
    const row = rows.rows.find((r) => r.kind === 'project' && r.subjectId === project);
    assert.equal(row?.budgetUsd, 25);
    assert.equal(typeof row?.spentUsd, 'number', 'spend was read, so it is a number');
    const cleared = body(await ask({ type: 'setBudget', requestId: 'budget-clear', kind: 'project', subjectId: project, amount: '' }), 'budgetSet');
    assert.equal(cleared.row.budgetUsd, undefined);
    assert.deepEqual(vscode.workspace.getConfiguration('openaiConnector.usage').get('projectBudgets'), {});
  });

  it('shows the organization’s and projects’ hard limits and alerts, and refuses a spend action that skips the confirmation', async () => {
    mock.spendLimits.set('org', 10_000);
    const controls = body(await ask({ type: 'spendControls', requestId: 'controls' }), 'spendControls');
    const org = controls.owners.find((o) => o.projectId === '');
    assert.equal(org?.limit?.thresholdUsd, 100, JSON.stringify(controls.owners));
    assert.equal(controls.owners.length, mock.projects.length + 1);
    await probe({ kind: 'post', message: { type: 'spendAction', requestId: 'skip', action: 'setLimit', projectId: '', confirm: true } });
    const rejected = (await probe()).messages.find((m) => m.type === 'protocolError' && m.requestId === 'skip');
    assert.ok(rejected?.type === 'protocolError' && rejected.code === 'invalid-field');
    assert.equal(mock.spendLimits.get('org'), 10_000, 'nothing changed');
  });
});
