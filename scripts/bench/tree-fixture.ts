/**
 * The keys tree's workload: 1,000 keys across 100 workspaces (and some shared), a quarter of them
 * Restricted, walked the way VS Code asks when every node is expanded.
 */
import type { KeyRecord } from '../../src/core/keys/key-index';
import { KeysTreeNode, keyTreeChildren } from '../../src/core/keys/key-tree-model';
import { emptyMatrix } from '../../src/core/permissions/permission-model';

export const TREE_KEYS = 1000;
export const TREE_WORKSPACES = 100;

export function treeKeys(count = TREE_KEYS, workspaces = TREE_WORKSPACES): KeyRecord[] {
  const keys: KeyRecord[] = [];
  for (let i = 0; i < count; i++) {
    const ws = i % workspaces;
    keys.push({
      id: `key-${i}`,
      name: `app ${(i * 7919) % count}`,
      scope: i % 20 === 0 ? { kind: 'global' } : { kind: 'workspace', workspaceId: `file:///work/ws-${ws}`, workspaceName: `workspace ${ws}` },
      permission: i % 4 === 0 ? { level: 'restricted', matrix: { ...emptyMatrix(), files: 'read' } } : { level: 'all' },
      baseUrl: 'https://api.openai.com/v1',
      kind: 'project',
      last4: String(i).padStart(4, '0'),
      createdAt: '2025-01-01T00:00:00.000Z',
    });
  }
  return keys;
}

export const HERE = { id: 'file:///work/ws-0', name: 'workspace 0' };

/**
 * getChildren of the root and below, as VS Code asks: every node when `all`, else what the view
 * shows at first (the groups, and the keys of the groups that start expanded: this workspace and
 * the shared one). Returns how many nodes it saw.
 */
export function walkTree(keys: readonly KeyRecord[], all = true): number {
  let nodes = 0;
  const visit = (node?: KeysTreeNode): void => {
    for (const child of keyTreeChildren(keys, HERE, node)) {
      nodes++;
      if (all || (child.type === 'group' && child.current)) visit(child);
    }
  };
  visit();
  return nodes;
}
