/**
 * The machine-wide index of keys: everything about a key except its secret. It lives in
 * globalState, versioned and validated on every read, and never holds a key value.
 */
import { checkBaseUrl } from '../common/base-url';
import { KeyKind } from './key-format';
import { Permission, parsePermission } from '../permissions/permission-model';

export const INDEX_VERSION = 1;

export type KeyScope =
  | { readonly kind: 'global' }
  | { readonly kind: 'workspace'; readonly workspaceId: string; readonly workspaceName: string };

export interface KeyRecord {
  readonly id: string;
  readonly name: string;
  readonly scope: KeyScope;
  readonly permission: Permission;
  readonly baseUrl: string;
  readonly organization?: string;
  readonly project?: string;
  readonly kind: KeyKind;
  readonly last4: string;
  readonly createdAt: string;
  readonly rotatedAt?: string;
  readonly lastVerifiedAt?: string;
}

export interface KeyIndex {
  readonly version: typeof INDEX_VERSION;
  readonly keys: readonly KeyRecord[];
  /** workspaceId → id of that workspace's active key. */
  readonly active: Readonly<Record<string, string>>;
  /**
   * Every secret id that may exist in SecretStorage. An id is written here before its secret,
   * so a crash between the two leaves an orphan that reconciliation can find and delete
   * (SecretStorage in VS Code 1.101 cannot list its keys).
   */
  readonly secretIds: readonly string[];
}

export const EMPTY_INDEX: KeyIndex = { version: INDEX_VERSION, keys: [], active: {}, secretIds: [] };

const KINDS: readonly KeyKind[] = ['project', 'service-account', 'admin', 'legacy', 'other'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T/;

function str(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`${what} is missing.`);
  return value;
}

function optStr(value: unknown, what: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new Error(`${what} must be text.`);
  return value;
}

function optDate(value: unknown, what: string): string | undefined {
  const text = optStr(value, what);
  if (text !== undefined && !ISO_DATE.test(text)) throw new Error(`${what} is not a date.`);
  return text;
}

function parseScope(value: unknown): KeyScope {
  const scope = value as { kind?: unknown; workspaceId?: unknown; workspaceName?: unknown } | null;
  if (scope?.kind === 'global') return { kind: 'global' };
  if (scope?.kind === 'workspace') {
    return { kind: 'workspace', workspaceId: str(scope.workspaceId, 'Workspace id'), workspaceName: str(scope.workspaceName, 'Workspace name') };
  }
  throw new Error('Scope must be global or workspace.');
}

/** Validates one record; throws with the field at fault. */
export function parseKeyRecord(value: unknown): KeyRecord {
  if (typeof value !== 'object' || value === null) throw new Error('Key record must be an object.');
  const v = value as Record<string, unknown>;
  const kind = v.kind as KeyKind;
  if (!KINDS.includes(kind)) throw new Error(`Unknown key kind '${String(v.kind)}'.`);
  const baseUrl = checkBaseUrl(str(v.baseUrl, 'Base URL'));
  if (baseUrl.error || !baseUrl.url) throw new Error(baseUrl.error);
  const last4 = str(v.last4, 'Last four characters');
  if (last4.length > 4) throw new Error('The index may keep only the last four characters of a key.');
  const record: KeyRecord = {
    id: str(v.id, 'Key id'),
    name: str(v.name, 'Key name'),
    scope: parseScope(v.scope),
    permission: parsePermission(v.permission),
    baseUrl: baseUrl.url,
    kind,
    last4,
    createdAt: optDate(v.createdAt, 'Created date') ?? str(v.createdAt, 'Created date'),
  };
  const optional = {
    organization: optStr(v.organization, 'Organization'),
    project: optStr(v.project, 'Project'),
    rotatedAt: optDate(v.rotatedAt, 'Rotated date'),
    lastVerifiedAt: optDate(v.lastVerifiedAt, 'Last verified date'),
  };
  for (const [k, val] of Object.entries(optional)) if (val !== undefined) (record as unknown as Record<string, string>)[k] = val;
  return record;
}

export interface ParsedIndex {
  readonly index: KeyIndex;
  /** Records that failed validation, with the reason; they are dropped, and their secrets become orphans. */
  readonly rejected: readonly string[];
}

