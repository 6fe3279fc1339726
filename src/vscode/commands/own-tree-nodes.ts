/**
 * The nodes our own tree views handed to VS Code. VS Code passes the very same object back to a
 * command run from the view, so a command can tell a node of ours from a look-alike that another
 * extension built (which could otherwise pick the key a command acts on without the user).
 * Lives in the activation bundle only: each lazy chunk would get its own set.
 */
const own = new WeakSet<object>();

/** Marks nodes as ours (the tree's getChildren results and its items' command arguments). */
export function markOwn<T extends object>(nodes: T[]): T[] {
  for (const node of nodes) own.add(node);
  return nodes;
}

export function isOwnNode(value: unknown): value is object {
  return typeof value === 'object' && value !== null && own.has(value);
}
