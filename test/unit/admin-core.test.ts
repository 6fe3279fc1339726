// The pure parts of the key lifecycle: matching stored keys, revoke plans, least privilege, the Organization view model.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AdminKey } from '../../src/core/admin/admin-types';
import { matchStoredKey, splitRedacted } from '../../src/core/admin/key-matching';
import { compare, describeComparison, describeMatrix, recommend } from '../../src/core/admin/least-privilege';
import { parseOrgLinks } from '../../src/core/admin/org-links';
import { linkIndex, orgKeyView, orgViews, projectDescription } from '../../src/core/admin/org-tree-model';
import { ago, lastUsed } from '../../src/core/admin/relative-time';
import { ReplaceState, describeReplaceState, nextStep, withDone, withMintUndone } from '../../src/core/admin/replace-flow';
import { describeRevoke, planRevoke } from '../../src/core/admin/revoke-plan';
import { loadRouteCatalogue } from '../../src/core/catalogue/route-catalogue';
import { emptyMatrix } from '../../src/core/permissions/permission-model';
import { ORG_KEYS_PER_PROJECT, ORG_PROJECTS, ORG_STORED, orgFixture } from '../../scripts/bench/org-fixture';
import { makeKey } from './test-keys';

const NOW = Date.UTC(2026, 11, 1, 12);
const sec = (ms: number): number => Math.floor(ms / 1000);

function key(id: string, over: Partial<AdminKey> = {}): AdminKey {
  return {
    id, projectId: 'proj_a', name: `key ${id}`, redactedValue: 'sk-proj-ab...wxyz', createdAt: sec(NOW) - 86400 * 3, lastUsedAt: sec(NOW) - 3 * 3600,
    ownerProjectAccess: 'active', owner: { type: 'user', id: 'user_1', name: 'Ada' }, ...over,
  };
}

describe('key matching', () => {
  const secret = makeKey.project();
  const redacted = `${secret.slice(0, 10)}...${secret.slice(-4)}`;
  const stored = { id: 's1', last4: secret.slice(-4), startsWith: (h: string) => secret.startsWith(h) };

  it('matches on project, prefix and last four', () => {
    assert.deepEqual(splitRedacted('sk-proj-ab...wxyz'), { head: 'sk-proj-ab', tail: 'wxyz' });
    const listed = [key('k1', { redactedValue: redacted }), key('k2'), key('k3', { redactedValue: redacted, projectId: 'proj_b' })];
    const r = matchStoredKey({ ...stored, project: 'proj_a' }, listed);
    assert.equal(r.kind, 'match');
    assert.equal(r.kind === 'match' && r.key.id, 'k1');
  });

  it('calls several fits ambiguous, never guessing', () => {
    const listed = [key('k1', { redactedValue: redacted }), key('k3', { redactedValue: redacted, projectId: 'proj_b' })];
    const r = matchStoredKey(stored, listed);
    assert.equal(r.kind, 'ambiguous');
    assert.deepEqual(r.kind === 'ambiguous' && r.keys.map((k) => k.id), ['k1', 'k3']);
    assert.equal(matchStoredKey(stored, [key('k2')]).kind, 'none');
  });
});

describe('revoke plan', () => {
  const sa = (id: string, account: string): AdminKey => key(id, { owner: { type: 'service_account', id: account, name: `bot ${account}` } });

  it('deletes a user key through the project-key route', () => {
    const plan = planRevoke(key('k1'), [key('k1')]);
    assert.equal(plan.kind, 'delete-key');
    const text = describeRevoke(plan, 'Main', NOW);
    assert.match(text.message, /Revoke 'key k1' \(sk-proj-ab\.\.\.wxyz\) in project Main\? It was last used 3 h ago\./);
  });

  it('deletes the account the extension made for the key alone', () => {
    assert.equal(planRevoke(sa('k1', 'svc_1'), [sa('k1', 'svc_1')], 'svc_1').kind, 'delete-own-account');
  });

  it('names every other key that goes with a shared service account', () => {
    const keys = [sa('k1', 'svc_1'), sa('k2', 'svc_1'), sa('k3', 'svc_2')];
    const plan = planRevoke(keys[0]!, keys, 'svc_1');
    assert.equal(plan.kind, 'delete-shared-account');
    assert.deepEqual(plan.kind === 'delete-shared-account' && plan.others.map((k) => k.id), ['k2']);
    assert.match(describeRevoke(plan, 'Main', NOW).detail, /only with its account.*'key k2'/);
  });
});

