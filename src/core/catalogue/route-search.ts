/**
 * Route search by text, for the route picker (in the page, over the routes it was sent) and for
 * RouteCatalogue.search. A route matches when its method, path (with or without /v1), operationId,
 * summary, tag, group or group label contains every word typed.
 */
import { RESOURCE_GROUPS } from '../permissions/permission-model';
import type { RouteInfo } from './route-types';

export interface SearchOptions {
  /** true: admin routes only (admin keys); false: no admin routes; absent: all. */
  readonly admin?: boolean;
  readonly limit?: number;
  /** 'relevance' (default): exact and leading path matches first; 'catalogue': catalogue order. */
  readonly order?: 'relevance' | 'catalogue';
}

const GROUP_LABELS: ReadonlyMap<string, string> = new Map(RESOURCE_GROUPS.map((g) => [g.id, g.label]));

/** The routes that match `text`; see SearchOptions for the filter and the order. */
export function searchRoutes(routes: readonly RouteInfo[], text: string, options: SearchOptions = {}): RouteInfo[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const scored: { route: RouteInfo; score: number; index: number }[] = [];
  routes.forEach((route, index) => {
    if (options.admin !== undefined && route.adminOnly !== options.admin) return;
    const path = route.path.toLowerCase();
    const haystack = [route.method, path, `/v1${path}`, route.operationId, route.summary, route.tag, route.group, GROUP_LABELS.get(route.group) ?? '']
      .join(' ')
      .toLowerCase();
    if (!words.every((w) => haystack.includes(w))) return;
    const score = words.reduce((sum, w) => sum + (path === w || `/v1${path}` === w ? 4 : path.startsWith(w) ? 2 : path.includes(w) ? 1 : 0), 0);
    scored.push({ route, score, index });
  });
  if (options.order !== 'catalogue') scored.sort((a, b) => b.score - a.score || a.index - b.index);
  const list = scored.map((s) => s.route);
  return options.limit !== undefined ? list.slice(0, options.limit) : list;
}

/** Routes grouped by tag, in the order given. */
export function groupByTag(routes: readonly RouteInfo[]): Map<string, RouteInfo[]> {
  const groups = new Map<string, RouteInfo[]>();
  for (const route of routes) {
    const list = groups.get(route.tag) ?? [];
    list.push(route);
    groups.set(route.tag, list);
  }
  return groups;
}
