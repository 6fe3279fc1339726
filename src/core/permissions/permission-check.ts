/**
 * Checks before sending: may this key call this route, according to the permission level the user
 * declared for it? Pure; the answer is advice in words, not a gate (the builder offers "Send anyway").
 */
import { isOpenAIOrigin } from '../common/base-url';
import type { RouteInfo } from '../catalogue/route-types';
import { normalizeRequestPath } from '../catalogue/route-catalogue';
import type { KeyRecord } from '../keys/key-index';
import { ACCESS_LABELS, Access, MODEL_CAPABILITIES, Permission, ResourceGroupId, resourceGroup } from './permission-model';

export type Verdict = 'allowed' | 'denied' | 'unknown';

export interface PermissionNeed {
  readonly group: ResourceGroupId;
  readonly access: Access;
}

export interface PermissionCheck {
  readonly verdict: Verdict;
  readonly reason: string;
  /** The need that decided the verdict: the one missing when denied, the main one otherwise. */
  readonly needs?: PermissionNeed;
  /** Everything the route needs, e.g. Responses API: Write and Model capabilities: Request. */
  readonly allNeeds?: readonly PermissionNeed[];
  readonly route?: RouteInfo;
  /** Extra advice that does not change the verdict (e.g. the API was shut down). */
  readonly note?: string;
}

export type CheckedKey = Pick<KeyRecord, 'name' | 'kind' | 'permission' | 'baseUrl'>;

/** What the check needs from the catalogue; RouteCatalogue fits. */
export interface RouteFinder {
  find(method: string, path: string): { readonly route: RouteInfo } | undefined;
}

const RANK: Readonly<Record<Access, number>> = { none: 0, read: 1, write: 2, request: 2 };

/** The setting of `group` that grants an access of kind `access` (Model capabilities only knows Request). */
export function neededAccess(group: ResourceGroupId, access: RouteInfo['access']): Access {
  const choices = resourceGroup(group).choices;
  if (choices.includes(access)) return access;
  if (access === 'request' && choices.includes('write')) return 'write';
  if (choices.includes('request')) return 'request';
  return access;
}

/** Everything a route needs; a model call outside Model capabilities (POST /responses) also needs it. */
export function routeNeeds(route: Pick<RouteInfo, 'group' | 'access'>): PermissionNeed[] {
  const needs: PermissionNeed[] = [{ group: route.group, access: neededAccess(route.group, route.access) }];
  if (route.access === 'request' && route.group !== 'model-capabilities') needs.push({ group: 'model-capabilities', access: 'request' });
  return needs;
}

/** "Files: Write" */
export function describeNeed(need: PermissionNeed): string {
  return `${resourceGroup(need.group).label}: ${ACCESS_LABELS[need.access]}`;
}

function satisfies(have: Access, need: Access): boolean {
  return RANK[have] >= RANK[need];
}

/** Checks whether `key` may call `method path` (path as typed, with or without /v1). */
export function checkPermission(key: CheckedKey, method: string, path: string, catalogue: RouteFinder): PermissionCheck {
  if (!isOpenAIOrigin(key.baseUrl)) return noOpinion(key);
  return checkRoute(key, method, path, catalogue.find(method.toUpperCase(), path)?.route);
}

/** The verdict when the key is not for OpenAI's API: its permission model does not apply. */
export function noOpinion(key: Pick<CheckedKey, 'name' | 'baseUrl'>): PermissionCheck {
  return { verdict: 'unknown', reason: `No opinion: key '${key.name}' is for ${key.baseUrl}, not OpenAI's API, so OpenAI's permission model does not apply.` };
}

