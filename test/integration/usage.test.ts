// Usage and costs inside a real VS Code, against the Admin mock's seeded usage: reading 90 days × 100
// keys × 20 models over many pages gives the fixture's totals, with stored keys under their vault name;
// budget warnings at 80% and 100% with a fake clock, not twice, at most one check an hour; this
// month's spend in the keys tree; Set Spend Limit and Show Spend Controls.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KeyRecord } from '../../src/core/keys/key-index';
import type { UsageReport } from '../../src/core/usage/usage-report';
import type { SpendControls, SpendLimitOutcome } from '../../src/vscode/usage/spend-commands';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { DAY, UsageData } from '../fixtures/mock-usage-data';
import { makeKey } from '../unit/test-keys';
import { clearVault, eventually, hooks } from './extension-api';

type UsageChunk = typeof import('../../src/vscode/usage/usage.lazy');

/** The usage chunk the extension loaded (the suite's bundle resolves it to the same dist file). */
async function usageChunk(): Promise<NonNullable<ReturnType<UsageChunk['usageRuntime']>>> {
  const chunk: UsageChunk = await import('../../src/vscode/usage/usage.lazy');
  let runtime = chunk.usageRuntime();
  await eventually(() => {
    runtime = chunk.usageRuntime();
    assert.ok(runtime, 'the usage chunk starts once an admin key is stored');
  });
  return runtime!;
}

const HOUR = 3600 * 1000;

