// Contract test of every Admin API request the extension sends (listing with paging and
// owner_project_access=any, the role-less service account, scoped minting, both revocations) against
// Prism serving OpenAI's official description: Prism answers 422 to a request the description does not allow.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { AdminClient } from '../../src/core/admin/admin-client';
import { scopesForPermission } from '../../src/core/permissions/scope-table';
import { requireOpenAISpec, startPrism, type PrismServer } from '../fixtures/prism';
import { makeKey } from '../unit/test-keys';

/**
 * The description cut to the project routes the extension calls, with every component they reference
 * (transitively): Prism loads it in seconds instead of minutes, and validates exactly as against the whole.
 */
function adminSpec(full: string): string {
  const doc = parse(readFileSync(full, 'utf8')) as { paths: Record<string, unknown>; components: Record<string, Record<string, unknown>> };
  const paths = Object.fromEntries(Object.entries(doc.paths).filter(([p]) => /^\/organization\/projects(\/\{project_id\}(\/(api_keys|service_accounts)(\/.*)?)?)?$/.test(p)));
  const kept: Record<string, Record<string, unknown>> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      const m = k === '$ref' && typeof v === 'string' ? /^#\/components\/([^/]+)\/(.+)$/.exec(v) : null;
      if (m) {
        const [, section, name] = m as unknown as [string, string, string];
        if (!kept[section]?.[name]) {
          (kept[section] ??= {})[name] = doc.components[section]![name];
          visit(doc.components[section]![name]);
        }
      } else visit(v);
    }
  };
  visit(paths);
  const file = join(mkdtempSync(join(tmpdir(), 'admin-spec-')), 'openapi.yaml');
  const { webhooks: _webhooks, ...rest } = doc as typeof doc & { webhooks?: unknown };
  writeFileSync(file, stringify({ ...rest, paths, components: { ...kept, securitySchemes: doc.components.securitySchemes } }));
  return file;
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
