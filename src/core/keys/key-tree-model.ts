/**
 * The shape of the "OpenAI Keys" view, without VS Code: groups (this workspace, keys shared by all,
 * then other workspaces that have keys), the keys of a group by name, and the permission matrix of
 * a Restricted key. src/vscode/keys/keys-tree.ts turns these nodes into tree items.
 */
import type { KeyRecord } from './key-index';
import { ACCESS_LABELS, groupsForKeyKind } from '../permissions/permission-model';

export type KeysTreeNode =
  | { readonly type: 'group'; readonly id: string; readonly label: string; readonly description: string; readonly current: boolean }
  | { readonly type: 'key'; readonly record: KeyRecord }
  | { readonly type: 'permission'; readonly record: KeyRecord; readonly label: string; readonly access: string };

/** Id of the group of keys shared by all workspaces. */
export const GLOBAL_GROUP = '__global__';

/** The workspace the window has open, if any. */
export interface TreeWorkspace {
  readonly id: string;
  readonly name: string;
}

/** Children of `node` (the top-level groups when undefined) for these keys. */
export function keyTreeChildren(keys: readonly KeyRecord[], here: TreeWorkspace | undefined, node?: KeysTreeNode): KeysTreeNode[] {
  if (!node) return keys.length === 0 ? [] : keyTreeGroups(keys, here); // no keys: the welcome view takes over
  if (node.type === 'group') return (keysByGroup(keys).get(node.id) ?? []).map((record) => ({ type: 'key', record }));
  if (node.type === 'key' && node.record.permission.level === 'restricted') {
    const matrix = node.record.permission.matrix;
    return groupsForKeyKind(node.record.kind).map((g) => ({ type: 'permission', record: node.record, label: g.label, access: ACCESS_LABELS[matrix[g.id]] }));
  }
  return [];
}

/**
 * Keys per group id, each list sorted by name; computed once per index. The vault hands out a new
 * array on every change, so a cached grouping never outlives the keys it was made from.
 */
const grouped = new WeakMap<readonly KeyRecord[], Map<string, KeyRecord[]>>();

function keysByGroup(keys: readonly KeyRecord[]): Map<string, KeyRecord[]> {
  let groups = grouped.get(keys);
  if (groups) return groups;
  groups = new Map();
  for (const k of keys) {
    const id = k.scope.kind === 'global' ? GLOBAL_GROUP : k.scope.workspaceId;
    const list = groups.get(id);
    if (list) list.push(k);
    else groups.set(id, [k]);
  }
  for (const list of groups.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  grouped.set(keys, groups);
  return groups;
}

/** This workspace (when one is open), the shared group, then other workspaces by name. */
export function keyTreeGroups(keys: readonly KeyRecord[], here: TreeWorkspace | undefined): KeysTreeNode[] {
  const nodes: KeysTreeNode[] = [];
  if (here) nodes.push({ type: 'group', id: here.id, label: here.name, description: 'this workspace', current: true });
  nodes.push({ type: 'group', id: GLOBAL_GROUP, label: 'All workspaces', description: 'shared', current: true });
  const others = new Map<string, string>();
  for (const k of keys) if (k.scope.kind === 'workspace' && k.scope.workspaceId !== here?.id) others.set(k.scope.workspaceId, k.scope.workspaceName);
  for (const [id, name] of [...others].sort((a, b) => a[1].localeCompare(b[1]))) {
    nodes.push({ type: 'group', id, label: name, description: 'other workspace', current: false });
  }
  return nodes;
}
