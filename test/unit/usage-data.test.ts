// The usage data layer against the Admin mock's seeded usage: totals equal the model's, a missing day
// stays null, every page is read within 4 requests at once, problems are named, the CSV quotes as
// RFC 4180 says, and no key value reaches any output.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { AdminClient } from '../../src/core/admin/admin-client';
import { usageCsv } from '../../src/core/usage/usage-csv';
import { customRange, fetchUsageReport, lastDaysRange, monthToDateRange, monthToDateSpend } from '../../src/core/usage/usage-fetch';
import { usageLabels } from '../../src/core/usage/usage-labels';
import type { UsageReport } from '../../src/core/usage/usage-report';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { DAY, UsageData, usageErrors } from '../fixtures/mock-usage-data';
import { mockErrors } from '../fixtures/mock-openai-server';
import { makeKey } from './test-keys';

const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-6, `${what}: ${a} ≠ ${b}`);
const sum = (values: readonly (number | null)[]): number => values.reduce<number>((a, v) => a + (v ?? 0), 0);

function checkTotals(report: UsageReport, data: UsageData): void {
  close(sum(report.costs.project.flatMap((s) => s.values)), data.totals.costCents / 100, 'cost over all projects');
  close(sum(report.costs.apiKey.flatMap((s) => s.values)), data.totals.costCents / 100, 'cost over all keys');
  for (const [key, cents] of data.totals.costCentsByKey) {
    const row = report.totals.find((r) => r.subject.kind === 'apiKey' && r.subject.id === key);
    close(row?.costUsd ?? NaN, cents / 100, `cost of ${key}`);
    assert.equal(row?.requests, data.totals.requestsByKey.get(key), `requests of ${key}`);
  }
  for (const [project, cents] of data.totals.costCentsByProject) {
    close(report.totals.find((r) => r.subject.kind === 'project' && r.subject.id === project)?.costUsd ?? NaN, cents / 100, `cost of ${project}`);
  }
  for (const [model, t] of data.totals.byModel) {
    const series = report.tokens.find((s) => s.subject.id === model);
    assert.ok(series, `no series for ${model}`);
    assert.equal(series.source, t.endpoint);
    assert.equal(sum(series.requests), t.requests, `requests of ${model}`);
    if (t.endpoint === 'completions' || t.endpoint === 'embeddings' || t.endpoint === 'moderations') {
      assert.equal(sum(series.input), t.input, `input of ${model}`);
      assert.equal(sum(series.output), t.output, `output of ${model}`);
    } else assert.ok(series.input.every((v) => v === null), 'images and audio report no tokens: not invented');
    if (t.endpoint === 'completions') assert.equal(sum(series.cachedInput ?? []), t.cached, `cached of ${model}`);
    else assert.equal(series.cachedInput, undefined);
  }
}