describe('Usage and costs with an admin key', () => {
  let mock: MockAdmin;
  let data: UsageData;
  let adminKey: string;
  let stored: KeyRecord;
  const usageConfig = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('openaiConnector.usage');

  before(async () => {
    adminKey = makeKey.admin();
    mock = await startMockAdmin({ adminKey });
    process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS = new URL(mock.baseUrl).origin;
    const testing = await hooks();
    await clearVault(testing);
    for (const key of ['openaiConnector.usage.budgetWarnings', 'openaiConnector.usage.lastCheckAt', 'openaiConnector.usage.monthSpend']) await testing.globalState.update(key, undefined);
    mock.seed({ projects: 4, keysPerProject: 25 });
    data = mock.seedUsage({ days: 90, projects: 4, keysPerProject: 25, models: 20, resultsPerPage: 300, missingDays: [40] });
    await vscode.commands.executeCommand('openaiConnector.addKey', { secret: adminKey, name: 'org admin', baseUrl: mock.baseUrl, scope: 'global' });
    const remote = mock.keys.find((k) => k.id === 'key_0001_0001')!;
    stored = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: remote.value, name: 'ci key', baseUrl: mock.baseUrl, scope: 'global' }))!;
    // The Organization view's listing links the stored key to key_0001_0001.
    await vscode.commands.executeCommand('openaiConnector.refreshOrganization');
    await vscode.commands.executeCommand('openaiConnector.test.organizationRows');
  });
  after(async () => {
    delete process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS;
    await usageConfig().update('keyBudgets', undefined, vscode.ConfigurationTarget.Global);
    await usageConfig().update('projectBudgets', undefined, vscode.ConfigurationTarget.Global);
    await usageConfig().update('showSpendInTree', undefined, vscode.ConfigurationTarget.Global);
    await clearVault(await hooks());
    await mock.close();
  });

  it("reads every page of 90 days × 100 keys × 20 models: the fixture's totals, a missing day null, stored keys by name", async () => {
    const { usage } = await usageChunk();
    mock.reset();
    const partial: UsageReport[] = [];
    const report = await usage.load({ startTime: data.startTime, endTime: data.endTime }, (r) => partial.push(r));
    assert.deepEqual(report.problems, []);
    const cost = (kind: 'project' | 'apiKey'): number => report.costs[kind].flatMap((s) => s.values).reduce<number>((a, v) => a + (v ?? 0), 0);
    assert.ok(Math.abs(cost('project') - data.totals.costCents / 100) < 1e-6, `cost ${cost('project')} ≠ ${data.totals.costCents / 100}`);
    assert.ok(Math.abs(cost('apiKey') - data.totals.costCents / 100) < 1e-6);
    assert.equal(report.costs.apiKey.length, 100);
    for (const [model, t] of data.totals.byModel) {
      const row = report.totals.find((r) => r.subject.kind === 'model' && r.subject.id === model);
      assert.equal(row?.requests, t.requests, model);
      if (t.endpoint === 'completions') assert.deepEqual([row.inputTokens, row.outputTokens, row.cachedInputTokens], [t.input, t.output, t.cached], model);
    }
    assert.ok(report.costs.project.every((s) => s.values[40] === null), 'the day without buckets is missing');
    const ci = report.totals.find((r) => r.subject.kind === 'apiKey' && r.subject.id === 'key_0001_0001')!;
    assert.deepEqual([ci.subject.label, ci.subject.storedKeyId], ['ci key', stored.id]);
    assert.ok(Math.abs(ci.costUsd! - data.totals.costCentsByKey.get('key_0001_0001')! / 100) < 1e-6);
    assert.match(report.totals.find((r) => r.subject.id === 'key_0001_0002')!.subject.label, /^sk-proj-.{2}\.\.\..{4}$/, 'other keys under their redacted value');
    assert.equal(report.costs.project.find((s) => s.subject.id === 'proj_0002')?.subject.label, 'Project 2');
    const usagePages = mock.requests.filter((r) => r.path.includes('/organization/usage/') || r.path.includes('/organization/costs'));
    assert.ok(usagePages.filter((r) => r.path.includes('page=')).length > 30, `many pages: ${usagePages.length}`);
    assert.ok(mock.concurrency.max <= 4);
    assert.ok(partial.length > 30 && partial.some((r) => !r.progress.done), 'the report grows page by page');
    const text = JSON.stringify(report);
    for (const k of [adminKey, ...mock.keys.map((k) => k.value)]) assert.ok(!text.includes(k), 'a key value in the report');
  });

  it('warns at 80% and at 100% of a budget with a fake clock, once each, at most one check an hour; spend in the keys tree', async () => {
    const { monitor, usage } = await usageChunk();
    const testing = await hooks();
    const nowMs = (data.endTime - DAY / 2) * 1000;
    const monthStartDay = (Date.UTC(2025, 10, 1) / 1000 - data.startTime) / DAY;
    const spentCents = data.cells.filter((c) => c.apiKeyId === 'key_0001_0001' && c.day >= monthStartDay).reduce((a, c) => a + c.costCents, 0);
    assert.ok(spentCents > 0);
    const spent = spentCents / 100;

    await usageConfig().update('keyBudgets', { 'ci key': spent / 0.85 }, vscode.ConfigurationTarget.Global);
    const first = await monitor.check({ nowMs });
    assert.equal(first.checked, true);
    assert.deepEqual(first.warnings, ['2025-11|key:key_0001_0001|80']);
    assert.ok(Math.abs(first.byApiKey!.key_0001_0001! - spent) < 1e-6);
    assert.deepEqual(await monitor.check({ nowMs: nowMs + 10 * 60 * 1000 }), { checked: false, warnings: [] }, 'not again within the hour');
    const again = await monitor.check({ nowMs: nowMs + HOUR + 1 });
    assert.equal(again.checked, true);
    assert.deepEqual(again.warnings, [], 'the 80% warning is not shown twice');

    await usage.setBudget('key', 'ci key', spent / 1.05);
    assert.deepEqual(Object.keys(usage.budgets().keys), ['ci key']);
    assert.deepEqual((await monitor.check({ nowMs: nowMs + 2 * HOUR + 2 })).warnings, ['2025-11|key:key_0001_0001|100']);
    assert.deepEqual((await monitor.check({ nowMs: nowMs + 3 * HOUR + 3 })).warnings, [], 'the 100% warning is not shown twice');

    // Project budgets by id, the same way.
    const projectCents = data.cells.filter((c) => c.projectId === 'proj_0003' && c.day >= monthStartDay).reduce((a, c) => a + c.costCents, 0);
    await usageConfig().update('projectBudgets', { proj_0003: projectCents / 100 / 0.9 }, vscode.ConfigurationTarget.Global);
    assert.deepEqual((await monitor.check({ nowMs: nowMs + 4 * HOUR + 4 })).warnings, ['2025-11|project:proj_0003|80']);

    // The stored key shows this month's spend in its tooltip, and in its description when asked.
    const item = (): vscode.TreeItem => testing.keysTree.getTreeItem({ type: 'key', record: testing.vault.get(stored.id)! } as never);
    const dollars = `$${spent.toFixed(2)}`;
    await eventually(() => assert.ok((item().tooltip as vscode.MarkdownString).value.includes(`Spend this month: ${dollars}`), (item().tooltip as vscode.MarkdownString).value));
    assert.ok(!String(item().description).includes('this month'), 'not in the description by default');
    await usageConfig().update('showSpendInTree', true, vscode.ConfigurationTarget.Global);
    await eventually(() => assert.match(String(item().description), new RegExp(`· \\${dollars} this month$`)));
    const other = await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: makeKey.project(), name: 'unlinked', baseUrl: mock.baseUrl, scope: 'global' });
    const otherItem = testing.keysTree.getTreeItem({ type: 'key', record: testing.vault.get(other!.id)! } as never);
    assert.ok(!(otherItem.tooltip as vscode.MarkdownString).value.includes('Spend this month'), 'an unlinked key shows no spend');
  });

  it('sets a project spend limit after confirmation, shows the organization and project controls, adds an email alert', async () => {
    const outcome = await vscode.commands.executeCommand<SpendLimitOutcome>('openaiConnector.setSpendLimit', { projectId: 'proj_0002', amountUsd: 75, confirm: true });
    assert.equal(outcome?.limit?.thresholdUsd, 75);
    assert.equal(mock.spendLimits.get('proj_0002'), 7500);
    const declined = await vscode.commands.executeCommand<SpendLimitOutcome>('openaiConnector.setSpendLimit', { projectId: 'proj_0002', amountUsd: 10, confirm: false });
    assert.equal(declined, undefined, 'declined: nothing changes');
    assert.equal(mock.spendLimits.get('proj_0002'), 7500);
    mock.spendAlerts.set('org', [{ id: 'alert_1', threshold_amount: 50_000, recipients: ['finance@example.com'] }]);
    const controls = await vscode.commands.executeCommand<SpendControls>('openaiConnector.showSpendControls', { quiet: true });
    assert.equal(controls?.owners.length, 5);
    assert.deepEqual(controls.owners[0]!.alerts.map((a) => a.thresholdUsd), [500]);
    assert.equal(controls.owners.find((o) => o.projectId === 'proj_0002')?.limit?.thresholdUsd, 75);
    assert.equal(controls.owners.find((o) => o.projectId === 'proj_0001')?.limit, undefined);
    const added = await vscode.commands.executeCommand<SpendControls & { added?: { thresholdUsd: number } }>('openaiConnector.showSpendControls', { addAlert: { projectId: 'proj_0003', amountUsd: 40, recipients: ['dev@example.com'], confirm: true } });
    assert.equal(added?.added?.thresholdUsd, 40);
    assert.deepEqual(mock.spendAlerts.get('proj_0003')?.map((a) => [a.threshold_amount, a.recipients]), [[4000, ['dev@example.com']]]);
    const removed = await vscode.commands.executeCommand<SpendLimitOutcome>('openaiConnector.setSpendLimit', { projectId: 'proj_0002', amountUsd: 0, confirm: true });
    assert.equal(removed?.removed, true);
    assert.equal(mock.spendLimits.has('proj_0002'), false);
  });
});
