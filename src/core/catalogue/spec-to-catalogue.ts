/**
 * Turns OpenAI's parsed OpenAPI description into catalogue rows and the text of the committed data
 * module. Pure (takes the parsed object), so the generator script and the freshness test share it.
 */
import { classifyRoute } from './route-classifier';
import type { BodyKind, HttpMethod, JsonValue, ParamRow, ParamType, RouteRow } from './route-types';
import { SchemaObject, SchemaResolver, exampleFor } from './schema-example';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_SUMMARY = 80;
const MAX_ENUM = 12;

/** Tags for the operations the spec leaves untagged, by first (or, under /organization, second) path segment. */
const FALLBACK_TAGS: Readonly<Record<string, string>> = {
  containers: 'Containers',
  chatkit: 'ChatKit',
  responses: 'Responses',
  content_provenance_checks: 'Content provenance',
  admin_api_keys: 'Admin API keys',
  spend_limit: 'Spend limits',
  projects: 'Projects',
};

export interface SpecOperation {
  readonly method: HttpMethod;
  /** Path key exactly as in the spec, e.g. `/responses?beta=true`. */
  readonly specPath: string;
  readonly path: string;
  readonly fixedQuery?: string;
  readonly operation: SchemaObject;
  readonly pathParameters: readonly unknown[];
}

