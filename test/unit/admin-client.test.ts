// The Admin API client against the admin mock: paging, the 4-request limit, 429, faults, minting, revoking.
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { AdminApiError, AdminClient, retryAfterMs } from '../../src/core/admin/admin-client';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { mockErrors } from '../fixtures/mock-openai-server';
import { makeKey } from './test-keys';

describe('AdminClient', () => {
  let mock: MockAdmin;
  const adminKey = makeKey.admin();
  const client = (pageSize = 100): AdminClient => new AdminClient({ baseUrl: mock.baseUrl, adminKey, pageSize });

  before(async () => {
    mock = await startMockAdmin({ adminKey });
  });
  after(() => mock.close());
  afterEach(() => {
    mock.reset();
    mock.seed({});
  });

  async function rejectsWith(p: Promise<unknown>, kind: string, pattern: RegExp): Promise<AdminApiError> {
    const error = await p.then(() => assert.fail('expected a failure'), (e: unknown) => e);
    assert.ok(error instanceof AdminApiError, String(error));
    assert.equal(error.kind, kind);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes(adminKey), 'the admin key is in the message');
    return error;
  }

  it('reads every page of projects and keys, asks for owner_project_access=any, and keeps to 4 requests at once', async () => {
    mock.seed({ projects: 12, keysPerProject: 25 });
    const progress: number[] = [];
    const org = await client(10).listOrganization(undefined, (p) => progress.push(p.keysRead));
    assert.equal(org.length, 12);
    assert.deepEqual(org.map((p) => p.keys.length), Array(12).fill(25), 'keys whose owner lost access are listed too');
    assert.ok(org[0]!.keys.some((k) => k.ownerProjectAccess === 'inactive'));
    const keyLists = mock.requests.filter((r) => r.path.includes('/api_keys'));
    assert.equal(keyLists.length, 12 * 3, 'three pages of 10 per project');
    assert.ok(keyLists.every((r) => new URL(r.path, 'http://x').searchParams.get('owner_project_access') === 'any'));
    assert.ok(keyLists.some((r) => new URL(r.path, 'http://x').searchParams.get('after') === 'key_0001_0010'));
    assert.ok(mock.concurrency.max <= 4 && mock.concurrency.max > 1, `max ${mock.concurrency.max} at once`);
    assert.equal(progress[progress.length - 1], 300);
    assert.ok(mock.requests.every((r) => r.headers.authorization === `Bearer ${adminKey}`));
  });

  it('parses keys with owner, redacted value and last use', async () => {
    const keys = await client().listKeys('proj_0001');
    assert.equal(keys[0]!.owner.type, 'user');
    assert.equal(keys[2]!.owner.type, 'service_account');
    assert.match(keys[0]!.redactedValue, /^sk-proj-..\.\.\..{4}$/);
    assert.equal(keys[1]!.lastUsedAt, null);
    assert.equal(typeof keys[0]!.lastUsedAt, 'number');
  });

  it('answers an empty organization with no projects', async () => {
    mock.seed({ projects: 0 });
    assert.deepEqual(await client().listOrganization(), []);
  });

  it('waits out a 429 for its retry-after and goes on', async () => {
    mock.script('GET /v1/organization/projects', mockErrors.rateLimited(0.05, 1));
    const started = Date.now();
    const projects = await client().listProjects();
    assert.equal(projects.length, 2);
    assert.ok(Date.now() - started >= 40, 'retry-after was honoured');
    assert.equal(mock.requests.length, 2);
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(new Date(Date.now() + 5000).toUTCString()) > 3000, true);
  });

  it('gives up on a 429 whose retry-after is too long, in words', async () => {
    mock.script('GET /v1/organization/projects', mockErrors.rateLimited(3600, 1));
    await rejectsWith(client().listProjects(), 'rate-limited', /rate limiting the admin key/);
  });

  it('reports a network failure mid-page', async () => {
    mock.seed({ projects: 1, keysPerProject: 30 });
    mock.script('GET /v1/organization/projects/proj_0001/api_keys', { kind: 'destroy' }, (url) => url.searchParams.get('after') === 'key_0001_0010');
    await rejectsWith(client(10).listKeys('proj_0001'), 'network', /connection .* failed during GET \/organization\/projects\/proj_0001\/api_keys/);
  });

  it('tells an invalid or expired admin key from a project key', async () => {
    const expired = new AdminClient({ baseUrl: mock.baseUrl, adminKey: makeKey.admin() });
    await rejectsWith(expired.listProjects(), 'invalid-admin-key', /invalid, expired or revoked/);
    assert.throws(() => new AdminClient({ baseUrl: mock.baseUrl, adminKey: makeKey.project() }), /needs an admin key/);
    // The server's own answer to a project key is also put in words.
    mock.adminKeys.add('sk-admin-x');
    mock.script('GET /v1/organization/projects', { kind: 'json', status: 403, body: { error: { message: 'This endpoint requires an admin API key.' } }, times: 1 });
    await rejectsWith(client().listProjects(), 'missing-rights', /organization owner.*requires an admin API key/);
  });

  it('stops when cancelled', async () => {
    mock.script('GET /v1/organization/projects', { kind: 'stall' });
    const abort = new AbortController();
    const arrived = mock.nextRequest();
    const pending = client().listProjects(abort.signal);
    await arrived;
    abort.abort();
    await rejectsWith(pending, 'cancelled', /Cancelled/);
  });

  it('never follows a redirect', async () => {
    let hits = 0;
    const elsewhere = http.createServer((_q, r) => {
      hits++;
      r.end('{}');
    });
    await new Promise<void>((r) => elsewhere.listen(0, '127.0.0.1', r));
    const port = (elsewhere.address() as AddressInfo).port;
    mock.script('GET /v1/organization/projects', { kind: 'json', status: 302, body: {}, headers: { location: `http://127.0.0.1:${port}/steal` }, times: 1 });
    await rejectsWith(client().listProjects(), 'redirect', /redirect; it was not followed/);
    assert.equal(hits, 0);
    elsewhere.close();
    await assert.rejects(client().request('GET', 'http://127.0.0.1:1/x'), /not a path/);
  });

  it('creates a role-less service account, mints a scoped key once, and revokes through the right route', async () => {
    const c = client();
    const account = await c.createServiceAccount('proj_0001', 'my-workspace');
    assert.equal(account.role, 'none');
    const create = JSON.parse(mock.requests.at(-1)!.body) as Record<string, unknown>;
    assert.deepEqual(create, { name: 'my-workspace', create_service_account_only: true });
    const minted = await c.mintKey('proj_0001', account.id, 'my-workspace', ['api.files.read']);
    assert.match(minted.value, /^sk-svcacct-/);
    const listed = (await c.listKeys('proj_0001')).find((k) => k.id === minted.id);
    assert.ok(listed);
    assert.ok(!JSON.stringify(listed).includes(minted.value), 'lists never show the value');
    await rejectsWith(c.deleteKey('proj_0001', minted.id), 'refused', /service account/);
    await c.deleteServiceAccount('proj_0001', account.id);
    assert.ok(!(await c.listKeys('proj_0001')).some((k) => k.id === minted.id));
    const userKey = (await c.listKeys('proj_0001')).find((k) => k.owner.type === 'user')!;
    await c.deleteKey('proj_0001', userKey.id);
    await rejectsWith(c.deleteKey('proj_0001', userKey.id), 'not-found', /deleted already/);
  });

  it('puts an unknown scope refusal in words', async () => {
    const c = client();
    const account = await c.createServiceAccount('proj_0001', 'x');
    await rejectsWith(c.mintKey('proj_0001', account.id, 'x', ['api.nonsense.write']), 'refused', /Invalid scopes: api\.nonsense\.write/);
  });
});