/** Reads whatever globalState holds. Unknown versions and broken records never crash activation. */
export function parseKeyIndex(value: unknown): ParsedIndex {
  if (value === undefined || value === null) return { index: EMPTY_INDEX, rejected: [] };
  const v = value as { version?: unknown; keys?: unknown; active?: unknown; secretIds?: unknown };
  if (v.version !== INDEX_VERSION) {
    return { index: EMPTY_INDEX, rejected: [`Index version ${String(v.version)} is not supported; starting empty.`] };
  }
  const rejected: string[] = [];
  const keys: KeyRecord[] = [];
  const seen = new Set<string>();
  for (const raw of Array.isArray(v.keys) ? v.keys : []) {
    try {
      const record = parseKeyRecord(raw);
      if (seen.has(record.id)) throw new Error(`Duplicate key id ${record.id}.`);
      seen.add(record.id);
      keys.push(record);
    } catch (error) {
      rejected.push(error instanceof Error ? error.message : String(error));
    }
  }
  const active: Record<string, string> = {};
  if (typeof v.active === 'object' && v.active !== null) {
    for (const [ws, id] of Object.entries(v.active)) if (typeof id === 'string' && seen.has(id)) active[ws] = id;
  }
  const secretIds = new Set<string>(keys.map((k) => k.id));
  if (Array.isArray(v.secretIds)) for (const id of v.secretIds) if (typeof id === 'string') secretIds.add(id);
  return { index: { version: INDEX_VERSION, keys, active, secretIds: [...secretIds] }, rejected };
}

export interface Reconciliation {
  readonly index: KeyIndex;
  /** Keys whose secret is gone (e.g. after a keyring change): shown as "re-enter key". */
  readonly missingSecret: ReadonlySet<string>;
  /** Secret ids with no key record: to be deleted from SecretStorage. */
  readonly orphans: readonly string[];
}

/** Compares the index with the ids that actually have a secret. Pure: the caller applies the result. */
export function reconcile(index: KeyIndex, idsWithSecret: ReadonlySet<string>): Reconciliation {
  const recordIds = new Set(index.keys.map((k) => k.id));
  const orphans = index.secretIds.filter((id) => !recordIds.has(id) && idsWithSecret.has(id));
  const missingSecret = new Set(index.keys.filter((k) => !idsWithSecret.has(k.id)).map((k) => k.id));
  const secretIds = index.secretIds.filter((id) => recordIds.has(id));
  return { index: { ...index, secretIds }, missingSecret, orphans };
}

/** Keys visible from a workspace: its own and the global ones. */
export function keysForWorkspace(index: KeyIndex, workspaceId: string | undefined): KeyRecord[] {
  return index.keys.filter((k) => k.scope.kind === 'global' || (workspaceId !== undefined && k.scope.workspaceId === workspaceId));
}

export type KeyLookup = { readonly record: KeyRecord } | { readonly refused: string };

/**
 * A key named by id, for use from a workspace: only its own keys and global ones. Another workspace's
 * key is refused, so an id learnt elsewhere cannot make this workspace send with it.
 */
export function usableKey(index: KeyIndex, workspaceId: string | undefined, id: string): KeyLookup {
  const record = index.keys.find((k) => k.id === id);
  if (!record) return { refused: 'That key no longer exists; refresh the keys view.' };
  if (record.scope.kind === 'workspace' && record.scope.workspaceId !== workspaceId) {
    return { refused: `Key '${record.name}' belongs to the workspace ${record.scope.workspaceName}; it cannot be used from this one.` };
  }
  return { record };
}

/** The workspace's active key, if it still exists and is visible there. */
export function activeKey(index: KeyIndex, workspaceId: string | undefined): KeyRecord | undefined {
  if (workspaceId === undefined) return undefined;
  const id = index.active[workspaceId];
  return keysForWorkspace(index, workspaceId).find((k) => k.id === id);
}

export function withKey(index: KeyIndex, record: KeyRecord): KeyIndex {
  const exists = index.keys.some((k) => k.id === record.id);
  const keys = exists ? index.keys.map((k) => (k.id === record.id ? record : k)) : [...index.keys, record];
  const secretIds = index.secretIds.includes(record.id) ? index.secretIds : [...index.secretIds, record.id];
  return { ...index, keys, secretIds };
}

export function withoutKey(index: KeyIndex, id: string): KeyIndex {
  const active = Object.fromEntries(Object.entries(index.active).filter(([, keyId]) => keyId !== id));
  return { ...index, keys: index.keys.filter((k) => k.id !== id), active };
}

export function withActive(index: KeyIndex, workspaceId: string, id: string | undefined): KeyIndex {
  const active = { ...index.active };
  if (id === undefined) delete active[workspaceId];
  else active[workspaceId] = id;
  return { ...index, active };
}

export function withSecretId(index: KeyIndex, id: string): KeyIndex {
  return index.secretIds.includes(id) ? index : { ...index, secretIds: [...index.secretIds, id] };
}

export function withoutSecretId(index: KeyIndex, id: string): KeyIndex {
  return { ...index, secretIds: index.secretIds.filter((s) => s !== id) };
}
