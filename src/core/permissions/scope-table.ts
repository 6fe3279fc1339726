/**
 * The one table between the permission model (group + setting) and OpenAI's scope strings
 * (api.responses.write, model.request, …). The "Missing scopes" decoder reads it one way and key
 * minting the other, so the two can never disagree.
 */
import { Access, Permission, RESOURCE_GROUPS, ResourceGroup, ResourceGroupId, snakeName } from './permission-model';

export interface ScopeEntry {
  readonly group: ResourceGroupId;
  readonly access: Exclude<Access, 'none'>;
  /** The name minting sends. */
  readonly scope: string;
  /** Other spellings OpenAI has been seen to use for the same setting (decoding only). */
  readonly aliases: readonly string[];
}

/** Middle part of api.<x>.<read|write> for groups whose scopes do not use their snake_case name (see snakeName). */
const SCOPE_STEMS: Partial<Record<ResourceGroupId, { stem: string; aliases?: readonly string[] }>> = {
  'fine-tuning': { stem: 'fine_tuning.jobs', aliases: ['fine_tuning'] },
  batch: { stem: 'batch', aliases: ['batches'] },
};

/** Groups whose scope names do not follow api.<stem>.<access>. */
const SPECIAL: readonly ScopeEntry[] = [
  { group: 'models', access: 'read', scope: 'api.model.read', aliases: ['model.read', 'api.models.read'] },
  { group: 'model-capabilities', access: 'request', scope: 'model.request', aliases: ['api.model.request'] },
];

function buildTable(): readonly ScopeEntry[] {
  const table: ScopeEntry[] = [...SPECIAL];
  for (const group of RESOURCE_GROUPS as readonly ResourceGroup[]) {
    if (SPECIAL.some((e) => e.group === group.id)) continue;
    const { stem, aliases = [] } = SCOPE_STEMS[group.id] ?? { stem: snakeName(group.id) };
    for (const access of group.choices) {
      if (access === 'none') continue;
      table.push({ group: group.id, access, scope: `api.${stem}.${access}`, aliases: aliases.map((a) => `api.${a}.${access}`) });
    }
  }
  return table;
}

export const SCOPE_TABLE: readonly ScopeEntry[] = buildTable();

const BY_NAME = new Map<string, ScopeEntry>(SCOPE_TABLE.flatMap((e) => [e.scope, ...e.aliases].map((n) => [n, e] as const)));

/** api.<stem>.… → group, for scope names the table does not list exactly (e.g. a new sub-resource). */
const BY_STEM = new Map<string, ResourceGroupId>(SCOPE_TABLE.filter((e) => !SPECIAL.includes(e)).flatMap((e) =>
  [e.scope, ...e.aliases].filter((n) => n.startsWith('api.')).map((n) => [n.split('.')[1] as string, e.group] as const)));

export interface DecodedScope {
  /** The scope exactly as written. */
  readonly scope: string;
  /** Absent when this version does not know the scope: it is then shown as written, never dropped. */
  readonly group?: ResourceGroupId;
  readonly access?: Access;
}

/** One scope name → the group and setting that grant it. */
export function decodeScope(scope: string): DecodedScope {
  const exact = BY_NAME.get(scope);
  if (exact) return { scope, group: exact.group, access: exact.access };
  const m = /^api\.([a-z_]+)(?:\.[a-z_]+)*\.(read|write|request)$/.exec(scope);
  const group = m ? BY_STEM.get(m[1] as string) : undefined;
  if (!m || !group) return { scope };
  const wanted = m[2] as Access;
  const choices = (RESOURCE_GROUPS as readonly ResourceGroup[]).find((g) => g.id === group)!.choices;
  const access = choices.includes(wanted) ? wanted : (choices[choices.length - 1] as Access);
  return { scope, group, access };
}

/** The scopes that grant one setting of a group. Write includes Read, as the platform's form does. */
export function scopesFor(group: ResourceGroupId, access: Access): string[] {
  if (access === 'none') return [];
  const entries = SCOPE_TABLE.filter((e) => e.group === group);
  const wanted = entries.find((e) => e.access === access);
  if (!wanted) throw new Error(`No scope grants ${group}: ${access}.`);
  return access === 'write' ? entries.filter((e) => e.access === 'read' || e.access === 'write').map((e) => e.scope) : [wanted.scope];
}

/** The scopes to mint a project key with this permission (admin groups never: a project key cannot hold them). */
export function scopesForPermission(permission: Permission): string[] {
  const groups = (RESOURCE_GROUPS as readonly ResourceGroup[]).filter((g) => !g.admin);
  const accessOf = (g: ResourceGroup): Access => {
    if (permission.level === 'all') return g.choices[g.choices.length - 1] as Access;
    if (permission.level === 'read-only') return g.choices.includes('read') ? 'read' : 'none';
    return permission.matrix[g.id];
  };
  return groups.flatMap((g) => scopesFor(g.id, accessOf(g)));
}

/** Scopes → the strongest setting per group; unknown scopes come back as written. */
export function decodeScopes(scopes: readonly string[]): { matrix: Partial<Record<ResourceGroupId, Access>>; unknown: string[] } {
  const rank = (a: Access): number => ['none', 'read', 'write', 'request'].indexOf(a);
  const matrix: Partial<Record<ResourceGroupId, Access>> = {};
  const unknown: string[] = [];
  for (const scope of scopes) {
    const d = decodeScope(scope);
    if (!d.group || !d.access) {
      if (!unknown.includes(scope)) unknown.push(scope);
      continue;
    }
    const have = matrix[d.group];
    if (!have || rank(d.access) > rank(have)) matrix[d.group] = d.access;
  }
  return { matrix, unknown };
}