/** Checks a key of OpenAI's API against the route already looked up (undefined: not an official route). */
export function checkRoute(key: CheckedKey, method: string, path: string, route: RouteInfo | undefined): PermissionCheck {
  const verb = method.toUpperCase();
  const shown = `/v1${normalizeRequestPath(path).path}`;
  if (!route) {
    return { verdict: 'unknown', reason: `${verb} ${shown} is not an official OpenAI route, so its permissions are unknown.` };
  }
  const allNeeds = routeNeeds(route);
  const base = { route, allNeeds, ...(route.shutDown ? { note: `The ${resourceGroup(route.group).label} API was shut down on ${route.shutDown}.` } : {}) };
  const primary = allNeeds[0] as PermissionNeed;
  const deny = (need: PermissionNeed, reason: string): PermissionCheck => ({ ...base, verdict: 'denied', reason, needs: need });
  const allow = (reason: string): PermissionCheck => ({ ...base, verdict: 'allowed', reason, needs: primary });

  if (key.kind === 'admin' && !route.adminOnly) return deny(primary, `Admin keys cannot call ${shown}; use a project key.`);
  if (key.kind !== 'admin' && route.adminOnly) return deny(primary, `Only admin keys can call ${shown}.`);
  return checkLevel(key.name, key.permission, `${verb} ${shown}`, route, allNeeds, allow, deny);
}

function checkLevel(
  name: string,
  permission: Permission,
  call: string,
  route: RouteInfo,
  allNeeds: readonly PermissionNeed[],
  allow: (reason: string) => PermissionCheck,
  deny: (need: PermissionNeed, reason: string) => PermissionCheck,
): PermissionCheck {
  const primary = allNeeds[0] as PermissionNeed;
  const needsText = allNeeds.map(describeNeed).join(' and ');
  switch (permission.level) {
    case 'all':
      return allow(`Key '${name}' has All permissions: ${call} is allowed.`);
    case 'read-only':
      if (route.access === 'read') return allow(`Key '${name}' is Read only: ${call} only reads, which is allowed.`);
      if (route.access === 'request') {
        const need = allNeeds.find((n) => n.group === 'model-capabilities') ?? primary;
        return deny(need, `Key '${name}' is Read only: Read only keys cannot call models (${call} needs ${needsText}).`);
      }
      return deny(primary, `Key '${name}' is Read only: ${call} needs ${needsText}.`);
    case 'restricted': {
      for (const need of allNeeds) {
        const have = permission.matrix[need.group];
        if (!satisfies(have, need.access)) {
          const label = resourceGroup(need.group).label;
          const trap = need.group === 'model-capabilities' ? subItemTrap(permission, route) : '';
          return deny(need, `Key '${name}' is Restricted: ${call} needs ${needsText}, but ${label} is ${ACCESS_LABELS[have]}.${trap}`);
        }
      }
      const off = allNeeds.some((n) => n.group === 'model-capabilities') && route.capability ? permission.capabilities?.[route.capability] : undefined;
      if (off === 'none') {
        const item = capabilityLabel(route.capability);
        const need: PermissionNeed = { group: 'model-capabilities', access: 'request' };
        return deny(need, `Key '${name}' is Restricted: Model capabilities is Request, but its sub-item ${item} is None, so ${call} is refused.`);
      }
      return allow(`Key '${name}' is Restricted and has ${needsText}: ${call} is allowed.`);
    }
  }
}

function capabilityLabel(id: string | undefined): string {
  return MODEL_CAPABILITIES.find((c) => c.id === id)?.label ?? 'this endpoint';
}

/** The platform trap: sub-items under Model capabilities do nothing while the parent is None. */
function subItemTrap(permission: Extract<Permission, { level: 'restricted' }>, route: RouteInfo): string {
  const enabled = route.capability !== undefined && permission.capabilities?.[route.capability] === 'request';
  const anyEnabled = Object.values(permission.capabilities ?? {}).some((v) => v === 'request');
  if (!enabled && !anyEnabled) return '';
  const what = enabled ? `${capabilityLabel(route.capability)} is enabled` : 'Some sub-items are enabled';
  return ` ${what} under Model capabilities, but sub-items grant nothing while Model capabilities itself is None: set it to Request.`;
}
