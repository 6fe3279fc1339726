// The Usage panel in the real workbench, against the Admin API mock's seeded usage on 127.0.0.1:
// an admin key opens Show Usage and Costs; the charts draw on canvas with real data; switching the
// grouping and the range redraws them; the strict CSP blocked nothing; no key value reaches the page.
import * as assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { makeKey } from '../unit/test-keys';
import { deepFrameText } from './harness/page-text';
import { scenario } from './harness/scenario';
import { addKeyViaUi } from './harness/add-key';
import { KEYS_VIEW, type Workbench } from './harness/workbench';

const adminKey = makeKey.admin();
let mock: MockAdmin;
const DAY = 86_400;

before(async () => {
  mock = await startMockAdmin({ adminKey, seed: { projects: 2, keysPerProject: 3 } });
  // 90 days ending today (UTC), so every preset range of the panel has data; one day has no bucket.
  const endTime = (Math.floor(Date.now() / 1000 / DAY) + 1) * DAY;
  mock.seedUsage({ endTime, days: 90, projects: 2, keysPerProject: 3, missingDays: [86] });
});
after(() => mock?.close());

async function usagePage(wb: Workbench): Promise<FrameLocator> {
  const frame = wb.webview();
  await frame.locator('#chart-cost').waitFor({ timeout: 30_000 });
  return frame;
}

/** Waits until the page says the load finished (the status names the days read). */
async function loaded(frame: FrameLocator, days: number): Promise<void> {
  await frame.locator('#status', { hasText: new RegExp(`^${days} days, \\d+ page`) }).waitFor({ timeout: 60_000 });
}

async function points(frame: FrameLocator, chart: string): Promise<number> {
  return Number(await frame.locator(`#${chart} .plot`).getAttribute('data-points'));
}

scenario('usage panel', { label: 'usage' }, ({ step }) => {
  step('adds an admin key for the mock', async (wb) => {
    await wb.openView(KEYS_VIEW);
    await addKeyViaUi(wb, { secret: adminKey, name: 'usage admin', scope: 'All workspaces', baseUrl: mock.baseUrl });
  });

  step('Show Usage and Costs opens the panel; the charts draw on canvas with data', async (wb, session) => {
    await wb.runCommand('Show Usage and Costs');
    const frame = await usagePage(wb);
    await loaded(frame, 30);
    for (const chart of ['chart-cost', 'chart-tokens', 'chart-requests']) {
      await frame.locator(`#${chart} canvas`).first().waitFor();
      assert.ok(await points(frame, chart) > 0, `${chart} has no data points`);
      const box = await frame.locator(`#${chart} canvas`).first().boundingBox();
      assert.ok(box && box.width > 100 && box.height > 100, `${chart}'s canvas is not drawn at a useful size`);
      assert.match(await frame.locator(`#${chart} .plot`).getAttribute('aria-label') ?? '', /per day/);
      assert.match(await frame.locator(`#${chart}-summary`).textContent() ?? '', /over 30 days/);
    }
    assert.ok(await frame.locator('#totals-table tbody tr').count() >= 6, 'the totals table lists the six keys');
    assert.deepEqual(await frame.locator('#problems .problem').allTextContents(), []);
    await session.screenshot('usage-panel');
  });

  step('switching the grouping to API keys and the range to 7 days redraws the charts', async (wb) => {
    const frame = await usagePage(wb);
    const legend = frame.locator('#chart-cost .u-legend');
    const byProject = await legend.textContent();
    assert.match(byProject ?? '', /Project/);
    await frame.locator('#grouping').selectOption('apiKey');
    await frame.locator('#chart-cost .plot[data-series="6"]').waitFor();
    assert.notEqual(await legend.textContent(), byProject);
    assert.match(await frame.locator('#chart-cost-summary').textContent() ?? '', /by API key/);
    const month = await points(frame, 'chart-requests');
    await frame.locator('#range').selectOption('preset:7');
    await loaded(frame, 7);
    const week = await points(frame, 'chart-requests');
    assert.ok(week > 0 && week < month, `7 days show ${week} points, 30 days ${month}`);
  });

  step('the table sorts from the keyboard and says how it is sorted', async (wb) => {
    const frame = await usagePage(wb);
    await frame.locator('button.sort[data-column="label"]').focus();
    await frame.locator('button.sort[data-column="label"]').press('Enter');
    assert.equal(await frame.locator('th:has(button[data-column="label"])').getAttribute('aria-sort'), 'ascending');
    const names = await frame.locator('#totals-table tbody th').allTextContents();
    assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  });

  step('budgets and spend controls show below the totals; a budget is set and cleared from the page', async (wb) => {
    const frame = await usagePage(wb);
    const row = frame.locator('#budgets-table tbody tr[data-kind="project"]').first();
    await row.waitFor({ timeout: 30_000 });
    await row.locator('input').fill('abc');
    await row.locator('button').click();
    await frame.locator('#budgets-status', { hasText: /^Not saved: .*dollar amount above 0/ }).waitFor();
    await row.locator('input').fill('40');
    await row.locator('button').click();
    await frame.locator('#budgets-status', { hasText: /monthly budget of .+ is \$40\.00/ }).waitFor();
    const saved = frame.locator('#budgets-table tbody tr[data-kind="project"]').first();
    assert.match(await saved.locator('td').nth(2).textContent() ?? '', /^\$40\.00$/);
    await saved.locator('input').fill('');
    await saved.locator('button').click();
    await frame.locator('#budgets-status', { hasText: /budget of .+ is removed/ }).waitFor();
    await frame.locator('#spend-controls .spend-owner[data-project=""] button[data-action="setLimit"]').waitFor({ timeout: 30_000 });
    assert.ok(await frame.locator('#spend-controls .spend-owner button[data-action="addAlert"]').count() >= 1);
  });

  step('the CSP blocked nothing, and no key value is in the page', async (wb, session) => {
    const frame = await usagePage(wb);
    const text = await deepFrameText(frame);
    assert.match(text, /Totals per/, 'the DOM search found nothing: is it searching the right frame?');
    assert.ok(!text.includes(adminKey), 'the admin key is in the Usage page');
    for (const key of mock.keys) assert.ok(!text.includes(key.value), 'a listed key value is in the Usage page');
    assert.deepEqual(session.pageErrors.filter((e) => /Content Security Policy|Refused to (load|apply|execute|connect)/i.test(e)), []);
    assert.deepEqual(await session.findSecret(adminKey), []);
  });
});