describe('usage data', () => {
  let mock: MockAdmin;
  const adminKey = makeKey.admin();
  const range = (data: UsageData): { startTime: number; endTime: number } => ({ startTime: data.startTime, endTime: data.endTime });

  before(async () => {
    mock = await startMockAdmin({ adminKey });
  });
  after(() => mock.close());
  afterEach(() => {
    mock.reset();
    mock.usage = undefined;
  });

  it('totals per key, project and model equal the seeded model, and a day without buckets stays null', async () => {
    const data = mock.seedUsage({ days: 30, projects: 3, keysPerProject: 4, models: 10, missingDays: [5] });
    const reports: UsageReport[] = [];
    const report = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey, range: range(data), onReport: (r) => reports.push(r) });
    assert.deepEqual(report.problems, []);
    assert.equal(report.days.length, 30);
    checkTotals(report, data);
    for (const s of [...report.costs.project, ...report.costs.apiKey]) {
      assert.equal(s.values[5], null, 'the missing day is missing, not 0');
      assert.ok(s.values.every((v, d) => d === 5 || v !== null));
    }
    for (const t of report.tokens) assert.equal(t.requests[5], null);
    assert.ok(report.progress.done && !report.progress.cancelled && report.progress.pending === 0);
    assert.ok(reports.length >= 8, 'a report after every page');
    assert.ok(reports.some((r) => !r.progress.done && r.progress.pagesRead > 0), 'partial reports while reading');
  });

  it('reads 90 days × 100 keys × 20 models over many pages, at most 4 requests at once, with 429s honoured', async () => {
    const data = mock.seedUsage({ days: 90, projects: 10, keysPerProject: 10, models: 20, resultsPerPage: 500 });
    mock.script('GET /v1/organization/usage/completions', { ...mockErrors.rateLimited(0, 2) });
    const started = Date.now();
    const report = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey, range: range(data), usagePageSize: 10, costsPageSize: 7 });
    assert.deepEqual(report.problems, []);
    checkTotals(report, data);
    assert.equal(report.costs.apiKey.length, 100);
    assert.equal(report.tokens.length, 20);
    assert.ok(report.progress.pagesRead > 60, `pages: ${report.progress.pagesRead}`);
    assert.ok(mock.concurrency.max <= 4, `at most 4 at once, saw ${mock.concurrency.max}`);
    assert.ok(mock.requests.some((r) => r.path.includes('page=')), 'the page cursor is sent');
    assert.ok(mock.requests.every((r) => !r.path.includes('group_by=') || /group_by=\w+&group_by=/.test(r.path)), 'group_by repeats');
    assert.ok(Date.now() - started < 20_000, 'servable quickly');
  });

  it('a bucket continued on the next page is added, not replaced', async () => {
    const data = mock.seedUsage({ days: 3, projects: 2, keysPerProject: 5, models: 5, resultsPerPage: 3 });
    const report = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey, range: range(data) });
    checkTotals(report, data);
    assert.ok(mock.requests.length > 10);
  });

  it('labels stored keys by vault name and others by redacted value', async () => {
    const data = mock.seedUsage({ days: 2, projects: 1, keysPerProject: 2, models: 2 });
    const client = new AdminClient({ baseUrl: mock.baseUrl, adminKey });
    const org = await client.listOrganization();
    const [first, second] = org[0]!.keys;
    const labels = usageLabels(org, { s1: { storedKeyId: 's1', projectId: first!.projectId, remoteKeyId: first!.id, ownAccount: false } }, new Map([['s1', 'my laptop key']]));
    const report = await fetchUsageReport({ client, range: range(data), labels });
    const row = (id: string) => report.costs.apiKey.find((s) => s.subject.id === id)?.subject;
    assert.deepEqual(row(first!.id), { kind: 'apiKey', id: first!.id, label: 'my laptop key', storedKeyId: 's1' });
    assert.equal(row(second!.id)?.label, second!.redactedValue);
    assert.equal(report.costs.project[0]?.subject.label, 'Project 1');
    const text = JSON.stringify(report) + usageCsv(report);
    for (const k of mock.keys) assert.ok(!text.includes(k.value), 'a key value in the report');
    assert.ok(!text.includes(adminKey));
  });

  it('a Missing-scopes 401 names the scopes; other sources still arrive', async () => {
    const data = mock.seedUsage({ days: 5 });
    mock.script('GET /v1/organization/costs', mockErrors.missingScopes(['api.usage.read'], null));
    const report = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey, range: range(data) });
    assert.equal(report.problems.length, 1);
    assert.equal(report.problems[0]!.kind, 'missing-scopes');
    assert.equal(report.problems[0]!.source, 'costs');
    assert.match(report.problems[0]!.message, /api\.usage\.read/);
    assert.equal(report.costs.project.length, 0);
    assert.ok(report.totals.every((r) => r.costUsd === undefined), 'unknown cost is not 0');
    assert.ok(report.tokens.length > 0);
  });

  it('the same failure from every source is one problem; a wrong key stops reading', async () => {
    const data = mock.seedUsage({ days: 5 });
    const wrong = makeKey.admin();
    const report = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey: wrong, range: range(data) });
    assert.equal(report.problems.length, 1);
    assert.equal(report.problems[0]!.kind, 'invalid-admin-key');
    assert.ok(!JSON.stringify(report).includes(wrong));
    const project = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey: makeKey.project(), range: range(data) });
    assert.equal(project.problems[0]!.kind, 'not-admin-key');
    assert.equal(mock.requests.filter((r) => r.headers.authorization?.includes('sk-proj-')).length, 0, 'a project key is never sent');
    mock.script('GET /v1/organization/costs', usageErrors.notAdminKey(1));
    const refused = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey, range: range(data), usage: false });
    assert.equal(refused.problems[0]?.kind, 'not-admin-key');
    assert.match(refused.problems[0]!.message, /not an admin key/);
    mock.script('*', usageErrors.missingScopes());
    const scopes = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey, range: range(data) });
    assert.equal(scopes.problems.length, 1);
    assert.equal(scopes.problems[0]!.source, 'costs, usage/audio_speeches, usage/audio_transcriptions, usage/completions, usage/embeddings, usage/images, usage/moderations');
  });

  it('a failure halfway keeps what was read, and cancel stops with cancelled set', async () => {
    const data = mock.seedUsage({ days: 20 });
    mock.script('GET /v1/organization/costs', { kind: 'destroy' }, (url) => url.searchParams.has('page'));
    const report = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey, range: range(data), costsPageSize: 7, usage: ['completions'] });
    assert.equal(report.problems[0]?.kind, 'network');
    const values = report.costs.project[0]!.values;
    assert.ok(values.slice(0, 7).every((v) => v !== null) && values.slice(7).every((v) => v === null), 'read days kept, unread days null');
    mock.reset();
    const abort = new AbortController();
    const cancelled = await fetchUsageReport({ baseUrl: mock.baseUrl, adminKey, range: range(data), usagePageSize: 1, signal: abort.signal, onReport: (r) => r.progress.pagesRead >= 3 && abort.abort() });
    assert.ok(cancelled.progress.cancelled && cancelled.progress.done);
    assert.deepEqual(cancelled.problems, []);
  });

  it('month-to-date spend per key and project', async () => {
    const data = mock.seedUsage({ days: 40 });
    const nowMs = (data.endTime - DAY / 2) * 1000;
    const month = monthToDateRange(nowMs);
    const spend = await monthToDateSpend({ baseUrl: mock.baseUrl, adminKey, nowMs });
    const firstDay = (month.startTime - data.startTime) / DAY;
    const expected = new Map<string, number>();
    for (const c of data.cells) if (c.day >= firstDay) expected.set(c.apiKeyId, (expected.get(c.apiKeyId) ?? 0) + c.costCents);
    for (const [key, cents] of expected) close(spend.byApiKey[key] ?? NaN, cents / 100, key);
    close(spend.totalUsd, [...expected.values()].reduce((a, b) => a + b, 0) / 100, 'total');
    // (Requests the previous test cancelled may still arrive: only this range's count.)
    const mine = mock.requests.filter((r) => r.path.includes(`start_time=${month.startTime}&`));
    assert.ok(mine.length > 0 && mine.every((r) => r.path.startsWith('/v1/organization/costs?')), 'costs only');
  });

  it('ranges are whole UTC days', () => {
    const now = Date.UTC(2025, 10, 24, 15, 30) ;
    assert.deepEqual(lastDaysRange(7, now), { startTime: Date.UTC(2025, 10, 18) / 1000, endTime: Date.UTC(2025, 10, 25) / 1000 });
    assert.deepEqual(monthToDateRange(now), { startTime: Date.UTC(2025, 10, 1) / 1000, endTime: Date.UTC(2025, 10, 25) / 1000 });
    assert.deepEqual(customRange('2025-11-01', '2025-11-02'), { startTime: Date.UTC(2025, 10, 1) / 1000, endTime: Date.UTC(2025, 10, 3) / 1000 });
    assert.equal(customRange('2025-11-03', '2025-11-02'), undefined);
    assert.equal(customRange('yesterday', '2025-11-02'), undefined);
  });

  it('CSV: RFC 4180 quoting, a row per day and series plus totals, missing days empty', () => {
    const subject = { kind: 'apiKey' as const, id: 'key_1', label: 'my "best", key\nline two' };
    const report: UsageReport = {
      range: { startTime: 0, endTime: 2 * DAY }, days: [0, DAY],
      costs: { project: [], apiKey: [{ subject, values: [1.5, null] }] },
      tokens: [{ subject: { kind: 'model', id: 'gpt-x', label: '=SUM(A1)' }, input: [10, null], output: [5, null], cachedInput: [1, null], requests: [2, null], source: 'completions' }],
      totals: [{ subject, costUsd: 1.5 }],
      problems: [], progress: { pagesRead: 1, pending: 0, done: true, cancelled: false },
    };
    const lines = usageCsv(report).split('\r\n');
    assert.equal(lines[0], 'date,kind,id,label,cost_usd,input_tokens,output_tokens,cached_input_tokens,requests');
    assert.equal(lines[1], '1970-01-01,apiKey,key_1,"my ""best"", key\nline two",1.5,,,,');
    const csv = usageCsv(report);
    assert.ok(csv.includes('1970-01-02,apiKey,key_1,"my ""best"", key\nline two",,,,,\r\n'), 'a missing day is empty');
    assert.ok(csv.includes("1970-01-01,model,gpt-x,'=SUM(A1),,10,5,1,2\r\n"), 'a formula is not run');
    assert.ok(csv.includes('1970-01-02,model,gpt-x,\'=SUM(A1),,,,,\r\n'));
    assert.ok(csv.endsWith('total,apiKey,key_1,"my ""best"", key\nline two",1.5,,,,\r\n'));
  });
});