export interface CatalogueBuild {
  readonly rows: RouteRow[];
  /** Operations no classifier rule places, as "METHOD /path (operationId)". */
  readonly unplaced: string[];
  readonly version: string;
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every operation of the spec, in spec order. */
export function specOperations(spec: unknown): SpecOperation[] {
  const paths = isObject(spec) && isObject(spec.paths) ? spec.paths : {};
  const result: SpecOperation[] = [];
  for (const [specPath, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    const [path, fixedQuery] = specPath.split('?', 2) as [string, string | undefined];
    for (const [key, operation] of Object.entries(item)) {
      const method = key.toUpperCase() as HttpMethod;
      if (!METHODS.includes(method) || !isObject(operation)) continue;
      result.push({
        method,
        specPath,
        path,
        ...(fixedQuery ? { fixedQuery } : {}),
        operation,
        pathParameters: Array.isArray(item.parameters) ? item.parameters : [],
      });
    }
  }
  return result;
}

/** Operations the spec says need an admin key: the admin security scheme, or the note in the description. */
export function needsAdminKey(operation: SchemaObject): boolean {
  const security = Array.isArray(operation.security) ? operation.security : [];
  if (security.some((s) => isObject(s) && 'AdminApiKeyAuth' in s)) return true;
  const text = [operation.summary, operation.description].filter((t) => typeof t === 'string').join(' ');
  return /requires an \[?admin API key/i.test(text);
}

function shortSummary(operation: SchemaObject): string {
  const meta = isObject(operation['x-oaiMeta']) ? operation['x-oaiMeta'] : {};
  const candidates = [meta.name, operation.summary, operation.operationId];
  for (const c of candidates) {
    if (typeof c !== 'string' || c.trim() === '') continue;
    const plain = c
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/[`*_]/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    const sentence = plain.split(/(?<=\.)\s/)[0] ?? plain;
    const text = sentence.replace(/\.$/, '');
    return text.length <= MAX_SUMMARY ? text : `${text.slice(0, MAX_SUMMARY - 1).trimEnd()}…`;
  }
  return '';
}

function tagOf(op: SpecOperation): string {
  const tags = op.operation.tags;
  if (Array.isArray(tags) && typeof tags[0] === 'string') return tags[0];
  const segments = op.path.split('/').filter(Boolean);
  const key = segments[0] === 'organization' ? (segments[1] ?? 'organization') : (segments[0] ?? '');
  return FALLBACK_TAGS[key] ?? key.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

function bodyKind(mediaType: string): BodyKind {
  if (mediaType.includes('json')) return 'json';
  if (mediaType.startsWith('multipart/')) return 'multipart';
  if (mediaType === 'application/sdp') return 'sdp';
  throw new Error(`Unsupported request content type ${mediaType}.`);
}

function paramType(resolver: SchemaResolver, schema: unknown): { type: ParamType; values?: string[] } {
  const s = resolver.resolve(schema);
  const variant = typeof s.type === 'string' || Array.isArray(s.type) ? s : resolver.variants(s)[0] ?? s;
  const raw = Array.isArray(variant.type) ? variant.type.find((t) => t !== 'null') : variant.type;
  const type: ParamType = ['string', 'integer', 'number', 'boolean', 'array', 'object'].includes(raw as string) ? (raw as ParamType) : 'string';
  const values = resolver.enumValues(s);
  return values.length > 0 && values.length <= MAX_ENUM ? { type, values } : { type };
}

function params(resolver: SchemaResolver, op: SpecOperation): ParamRow[] {
  const own = Array.isArray(op.operation.parameters) ? op.operation.parameters : [];
  const rows: ParamRow[] = [];
  for (const raw of [...op.pathParameters, ...own]) {
    const p = resolver.resolve(raw);
    if ((p.in !== 'path' && p.in !== 'query') || typeof p.name !== 'string') continue;
    if (rows.some((r) => r.n === p.name)) continue;
    const { type, values } = paramType(resolver, p.schema);
    rows.push({ n: p.name, i: p.in === 'path' ? 'p' : 'q', ...(p.required === true || p.in === 'path' ? { r: 1 as const } : {}), t: type, ...(values ? { e: values } : {}) });
  }
  return rows;
}

/** Builds one row; throws if the classifier cannot place the operation. */
function buildRow(resolver: SchemaResolver, op: SpecOperation): RouteRow {
  const { operation } = op;
  const adminAuth = needsAdminKey(operation);
  const placed = classifyRoute({ method: op.method, path: op.path, adminAuth });
  if (!placed) throw new Error('unplaced');

  const content = isObject(operation.requestBody) && isObject(operation.requestBody.content) ? operation.requestBody.content : {};
  const mediaTypes = Object.keys(content);
  const kinds = [...new Set(mediaTypes.map(bodyKind))];
  const primary = kinds[0] ?? 'none';
  const media = mediaTypes[0] !== undefined ? content[mediaTypes[0]] : undefined;
  const schema = isObject(media) ? resolver.resolve(media.schema) : undefined;
  const shape = schema ? resolver.objectShape(schema) : undefined;

  let example: JsonValue | undefined;
  let fileFields: string[] = [];
  if (schema && primary !== 'sdp') {
    example = exampleFor(resolver, schema, { skipFiles: primary === 'multipart' });
    if (primary === 'multipart' && shape) fileFields = Object.keys(shape.properties).filter((k) => resolver.isFile(shape.properties[k]));
  }
  const pp = params(resolver, op);
  const row: RouteRow = {
    id: String(operation.operationId),
    m: op.method,
    p: op.path,
    ...(op.fixedQuery ? { q: op.fixedQuery } : {}),
    t: tagOf(op),
    s: shortSummary(operation),
    g: placed.group,
    a: placed.access,
    ...(placed.capability ? { c: placed.capability } : {}),
    ...(placed.adminOnly ? { ad: 1 as const } : {}),
    b: primary,
    ...(kinds[1] ? { b2: kinds[1] } : {}),
    ...(shape && 'stream' in shape.properties ? { st: 1 as const } : {}),
    ...(operation.deprecated === true ? { dep: 1 as const } : {}),
    ...(placed.shutDown ? { sd: placed.shutDown } : {}),
    ...(pp.length > 0 ? { pp } : {}),
    ...(example !== undefined ? { ex: example } : {}),
    ...(fileFields.length > 0 ? { ff: fileFields } : {}),
  };
  return row;
}

/** Builds every row of the catalogue; operations the classifier cannot place are listed, not thrown. */
export function buildCatalogue(spec: unknown): CatalogueBuild {
  const components = isObject(spec) && isObject(spec.components) ? spec.components : {};
  const resolver = new SchemaResolver(isObject(components.schemas) ? components.schemas : {});
  const info = isObject(spec) && isObject(spec.info) ? spec.info : {};
  const rows: RouteRow[] = [];
  const unplaced: string[] = [];
  for (const op of specOperations(spec)) {
    try {
      rows.push(buildRow(resolver, op));
    } catch (error) {
      const why = error instanceof Error && error.message !== 'unplaced' ? `: ${error.message}` : '';
      unplaced.push(`${op.method} ${op.specPath} (${String(op.operation.operationId)})${why}`);
    }
  }
  return { rows, unplaced, version: String(info.version ?? 'unknown') };
}

/** The text of src/core/catalogue/route-catalogue.data.ts: one route per line, stable order. */
export function renderCatalogueModule(build: CatalogueBuild): string {
  const lines = build.rows.map((row) => `  ${JSON.stringify(row)},`);
  return [
    '// Generated by scripts/generate-catalogue.mjs from OpenAI\'s official OpenAPI description. Do not edit;',
    '// run `npm run generate:catalogue`. Facts only: methods, paths, parameters, short summaries, examples.',
    "import type { RouteRow } from './route-types';",
    '',
    `export const SPEC_VERSION = ${JSON.stringify(build.version)};`,
    '',
    'export const ROUTE_ROWS: readonly RouteRow[] = [',
    ...lines,
    '];',
    '',
  ].join('\n');
}
