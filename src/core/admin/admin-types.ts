/** The Admin API objects this extension reads, as the official description shapes them (/organization/*). */

export interface AdminProject {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly status: string;
}

export type KeyOwner =
  | { readonly type: 'user'; readonly id: string; readonly name: string; readonly email?: string }
  | { readonly type: 'service_account'; readonly id: string; readonly name: string; readonly role?: string };

export interface AdminKey {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  /** e.g. "sk-proj-ab...wxyz": never the value. */
  readonly redactedValue: string;
  readonly createdAt: number;
  /** Unix seconds, or null when never used. */
  readonly lastUsedAt: number | null;
  /** 'inactive' when the owner has lost access to the project. */
  readonly ownerProjectAccess: string;
  readonly owner: KeyOwner;
}

export interface AdminServiceAccount {
  readonly id: string;
  readonly name: string;
  readonly role: string;
}

/** A key as minted: the value is here once, and goes straight to SecretStorage. */
export interface MintedKey {
  readonly id: string;
  readonly name: string;
  readonly value: string;
}

export interface ProjectWithKeys {
  readonly project: AdminProject;
  readonly keys: readonly AdminKey[];
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

export function parseProject(v: unknown): AdminProject {
  const o = obj(v);
  const id = str(o.id);
  if (!id) throw new Error('A project in the answer has no id.');
  return { id, name: str(o.name, id) || id, createdAt: num(o.created_at) ?? 0, status: str(o.status, 'active') };
}

export function parseKey(v: unknown, projectId: string): AdminKey {
  const o = obj(v);
  const id = str(o.id);
  if (!id) throw new Error('An API key in the answer has no id.');
  const owner = obj(o.owner);
  const type = str(owner.type);
  const account = obj(owner.service_account);
  const user = obj(owner.user);
  const parsedOwner: KeyOwner = type === 'service_account'
    ? { type: 'service_account', id: str(account.id), name: str(account.name, 'service account'), ...(typeof account.role === 'string' ? { role: account.role } : {}) }
    : { type: 'user', id: str(user.id), name: str(user.name, str(user.email, 'unknown user')), ...(typeof user.email === 'string' ? { email: user.email } : {}) };
  return {
    id, projectId, name: str(o.name, id) || id, redactedValue: str(o.redacted_value), createdAt: num(o.created_at) ?? 0,
    lastUsedAt: num(o.last_used_at), ownerProjectAccess: str(o.owner_project_access, 'active'), owner: parsedOwner,
  };
}
