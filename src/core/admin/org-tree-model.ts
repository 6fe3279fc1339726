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

/** One key's row. `storedNames` maps stored key ids to their names. */
export function orgKeyView(key: AdminKey, links: OrgLinks, storedNames: ReadonlyMap<string, string>, nowMs = Date.now()): OrgKeyView {
  const link = Object.values(links).find((l) => l.projectId === key.projectId && l.remoteKeyId === key.id && storedNames.has(l.storedKeyId));
  const stored = link ? storedNames.get(link.storedKeyId) : undefined;
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

/** Rows for every key of an organization (used by the view and its benchmark). */
export function orgViews(org: readonly ProjectWithKeys[], links: OrgLinks, storedNames: ReadonlyMap<string, string>, nowMs = Date.now()): OrgKeyView[][] {
  return org.map((p) => p.keys.map((k) => orgKeyView(k, links, storedNames, nowMs)));
}
