import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  EMPTY_INDEX, INDEX_VERSION, KeyIndex, KeyRecord, activeKey, keysForWorkspace, parseKeyIndex, parseKeyRecord, reconcile,
  withActive, withKey, withSecretId, withoutKey,
} from '../../src/core/keys/key-index';
import { emptyMatrix } from '../../src/core/permissions/permission-model';

const WS_A = 'file:///work/a';
const WS_B = 'file:///work/b';

function record(id: string, over: Partial<KeyRecord> = {}): KeyRecord {
  return {
    id, name: `key ${id}`, scope: { kind: 'workspace', workspaceId: WS_A, workspaceName: 'a' }, permission: { level: 'all' },
    baseUrl: 'https://api.openai.com/v1', kind: 'project', last4: 'abcd', createdAt: '2026-11-01T00:00:00.000Z', ...over,
  };
}

test('a valid index survives a round trip through JSON', () => {
  const matrix = { ...emptyMatrix(), files: 'write' as const };
  let index: KeyIndex = withKey(EMPTY_INDEX, record('1'));
  index = withKey(index, record('2', { scope: { kind: 'global' }, permission: { level: 'restricted', matrix }, organization: 'org-1' }));
  index = withActive(index, WS_A, '1');
  const parsed = parseKeyIndex(JSON.parse(JSON.stringify(index)));
  assert.deepEqual(parsed.rejected, []);
  assert.deepEqual(parsed.index, index);
});

test('broken records are dropped with a reason, the rest is kept', () => {
  const raw = {
    version: INDEX_VERSION,
    keys: [record('1'), { ...record('2'), kind: 'wizard' }, { ...record('3'), last4: 'abcdefgh' }, { ...record('4'), baseUrl: 'ftp://x' }, record('1')],
    active: { [WS_A]: '2', [WS_B]: '1' },
    secretIds: ['1', '2', 3],
  };
  const { index, rejected } = parseKeyIndex(raw);
  assert.deepEqual(index.keys.map((k) => k.id), ['1']);
  assert.equal(rejected.length, 4);
  assert.ok(rejected.some((r) => /kind/.test(r)));
  assert.ok(rejected.some((r) => /last four/.test(r)));
  assert.ok(rejected.some((r) => /Duplicate/.test(r)));
  assert.deepEqual(index.active, { [WS_B]: '1' }, 'active entries pointing at dropped keys go');
  assert.deepEqual(index.secretIds, ['1', '2'], 'the secret of a dropped record stays listed so it can be cleaned');
});

test('an index of an unknown version starts empty instead of crashing', () => {
  const { index, rejected } = parseKeyIndex({ version: 99, keys: [record('1')] });
  assert.deepEqual(index, EMPTY_INDEX);
  assert.match(rejected[0] ?? '', /version 99/);
  assert.deepEqual(parseKeyIndex(undefined).index, EMPTY_INDEX);
});

test('a Restricted permission with a choice its group does not offer is rejected', () => {
  assert.throws(() => parseKeyRecord(record('1', { permission: { level: 'restricted', matrix: { ...emptyMatrix(), models: 'write' } } })), /List models cannot be set to 'write'/);
  assert.throws(() => parseKeyRecord({ ...record('1'), permission: { level: 'restricted', matrix: { bogus: 'read' } } }), /Unknown resource group/);
});

test('reconciliation flags records without a secret and finds orphaned secrets', () => {
  let index = withKey(withKey(EMPTY_INDEX, record('1')), record('2'));
  index = withSecretId(index, 'crashed-add');
  const result = reconcile(index, new Set(['1', 'crashed-add']));
  assert.deepEqual([...result.missingSecret], ['2']);
  assert.deepEqual(result.orphans, ['crashed-add']);
  assert.deepEqual(result.index.secretIds, ['1', '2']);
});

test('a removed key disappears from the active map too', () => {
  const index = withActive(withKey(EMPTY_INDEX, record('1')), WS_A, '1');
  const after = withoutKey(index, '1');
  assert.equal(activeKey(after, WS_A), undefined);
  assert.deepEqual(after.active, {});
  assert.deepEqual(after.secretIds, ['1'], 'the secret id stays until the secret is deleted');
});

test('a workspace sees its own keys and the shared ones, and only those can be active', () => {
  let index = withKey(EMPTY_INDEX, record('a'));
  index = withKey(index, record('b', { scope: { kind: 'workspace', workspaceId: WS_B, workspaceName: 'b' } }));
  index = withKey(index, record('g', { scope: { kind: 'global' } }));
  assert.deepEqual(keysForWorkspace(index, WS_A).map((k) => k.id), ['a', 'g']);
  assert.deepEqual(keysForWorkspace(index, undefined).map((k) => k.id), ['g']);
  assert.equal(activeKey(withActive(index, WS_A, 'b'), WS_A), undefined);
  assert.equal(activeKey(withActive(index, WS_A, 'g'), WS_A)?.id, 'g');
});
