// Contract test of every Admin API request the extension sends (listing with paging and
// owner_project_access=any, the role-less service account, scoped minting, both revocations) against
// Prism serving OpenAI's official description: Prism answers 422 to a request the description does not allow.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AdminClient } from '../../src/core/admin/admin-client';
import { scopesForPermission } from '../../src/core/permissions/scope-table';
import { requireOpenAISpec, startPrism, type PrismServer } from '../fixtures/prism';
import { cutSpec } from '../fixtures/spec-cut';
import { makeKey } from '../unit/test-keys';

/** The description cut to the project routes the extension calls. */
function adminSpec(full: string): string {
  return cutSpec(full, /^\/organization\/projects(\/\{project_id\}(\/(api_keys|service_accounts)(\/.*)?)?)?$/);
}

describe('contract: Admin API requests against the official description (Prism)', { timeout: 600_000 }, () => {
  let prism: PrismServer;
  const sent: { method: string; url: string; status: number; body: string }[] = [];

  before(async () => {
    prism = await startPrism(adminSpec(requireOpenAISpec()), { timeoutMs: 240_000 });
  }, { timeout: 300_000 });
  after(() => prism?.stop());

  it('sends only requests that the description accepts', async () => {
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const copy = response.clone();
      sent.push({ method: init?.method ?? 'GET', url: String(input), status: response.status, body: await copy.text() });
      return response;
    };
    const client = new AdminClient({ baseUrl: prism.baseUrl, adminKey: makeKey.admin(), fetch: recording, pageSize: 20 });
    const org = await client.listOrganization();
    assert.ok(org.length > 0);
    await client.createServiceAccount('proj_abc', 'my-workspace (OpenAI Connector)').catch(() => undefined); // the example answer carries a key; only the request matters
    await client.mintKey('proj_abc', 'svc_acct_abc', 'my-workspace', scopesForPermission({ level: 'read-only' }));
    await client.deleteKey('proj_abc', 'key_abc');
    await client.deleteServiceAccount('proj_abc', 'svc_acct_abc');
    await client.createServiceAccountWithDefaultKey('proj_abc', 'unrestricted (OpenAI Connector)');
    assert.ok(sent.length >= 7);
    for (const r of sent) assert.ok(r.status < 400, `${r.method} ${r.url} → ${r.status}: ${r.body.slice(0, 400)}`);
    assert.ok(sent.some((r) => r.url.includes('owner_project_access=any')));
    // Prism does refuse what the description does not allow, so the check above means something.
    await assert.rejects(client.request('GET', '/organization/projects/proj_abc/api_keys?owner_project_access=bogus'), (e: Error & { status?: number }) => e.status === 422);
  });
});
