/**
 * Links between stored keys and keys at OpenAI, kept in globalState beside the key index (never a
 * key value): which project and key id a stored key is, whether the extension made its service
 * account (so revoking means deleting that account), and whether it was revoked.
 */

export interface OrgLink {
  readonly storedKeyId: string;
  readonly projectId: string;
  readonly remoteKeyId: string;
  /** Set when the key belongs to a service account; `ownAccount` when this extension made it for this key alone. */
  readonly serviceAccountId?: string;
  readonly ownAccount: boolean;
  /** The stored admin key that made or last listed it. */
  readonly adminKeyId?: string;
  /** The scopes it was minted with (for Revoke and Replace). */
  readonly scopes?: readonly string[];
  /** Set once revoked at OpenAI while the stored copy was kept. */
  readonly revokedAt?: string;
  /** Last use as OpenAI reported it at the last listing (unix seconds), null = never used. */
  readonly lastUsedAt?: number | null;
}

export type OrgLinks = Readonly<Record<string, OrgLink>>;

function optString(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** Reads whatever globalState holds; broken entries are dropped, never fatal. */
export function parseOrgLinks(value: unknown): Record<string, OrgLink> {
  const out: Record<string, OrgLink> = {};
  if (typeof value !== 'object' || value === null) return out;
  for (const [id, raw] of Object.entries(value as Record<string, unknown>)) {
    if (id === '__proto__' || typeof raw !== 'object' || raw === null) continue;
    const r = raw as Record<string, unknown>;
    const projectId = optString(r.projectId);
    const remoteKeyId = optString(r.remoteKeyId);
    if (!projectId || !remoteKeyId || r.storedKeyId !== id) continue;
    const serviceAccountId = optString(r.serviceAccountId);
    const adminKeyId = optString(r.adminKeyId);
    const revokedAt = optString(r.revokedAt);
    const scopes = Array.isArray(r.scopes) ? r.scopes.filter((s): s is string => typeof s === 'string') : undefined;
    const lastUsedAt = typeof r.lastUsedAt === 'number' || r.lastUsedAt === null ? r.lastUsedAt : undefined;
    out[id] = {
      storedKeyId: id, projectId, remoteKeyId, ownAccount: r.ownAccount === true && serviceAccountId !== undefined,
      ...(serviceAccountId ? { serviceAccountId } : {}), ...(adminKeyId ? { adminKeyId } : {}), ...(scopes ? { scopes } : {}),
      ...(revokedAt ? { revokedAt } : {}), ...(lastUsedAt !== undefined ? { lastUsedAt } : {}),
    };
  }
  return out;
}

/** The stored key linked to a remote key, if any. */
export function storedKeyFor(links: OrgLinks, projectId: string, remoteKeyId: string): OrgLink | undefined {
  return Object.values(links).find((l) => l.projectId === projectId && l.remoteKeyId === remoteKeyId);
}
