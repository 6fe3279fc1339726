import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KeyRecord } from '../../src/core/keys/key-index';
import { GLOBAL_GROUP, KeysTreeNode, keyTreeChildren } from '../../src/core/keys/key-tree-model';
import { emptyMatrix, groupsForKeyKind } from '../../src/core/permissions/permission-model';

function key(name: string, workspace?: string): KeyRecord {
  return {
    id: `id-${name}`,
    name,
    scope: workspace ? { kind: 'workspace', workspaceId: `ws-${workspace}`, workspaceName: workspace } : { kind: 'global' },
    permission: { level: 'all' },
    baseUrl: 'https://api.openai.com/v1',
    kind: 'project',
    last4: 'wxyz',
    createdAt: '2025-01-01T00:00:00.000Z',
  };
}

const here = { id: 'ws-here', name: 'here' };
const keys = [key('zeta', 'here'), key('alpha', 'here'), key('shared'), key('b-key', 'beta'), key('a-key', 'alpha-ws')];
const labels = (nodes: KeysTreeNode[]): string[] => nodes.map((n) => (n.type === 'key' ? n.record.name : n.label));

test('no keys: no groups, so the welcome view shows', () => {
  assert.deepEqual(keyTreeChildren([], here), []);
});

test('groups: this workspace, the shared group, then other workspaces by name', () => {
  const groups = keyTreeChildren(keys, here);
  assert.deepEqual(labels(groups), ['here', 'All workspaces', 'alpha-ws', 'beta']);
  assert.deepEqual(groups.map((g) => g.type === 'group' && g.current), [true, true, false, false]);
});

test('an empty window has no group of its own', () => {
  assert.deepEqual(labels(keyTreeChildren(keys, undefined)), ['All workspaces', 'alpha-ws', 'beta', 'here']);
});

test('a group lists its own keys by name', () => {
  const [own, shared] = keyTreeChildren(keys, here);
  assert.deepEqual(labels(keyTreeChildren(keys, here, own)), ['alpha', 'zeta']);
  assert.deepEqual(labels(keyTreeChildren(keys, here, shared)), ['shared']);
  assert.equal(shared?.type === 'group' && shared.id, GLOBAL_GROUP);
});

test('a Restricted key expands into its matrix; other keys have no children', () => {
  const matrix = { ...emptyMatrix(), files: 'read' as const };
  const restricted: KeyRecord = { ...key('r'), permission: { level: 'restricted', matrix } };
  const rows = keyTreeChildren([restricted], here, { type: 'key', record: restricted });
  assert.equal(rows.length, groupsForKeyKind('project').length);
  assert.ok(rows.some((r) => r.type === 'permission' && r.access === 'Read'));
  assert.deepEqual(keyTreeChildren(keys, here, { type: 'key', record: keys[0]! }), []);
});

test('a changed index (a new array, as the vault hands out) is grouped afresh', () => {
  const [own] = keyTreeChildren(keys, here);
  assert.deepEqual(labels(keyTreeChildren(keys, here, own)), ['alpha', 'zeta']);
  const renamed = keys.map((k) => (k.name === 'zeta' ? { ...k, name: 'aardvark' } : k));
  assert.deepEqual(labels(keyTreeChildren(renamed, here, own)), ['aardvark', 'alpha']);
  assert.deepEqual(labels(keyTreeChildren(keys, here, own)), ['alpha', 'zeta'], 'the old index is unchanged');
});
