/**
 * The route catalogue at run time: every official OpenAI operation, found by method and concrete
 * path (for the permission check and error decoding) or by text (for the route picker).
 * The generated data stays out of the activation bundle: get it through loadRouteCatalogue().
 */
import { SearchOptions, groupByTag, searchRoutes } from './route-search';
import type { HttpMethod, RouteInfo, RouteParam, RouteRow } from './route-types';

export type { SearchOptions } from './route-search';

export interface RouteMatch {
  readonly route: RouteInfo;
  /** Values of the template's path parameters, decoded. */
  readonly params: Readonly<Record<string, string>>;
}


export interface NormalizedPath {
  /** Path without /v1, query or trailing slash; always starts with "/". */
  readonly path: string;
  readonly query: string;
}

/** Strips scheme and host, a leading /v1, the query and a trailing slash from what a user typed. */
export function normalizeRequestPath(raw: string): NormalizedPath {
  let text = raw.trim();
  const url = /^https?:\/\/[^/]+(.*)$/i.exec(text);
  if (url) text = url[1] ?? '';
  const hash = text.indexOf('#');
  if (hash >= 0) text = text.slice(0, hash);
  const q = text.indexOf('?');
  const query = q >= 0 ? text.slice(q + 1) : '';
  let path = q >= 0 ? text.slice(0, q) : text;
  if (!path.startsWith('/')) path = `/${path}`;
  path = path.replace(/\/{2,}/g, '/');
  if (path === '/v1' || path.startsWith('/v1/')) path = path.slice(3) || '/';
  if (path.length > 1) path = path.replace(/\/+$/, '');
  return { path, query };
}

function expand(row: RouteRow): RouteInfo {
  const params: RouteParam[] = (row.pp ?? []).map((p) => ({
    name: p.n,
    in: p.i === 'p' ? 'path' : 'query',
    required: p.r === 1,
    type: p.t,
    ...(p.e ? { enum: p.e } : {}),
  }));
  return {
    operationId: row.id,
    method: row.m,
    path: row.p,
    ...(row.q ? { fixedQuery: row.q } : {}),
    tag: row.t,
    summary: row.s,
    group: row.g,
    access: row.a,
    ...(row.c ? { capability: row.c } : {}),
    adminOnly: row.ad === 1,
    body: row.b,
    ...(row.b2 ? { altBody: row.b2 } : {}),
    streaming: row.st === 1,
    deprecated: row.dep === 1,
    ...(row.sd ? { shutDown: row.sd } : {}),
    params,
    ...(row.ex !== undefined ? { example: row.ex } : {}),
    fileFields: row.ff ?? [],
  };
}

interface Compiled {
  readonly route: RouteInfo;
  readonly segments: readonly string[];
  /** Literal segments count: the more, the more specific the template. */
  readonly literals: number;
}

/** How many lookups `find` remembers. */
const FOUND_KEPT = 256;

export class RouteCatalogue {
  readonly routes: readonly RouteInfo[];
  private readonly byMethod = new Map<HttpMethod, Compiled[]>();
  private readonly byId = new Map<string, RouteInfo>();
  /** Recent lookups: a user sends the same few paths again and again. */
  private readonly found = new Map<string, RouteMatch | undefined>();

  constructor(rows: readonly RouteRow[], readonly specVersion = 'unknown') {
    this.routes = rows.map(expand);
    for (const route of this.routes) {
      const segments = route.path.split('/').filter((s) => s.length > 0);
      const compiled: Compiled = { route, segments, literals: segments.filter((s) => !s.startsWith('{')).length };
      const list = this.byMethod.get(route.method) ?? [];
      list.push(compiled);
      this.byMethod.set(route.method, list);
      this.byId.set(route.operationId, route);
    }
  }

  /** The route for a method and a concrete path such as /v1/files/file-abc?limit=2; undefined if none. */
  find(method: string, concretePath: string): RouteMatch | undefined {
    const key = `${method.toUpperCase()} ${concretePath}`;
    if (!this.found.has(key)) {
      if (this.found.size >= FOUND_KEPT) this.found.clear();
      this.found.set(key, this.match(method, concretePath));
    }
    const hit = this.found.get(key);
    // A copy of the parameters: the caller may change them.
    return hit && { route: hit.route, params: { ...hit.params } };
  }

  private match(method: string, concretePath: string): RouteMatch | undefined {
    const { path, query } = normalizeRequestPath(concretePath);
    const segments = path.split('/').filter((s) => s.length > 0);
    const queryParts = new Set(query.split('&').filter(Boolean));
    let best: { compiled: Compiled; params: Record<string, string>; score: number } | undefined;
    for (const compiled of this.byMethod.get(method.toUpperCase() as HttpMethod) ?? []) {
      const params = matchSegments(compiled.segments, segments);
      if (!params) continue;
      const fixed = compiled.route.fixedQuery;
      // A route with a fixed query (e.g. beta=true) wins only when the request carries that query.
      const score = compiled.literals * 2 + (fixed === undefined ? 1 : fixed.split('&').every((p) => queryParts.has(p)) ? 2 : 0);
      if (!best || score > best.score) best = { compiled, params, score };
    }
    return best ? { route: best.compiled.route, params: best.params } : undefined;
  }

  byOperationId(operationId: string): RouteInfo | undefined {
    return this.byId.get(operationId);
  }

  /** Routes that match `text` (see route-search.ts), best matches first unless asked otherwise. */
  search(text: string, options: SearchOptions = {}): RouteInfo[] {
    return searchRoutes(this.routes, text, options);
  }

  /** Routes grouped by tag, in catalogue order, for the route picker. */
  byTag(options: SearchOptions = {}): Map<string, RouteInfo[]> {
    return groupByTag(searchRoutes(this.routes, '', { ...options, order: 'catalogue' }));
  }
}

function matchSegments(template: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  if (template.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const a = actual[i] as string;
    if (t.startsWith('{') && t.endsWith('}')) {
      params[t.slice(1, -1)] = safeDecode(a);
    } else if (t !== a) {
      return undefined;
    }
  }
  return params;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Fills a template's path parameters, encoding each value: /files/{file_id} → /files/file-abc. */
export function fillPathTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined || value === '' ? whole : encodeURIComponent(value);
  });
}

let loading: Promise<RouteCatalogue> | undefined;

/** Loads the generated catalogue on first use (a separate chunk in the build) and caches it. */
export function loadRouteCatalogue(): Promise<RouteCatalogue> {
  loading ??= import('./route-catalogue.data').then(
    (data) => new RouteCatalogue(data.ROUTE_ROWS, data.SPEC_VERSION),
    (error: unknown) => {
      loading = undefined; // let the next call retry instead of caching the failure
      throw error;
    },
  );
  return loading;
}
