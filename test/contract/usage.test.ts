// Contract test of every usage, costs and spend-control request the extension sends (costs grouped by
// project and key, six usage endpoints grouped by model, key and project with page cursors, the
// month-to-date read, hard spend limits and spend alerts) against Prism serving OpenAI's official
// description: Prism answers 422 to a request the description does not allow.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient } from '../../src/core/admin/admin-client';
import { createSpendAlert, deleteSpendLimit, getSpendLimit, listSpendAlerts, setSpendLimit } from '../../src/core/usage/spend-controls';
import { fetchUsageReport, lastDaysRange, monthToDateSpend } from '../../src/core/usage/usage-fetch';
import { requireOpenAISpec, startPrism, type PrismServer } from '../fixtures/prism';
import { cutSpec } from '../fixtures/spec-cut';
import { makeKey } from '../unit/test-keys';

describe('contract: usage, costs and spend controls against the official description (Prism)', { timeout: 600_000 }, () => {
  let prism: PrismServer;
  const sent: { method: string; url: string; status: number; body: string }[] = [];

  before(async () => {
    prism = await startPrism(cutSpec(requireOpenAISpec(), /^\/organization\/(costs|usage\/[a-z_]+|spend_limit|spend_alerts|projects\/\{project_id\}\/(spend_limit|spend_alerts))$/), { timeoutMs: 240_000 });
  }, { timeout: 300_000 });
  after(() => prism?.stop());

  it('sends only requests that the description accepts', async () => {
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      sent.push({ method: init?.method ?? 'GET', url: String(input), status: response.status, body: await response.clone().text() });
      return response;
    };
    const client = new AdminClient({ baseUrl: prism.baseUrl, adminKey: makeKey.admin(), fetch: recording });
    const report = await fetchUsageReport({ client, range: lastDaysRange(30) });
    assert.deepEqual(report.problems, [], JSON.stringify(report.problems));
    assert.ok(report.progress.pagesRead >= 7);
    await monthToDateSpend({ client });
    // The description's example answers has_more with a next_page: the cursor goes back as `page`.
    assert.ok(sent.some((r) => /[?&]page=/.test(r.url)), 'a page cursor was sent');
    for (const path of ['costs', 'usage/completions', 'usage/embeddings', 'usage/moderations', 'usage/images', 'usage/audio_speeches', 'usage/audio_transcriptions']) {
      assert.ok(sent.some((r) => r.url.includes(`/organization/${path}?`)), `${path} was read`);
    }
    await getSpendLimit(client, '');
    await getSpendLimit(client, 'proj_abc');
    await setSpendLimit(client, '', 100);
    await setSpendLimit(client, 'proj_abc', 25.5);
    await deleteSpendLimit(client, 'proj_abc');
    await deleteSpendLimit(client, '');
    await listSpendAlerts(client, '');
    await listSpendAlerts(client, 'proj_abc');
    await createSpendAlert(client, '', 1000, ['finance@example.com']);
    await createSpendAlert(client, 'proj_abc', 50, ['dev@example.com']);
    for (const r of sent) assert.ok(r.status < 400, `${r.method} ${r.url} → ${r.status}: ${r.body.slice(0, 400)}`);
    assert.ok(sent.length >= 20);
    // Prism does refuse what the description does not allow, so the checks above mean something.
    await assert.rejects(client.request('GET', '/organization/costs?start_time=1&group_by=model'), (e: Error & { status?: number }) => e.status === 422);
    await assert.rejects(client.request('GET', '/organization/usage/completions?bucket_width=1d'), (e: Error & { status?: number }) => e.status === 422);
  });
});
