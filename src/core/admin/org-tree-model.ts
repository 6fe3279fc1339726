/**
 * The Organization view as a pure model: projects → keys, each key with its name, redacted value,
 * owner, created date, last use, a mark when its owner lost access, and its stored copy if any.
 */
import type { AdminKey, ProjectWithKeys } from './admin-types';
import type { OrgLinks } from './org-links';
import { day, lastUsed } from './relative-time';

export interface OrgKeyView {
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  /** Flags joined for menus: orgKey, lostAccess, stored, serviceAccount. */
  readonly contextValue: string;
  readonly storedKeyId?: string;
}

export function ownerText(key: AdminKey): string {
  return key.owner.type === 'user' ? key.owner.name : `service account ${key.owner.name}`;
}

/** "project/key" → the stored key linked to it, built once per refresh of the view. */
export type LinkIndex = ReadonlyMap<string, { readonly storedKeyId: string; readonly name: string }>;

export function linkIndex(links: OrgLinks, storedNames: ReadonlyMap<string, string>): LinkIndex {
  const index = new Map<string, { storedKeyId: string; name: string }>();
  for (const l of Object.values(links)) {
    const name = storedNames.get(l.storedKeyId);
    if (name !== undefined) index.set(`${l.projectId}/${l.remoteKeyId}`, { storedKeyId: l.storedKeyId, name });
  }
  return index;
}

/** One key's row. */
export function orgKeyView(key: AdminKey, index: LinkIndex, nowMs = Date.now()): OrgKeyView {
  const link = index.get(`${key.projectId}/${key.id}`);
  const stored = link?.name;
  const lost = key.ownerProjectAccess === 'inactive';
  const parts = [key.redactedValue, ownerText(key), `created ${day(key.createdAt)}`, lastUsed(key.lastUsedAt, nowMs)];
  if (lost) parts.push('⚠ owner lost access');
  if (stored) parts.push(`stored as '${stored}'`);
  const flags = ['orgKey', ...(lost ? ['lostAccess'] : []), ...(stored ? ['stored'] : []), ...(key.owner.type === 'service_account' ? ['serviceAccount'] : [])];
  const tooltip = [
    `${key.name} (${key.id})`,
    `Value: ${key.redactedValue}`,
    `Owner: ${ownerText(key)}${lost ? ' (no longer has access to the project; the key still works until revoked)' : ''}`,
    `Created: ${day(key.createdAt)}`,
    `Use: ${lastUsed(key.lastUsedAt, nowMs)}`,
    ...(stored ? [`Stored in VS Code as '${stored}'`] : []),
  ].join('\n');
  return { label: key.name, description: parts.join(' · '), tooltip, contextValue: flags.join(' '), ...(link && stored ? { storedKeyId: link.storedKeyId } : {}) };
}

export function projectDescription(p: ProjectWithKeys): string {
  const lost = p.keys.filter((k) => k.ownerProjectAccess === 'inactive').length;
  return `${p.keys.length} key${p.keys.length === 1 ? '' : 's'}${lost ? ` · ${lost} with owner lost access` : ''}`;
}

/** Rows for every key of an organization (the benchmark's worst case: every project expanded). */
export function orgViews(org: readonly ProjectWithKeys[], links: OrgLinks, storedNames: ReadonlyMap<string, string>, nowMs = Date.now()): OrgKeyView[][] {
  const index = linkIndex(links, storedNames);
  return org.map((p) => p.keys.map((k) => orgKeyView(k, index, nowMs)));
}
