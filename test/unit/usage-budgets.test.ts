// Budgets (80% and 100%, once per month and subject, keys by vault name or key id, projects by id) and
// OpenAI's spend controls (hard limits, alerts) against the Admin mock.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient } from '../../src/core/admin/admin-client';
import { dueWarnings, monthKey, storedKeySpend } from '../../src/core/usage/budgets';
import { createSpendAlert, deleteSpendLimit, getSpendLimit, listSpendAlerts, setSpendLimit } from '../../src/core/usage/spend-controls';
import type { MonthSpend } from '../../src/core/usage/usage-fetch';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { makeKey } from './test-keys';

const spend = (byApiKey: Record<string, number>, byProject: Record<string, number> = {}): MonthSpend => ({
  range: { startTime: 0, endTime: 0 }, byApiKey, byProject, totalUsd: 0, missingDays: 0, problems: [],
});
const links = { s1: { storedKeyId: 's1', projectId: 'proj_1', remoteKeyId: 'key_1', ownAccount: false } };
const stored = [{ id: 's1', name: 'ci key' }];
const NOW = Date.UTC(2025, 10, 20);

describe('budgets', () => {
  it('warns at 80% and at 100%, each once a month, naming the stored key and offering it for revoking', () => {
    const budgets = { keys: { 'ci key': 10 }, projects: { proj_1: 100 } };
    assert.deepEqual(dueWarnings(spend({ key_1: 7.99 }, { proj_1: 7.99 }), budgets, links, stored, new Set(), NOW), []);
    const at80 = dueWarnings(spend({ key_1: 8 }, { proj_1: 8 }), budgets, links, stored, new Set(), NOW);
    assert.equal(at80.length, 1);
    assert.equal(at80[0]!.memo, '2025-11|key:key_1|80');
    assert.equal(at80[0]!.storedKeyId, 's1');
    assert.match(at80[0]!.message, /Key 'ci key' has spent \$8\.00 this month: 80% of its monthly budget of \$10\.00/);
    const shown = new Set(at80.map((w) => w.memo));
    assert.deepEqual(dueWarnings(spend({ key_1: 9 }), budgets, links, stored, shown, NOW), [], 'not twice');
    const at100 = dueWarnings(spend({ key_1: 10.5 }, { proj_1: 120 }), budgets, links, stored, shown, NOW);
    assert.deepEqual(at100.map((w) => w.memo), ['2025-11|key:key_1|100', '2025-11|project:proj_1|100']);
    assert.match(at100[0]!.message, /over its monthly budget/);
    assert.equal(at100[1]!.storedKeyId, undefined, 'a project is not revoked');
    assert.equal(dueWarnings(spend({ key_1: 10.5 }), budgets, links, stored, shown, Date.UTC(2025, 11, 1)).length, 1, 'a new month warns again');
  });

  it('takes OpenAI key ids, ignores unknown names and bad amounts, never treats a revoked link as revocable', () => {
    const revoked = { s1: { ...links.s1, revokedAt: '2025-11-02' } };
    const w = dueWarnings(spend({ key_1: 5, key_9: 50 }), { keys: { key_9: 40, nobody: 1, 'ci key': 'ten', key_1: -3 }, projects: { proj_2: 0 } }, revoked, stored, new Set(), NOW);
    assert.deepEqual(w.map((x) => x.memo), ['2025-11|key:key_9|100']);
    const viaId = dueWarnings(spend({ key_1: 5 }), { keys: { key_1: 5 }, projects: {} }, revoked, stored, new Set(), NOW);
    assert.equal(viaId[0]!.label, 'ci key');
    assert.equal(viaId[0]!.storedKeyId, undefined);
    assert.equal(monthKey(NOW), '2025-11');
    assert.equal(storedKeySpend(spend({ key_1: 3 }), links, 's1'), 3);
    assert.equal(storedKeySpend(spend({}), links, 's1'), 0);
    assert.equal(storedKeySpend(spend({}), links, 's2'), undefined, 'an unlinked key shows no spend');
  });
});

describe('spend controls', () => {
  let mock: MockAdmin;
  const adminKey = makeKey.admin();
  before(async () => {
    mock = await startMockAdmin({ adminKey });
  });
  after(() => mock.close());

  it('reads, sets and removes hard limits in cents; lists and creates alerts', async () => {
    const client = new AdminClient({ baseUrl: mock.baseUrl, adminKey });
    assert.equal(await getSpendLimit(client, 'proj_0001'), undefined, 'none set: a 404 is "no limit"');
    const set = await setSpendLimit(client, 'proj_0001', 12.5);
    assert.equal(set.thresholdUsd, 12.5);
    assert.equal(mock.spendLimits.get('proj_0001'), 1250);
    assert.equal((await getSpendLimit(client, 'proj_0001'))?.thresholdUsd, 12.5);
    await setSpendLimit(client, '', 1000);
    assert.equal(mock.spendLimits.get('org'), 100_000);
    await deleteSpendLimit(client, 'proj_0001');
    assert.equal(mock.spendLimits.has('proj_0001'), false);
    await assert.rejects(setSpendLimit(client, 'proj_0001', 0), /at least \$0\.01/);
    const alert = await createSpendAlert(client, '', 50, ['finance@example.com']);
    assert.deepEqual(await listSpendAlerts(client, ''), [alert]);
    assert.deepEqual(await listSpendAlerts(client, 'proj_0002'), []);
    await assert.rejects(createSpendAlert(client, '', 50, []), /email/);
  });
});
