/**
 * Recommend Least Privilege: the smallest permission matrix that allows the routes a workspace uses
 * (its saved requests and request history), with the route catalogue as the source. POST /v1/responses
 * needs Responses: Write and Model capabilities: Request (routeNeeds knows the trap).
 */
import type { RouteFinder, PermissionNeed } from '../permissions/permission-check';
import { describeNeed, routeNeeds } from '../permissions/permission-check';
import { ACCESS_LABELS, Access, Permission, PermissionMatrix, RESOURCE_GROUPS, ResourceGroup, ResourceGroupId, emptyMatrix, resourceGroup } from '../permissions/permission-model';

export interface UsedRoute {
  readonly method: string;
  readonly path: string;
}

export interface Recommendation {
  readonly matrix: PermissionMatrix;
  /** Which calls need each group, e.g. responses → ["POST /v1/responses"]. */
  readonly because: Readonly<Partial<Record<ResourceGroupId, readonly string[]>>>;
  /** Calls the catalogue does not know: their needs are unknown, never guessed. */
  readonly unknown: readonly string[];
  /** Calls only an admin key can make: no project key needs a setting for them. */
  readonly adminOnly: readonly string[];
}

const RANK: Readonly<Record<Access, number>> = { none: 0, read: 1, write: 2, request: 2 };

export function recommend(routes: readonly UsedRoute[], catalogue: RouteFinder): Recommendation {
  const matrix = emptyMatrix();
  const because: Partial<Record<ResourceGroupId, string[]>> = {};
  const unknown: string[] = [];
  const adminOnly: string[] = [];
  const seen = new Set<string>();
  for (const r of routes) {
    const route = catalogue.find(r.method.toUpperCase(), r.path)?.route;
    const call = route ? `${route.method} /v1${route.path}` : `${r.method.toUpperCase()} ${r.path}`;
    if (seen.has(call)) continue;
    seen.add(call);
    if (!route) {
      unknown.push(call);
      continue;
    }
    if (route.adminOnly) {
      adminOnly.push(call);
      continue;
    }
    for (const need of routeNeeds(route)) {
      if (RANK[need.access] > RANK[matrix[need.group]]) matrix[need.group] = need.access;
      (because[need.group] ??= []).push(call);
    }
  }
  return { matrix, because, unknown, adminOnly };
}

/** The strongest setting a permission gives a group. */
export function accessOf(permission: Permission, group: ResourceGroup): Access {
  if (permission.level === 'all') return group.choices[group.choices.length - 1] as Access;
  if (permission.level === 'read-only') return group.choices.includes('read') ? 'read' : 'none';
  return permission.matrix[group.id];
}

export interface Comparison {
  /** Settings the key has that nothing in the workspace uses: "Files: Write". */
  readonly unused: readonly PermissionNeed[];
  /** Settings the workspace needs that the key lacks. */
  readonly missing: readonly PermissionNeed[];
}

export function compare(permission: Permission, rec: Recommendation): Comparison {
  const unused: PermissionNeed[] = [];
  const missing: PermissionNeed[] = [];
  for (const g of (RESOURCE_GROUPS as readonly ResourceGroup[]).filter((x) => !x.admin)) {
    const have = accessOf(permission, g);
    const need = rec.matrix[g.id];
    if (RANK[have] > RANK[need]) unused.push({ group: g.id, access: have });
    if (RANK[have] < RANK[need]) missing.push({ group: g.id, access: need });
  }
  return { unused, missing };
}

/** "ci-bot has Files: Write that nothing in this workspace uses" and the like, one line per finding. */
export function describeComparison(keyName: string, c: Comparison): string {
  const parts: string[] = [];
  if (c.unused.length) parts.push(`'${keyName}' has ${c.unused.map(describeNeed).join(', ')} that nothing in this workspace uses.`);
  if (c.missing.length) parts.push(`'${keyName}' lacks ${c.missing.map(describeNeed).join(', ')} that this workspace's requests need.`);
  return parts.length ? parts.join(' ') : `'${keyName}' has exactly what this workspace's requests need.`;
}

/** "Model capabilities: Request, Responses API: Write" or "nothing". */
export function describeMatrix(matrix: PermissionMatrix): string {
  const set = (RESOURCE_GROUPS as readonly ResourceGroup[]).filter((g) => matrix[g.id] !== 'none').map((g) => `${resourceGroup(g.id).label}: ${ACCESS_LABELS[matrix[g.id]]}`);
  return set.length ? set.join(', ') : 'nothing';
}
