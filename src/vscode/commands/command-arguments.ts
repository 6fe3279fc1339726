/**
 * What a command call may use of the arguments it was given (pure: tested under plain Node).
 * Targets come only from our own UI; scripted arguments and results exist only in test mode.
 */
import type { TargetKind } from './command-surface';

export interface CallFacts {
  /** Test extension mode and the test flag (src/vscode/common/test-mode.ts). */
  readonly testMode: boolean;
  /** True for a node our own tree views produced (own-tree-nodes.ts). */
  readonly isOwnNode: (value: unknown) => boolean;
  /** True for a vscode.Uri. */
  readonly isUri: (value: unknown) => boolean;
}

/**
 * What Revoke Key at OpenAI acts on: a key node of the Organization view (its admin key, project and
 * key ids), or a stored key of the Keys view (its id; the link names the key at OpenAI).
 */
export type OrgKeyTarget =
  | { readonly adminId: string; readonly projectId: string; readonly keyId: string }
  | { readonly storedKeyId: string };

/** What Show Usage and Costs opens with from the Organization view: an admin key, and maybe one of its projects. */
export interface OrgScopeTarget {
  readonly adminId: string;
  readonly projectId?: string;
}

export interface CallInput {
  readonly target: unknown;
  /** The raw arguments, in test mode only. */
  readonly script: readonly unknown[] | undefined;
  /** Arguments were given but none of them is used (worth a log line). */
  readonly ignored: boolean;
}

export function callInput(kind: TargetKind, args: readonly unknown[], facts: CallFacts): CallInput {
  const target = targetOf(kind, args[0], facts);
  const given = args.some((a) => a !== undefined);
  // A node of ours given to a command that takes no target (a view's context menu) is not worth a log line.
  const foreign = args.some((a) => a !== undefined && !facts.isOwnNode(a));
  return { target, script: facts.testMode && given ? args : undefined, ignored: !facts.testMode && foreign && target === undefined };
}

/** The target our own UI passed, reduced to what the handler needs (so it carries no flags). */
function targetOf(kind: TargetKind, arg: unknown, facts: CallFacts): unknown {
  switch (kind) {
    case 'key': {
      const node = facts.isOwnNode(arg) ? (arg as { type?: unknown; record?: { id?: unknown } }) : undefined;
      return node?.type === 'key' && typeof node.record?.id === 'string' ? node.record.id : undefined;
    }
    case 'savedRequest': {
      const uri = facts.isOwnNode(arg) ? (arg as { uri?: unknown }).uri : undefined;
      return facts.isUri(uri) ? uri : undefined;
    }
    case 'orgKey':
      return orgKeyTarget(arg, facts) ?? storedKeyTarget(targetOf('key', arg, facts));
    case 'orgScope':
      return orgScopeTarget(arg, facts);
    case 'leakedKey':
      return leakedKeyTarget(arg);
    case 'none':
      return undefined;
  }
}

/** An Organization-view key node of ours, reduced to its ids. */
function orgKeyTarget(arg: unknown, facts: CallFacts): OrgKeyTarget | undefined {
  if (!facts.isOwnNode(arg)) return undefined;
  const n = arg as { type?: unknown; adminId?: unknown; projectId?: unknown; keyId?: unknown };
  if (n.type !== 'key' || typeof n.adminId !== 'string' || typeof n.projectId !== 'string' || typeof n.keyId !== 'string') return undefined;
  return { adminId: n.adminId, projectId: n.projectId, keyId: n.keyId };
}

/** An Organization-view admin-key or project node of ours, reduced to its ids (a key node is not a scope). */
function orgScopeTarget(arg: unknown, facts: CallFacts): OrgScopeTarget | undefined {
  const n = facts.isOwnNode(arg) ? (arg as { type?: unknown; adminId?: unknown; projectId?: unknown }) : undefined;
  if ((n?.type !== 'admin' && n?.type !== 'project') || typeof n.adminId !== 'string') return undefined;
  return { adminId: n.adminId, ...(typeof n.projectId === 'string' ? { projectId: n.projectId } : {}) };
}

function storedKeyTarget(keyId: unknown): OrgKeyTarget | undefined {
  return typeof keyId === 'string' ? { storedKeyId: keyId } : undefined;
}

/**
 * The quick fix's argument: a place in a document, never a key. Code action arguments may come
 * back as copies, so the shape is checked rather than the identity; the flow still asks the user.
 */
function leakedKeyTarget(arg: unknown): { uri: string; line: number; character: number } | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as { uri?: unknown; line?: unknown; character?: unknown };
  if (typeof a.uri !== 'string' || !Number.isInteger(a.line) || !Number.isInteger(a.character)) return undefined;
  return { uri: a.uri, line: a.line as number, character: a.character as number };
}