describe('least privilege', () => {
  it('needs Responses: Write and Model capabilities: Request for POST /v1/responses', async () => {
    const catalogue = await loadRouteCatalogue();
    const rec = recommend([{ method: 'POST', path: '/v1/responses' }, { method: 'GET', path: '/files' }, { method: 'GET', path: '/v1/files/{file_id}' }, { method: 'GET', path: '/nope' }, { method: 'GET', path: '/organization/projects' }], catalogue);
    assert.equal(rec.matrix.responses, 'write');
    assert.equal(rec.matrix['model-capabilities'], 'request');
    assert.equal(rec.matrix.files, 'read');
    assert.equal(rec.matrix.batch, 'none');
    assert.deepEqual(rec.unknown, ['GET /nope']);
    assert.equal(rec.adminOnly.length, 1);
    assert.equal(describeMatrix(rec.matrix), 'Model capabilities: Request, Responses API: Write, Files: Read');
    const matrix = { ...emptyMatrix(), responses: 'write' as const, 'model-capabilities': 'request' as const, files: 'write' as const };
    const c = compare({ level: 'restricted', matrix }, rec);
    assert.equal(describeComparison('ci-bot', c), "'ci-bot' has Files: Write that nothing in this workspace uses.");
    assert.match(describeComparison('ro', compare({ level: 'read-only' }, rec)), /lacks Model capabilities: Request, Responses API: Write/);
  });
});

describe('Organization view model', () => {
  it('shows name, redacted value, owner, created, last use, lost access and the stored copy', () => {
    const links = parseOrgLinks({ s1: { storedKeyId: 's1', projectId: 'proj_a', remoteKeyId: 'k1', ownAccount: false }, bad: { storedKeyId: 'x' } });
    assert.deepEqual(Object.keys(links), ['s1']);
    const view = orgKeyView(key('k1', { ownerProjectAccess: 'inactive' }), linkIndex(links, new Map([['s1', 'my app']])), NOW);
    assert.equal(view.label, 'key k1');
    assert.equal(view.description, "sk-proj-ab...wxyz · Ada · created 2026-11-28 · last used 3 h ago · ⚠ owner lost access · stored as 'my app'");
    assert.equal(view.contextValue, 'orgKey lostAccess stored');
    assert.equal(orgKeyView(key('k2', { lastUsedAt: null }), linkIndex(links, new Map()), NOW).description.includes('never used'), true);
    assert.equal(ago(sec(NOW) - 90, NOW), '1 min ago');
    assert.equal(lastUsed(null), 'never used');
  });

  // How fast is `npm run bench` section 8 (target 50 ms); here only that the view model is complete.
  it('builds the complete view model for 50 projects × 200 keys', () => {
    const { org, links, storedNames } = orgFixture(NOW);
    const index = linkIndex(links, storedNames);
    assert.equal(org.map(projectDescription).filter((d) => d === `${ORG_KEYS_PER_PROJECT} keys`).length, ORG_PROJECTS);
    const rows = orgViews(org, links, storedNames, NOW);
    assert.equal(rows.length, ORG_PROJECTS);
    assert.ok(rows.every((r) => r.length === ORG_KEYS_PER_PROJECT));
    assert.equal(rows.flat().filter((r) => r.storedKeyId !== undefined).length, ORG_STORED, 'every stored key is linked to its row');
    assert.deepEqual(rows[7]![7], orgKeyView(org[7]!.keys[7]!, index, NOW));
    assert.match(rows[7]![7]!.description, /stored as 'stored 7'/);
    assert.equal(new Set(rows.flat().map((r) => r.label)).size, ORG_PROJECTS * ORG_KEYS_PER_PROJECT);
  });
});

describe('Revoke and Replace steps', () => {
  const start = {
    uri: 'file:///ws/app.ts', line: 0, character: 10, leakedLast4: 'abcd', adminKeyId: 'a', projectId: 'proj_a', leakedRemoteKeyId: 'key_1',
    leakedName: 'leaky', scopes: ['api.files.read'], replacementName: 'leaky (replacement)', done: [],
  } satisfies ReplaceState;

  it('runs the five steps in order and states what is done after a failure', () => {
    assert.equal(nextStep(start), 'mint');
    let s = withDone(withDone(start, 'mint', { serviceAccountId: 'svc', replacementRemoteKeyId: 'key_2' }), 'store', { replacementKeyId: 'r' });
    s = withDone(s, 'activate');
    assert.equal(nextStep(s), 'revoke');
    assert.equal(describeReplaceState(s), "the replacement 'leaky (replacement)' is stored and active; the leaked key 'leaky' is not revoked yet; the key is still in the file");
    assert.equal(nextStep(withDone(withDone(s, 'revoke'), 'replace')), undefined);
  });

  it('undoes a mint whose value could not be stored, so Resume mints afresh', () => {
    const minted = withDone(start, 'mint', { serviceAccountId: 'svc', replacementRemoteKeyId: 'key_2' });
    const undone = withMintUndone(minted);
    assert.equal(nextStep(undone), 'mint');
    assert.equal(undone.serviceAccountId, undefined);
    assert.match(describeReplaceState(undone), /^no replacement is stored yet/);
  });
});
