/**
 * Minimal valid example bodies from OpenAPI request schemas: required properties only (plus the
 * model and input of model calls), with $ref/allOf/oneOf/anyOf resolved, preferring the schema's
 * own example, default or first enum value. Used by the catalogue generator at build time.
 */
import type { JsonValue } from './route-types';

export type SchemaObject = Readonly<Record<string, unknown>>;

/** Real model ids, most useful first; a model field takes the first its schema lists. */
const PREFERRED_MODELS = [
  'gpt-4.1-mini',
  'text-embedding-3-small',
  'gpt-image-1',
  'tts-1',
  'whisper-1',
  'omni-moderation-latest',
  'gpt-realtime',
  'sora-2',
  'gpt-4o-mini',
];

/** Properties worth pre-filling even when the schema does not require them. */
const ESSENTIAL = new Set(['model', 'input']);

/** String fields that carry the text sent to a model. */
const TEXT_FIELDS = new Set(['input', 'content', 'prompt', 'text', 'query']);

const MAX_DEPTH = 12;

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class SchemaResolver {
  constructor(private readonly schemas: Readonly<Record<string, unknown>>) {}

  /** Follows $ref chains to the schema they name; unknown refs become an empty schema. */
  resolve(schema: unknown): SchemaObject {
    let current: unknown = schema;
    for (let i = 0; i < 20 && isObject(current) && typeof current.$ref === 'string'; i++) {
      const name = current.$ref.replace('#/components/schemas/', '');
      current = this.schemas[name];
    }
    return isObject(current) ? current : {};
  }

  /** Variants of a oneOf/anyOf, without the `null` one. */
  variants(schema: SchemaObject): SchemaObject[] {
    const list = (Array.isArray(schema.oneOf) ? schema.oneOf : Array.isArray(schema.anyOf) ? schema.anyOf : []) as unknown[];
    return list.map((v) => this.resolve(v)).filter((v) => v.type !== 'null');
  }

  /** Properties and required names of an object schema, merged across allOf. */
  objectShape(schema: SchemaObject, depth = 0): { properties: Record<string, unknown>; required: string[] } {
    const properties: Record<string, unknown> = {};
    const required: string[] = [];
    if (depth > MAX_DEPTH) return { properties, required };
    if (Array.isArray(schema.allOf)) {
      for (const part of schema.allOf) {
        const shape = this.objectShape(this.resolve(part), depth + 1);
        Object.assign(properties, shape.properties);
        required.push(...shape.required);
      }
    }
    if (isObject(schema.properties)) Object.assign(properties, schema.properties);
    if (Array.isArray(schema.required)) required.push(...schema.required.filter((r): r is string => typeof r === 'string'));
    return { properties, required: [...new Set(required)] };
  }

  /** Every enum value reachable through anyOf/oneOf (for picking a model id). */
  enumValues(schema: unknown, depth = 0): string[] {
    const s = this.resolve(schema);
    if (depth > 4) return [];
    const own = Array.isArray(s.enum) ? s.enum.filter((v): v is string => typeof v === 'string') : [];
    return [...own, ...this.variants(s).flatMap((v) => this.enumValues(v, depth + 1))];
  }

  /** True when the schema describes a file upload (format binary, directly or as array items). */
  isFile(schema: unknown): boolean {
    const s = this.resolve(schema);
    if (s.format === 'binary' || typeof s.contentMediaType === 'string') return true;
    if (s.type === 'array' && s.items !== undefined) return this.isFile(s.items);
    return this.variants(s).some((v) => this.isFile(v));
  }
}

function typeOf(schema: SchemaObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (isObject(schema.properties) || Array.isArray(schema.allOf)) return 'object';
  return undefined;
}

function fits(value: unknown, type: string | undefined): value is JsonValue {
  if (value === undefined) return false;
  switch (type) {
    case undefined:
      return value !== null;
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return false;
  }
}

function exampleString(schema: SchemaObject): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  let text: string;
  switch (schema.format) {
    case 'uri':
    case 'url':
      text = 'https://example.com';
      break;
    case 'date-time':
      text = '2025-01-01T00:00:00Z';
      break;
    case 'date':
      text = '2025-01-01';
      break;
    case 'email':
      text = 'user@example.com';
      break;
    default:
      text = 'example';
  }
  return text.length >= min ? text : text.padEnd(min, 'x');
}

export interface ExampleOptions {
  /** Leave out multipart file fields (the builder asks for files separately). */
  readonly skipFiles?: boolean;
}

/** Builds a minimal example value for a schema; undefined when the schema has nothing to offer. */
export function exampleFor(resolver: SchemaResolver, raw: unknown, options: ExampleOptions = {}, depth = 0, name?: string): JsonValue | undefined {
  const schema = resolver.resolve(raw);
  if (depth > MAX_DEPTH) return undefined;
  if (name === 'model') {
    const ids = resolver.enumValues(schema);
    const preferred = PREFERRED_MODELS.find((m) => ids.includes(m));
    if (preferred) return preferred;
    const direct = typeof schema.example === 'string' ? schema.example : typeof schema.default === 'string' ? schema.default : undefined;
    return direct ?? ids[0] ?? 'gpt-4.1-mini';
  }
  const type = typeOf(schema);
  if (schema.const !== undefined && fits(schema.const, type)) return schema.const;
  if (fits(schema.example, type) && !(type === undefined && isObject(schema.example))) return schema.example;
  if (Array.isArray(schema.enum)) {
    const first = schema.enum.find((v) => v !== null);
    if (fits(first, type)) return first;
  }
  if (fits(schema.default, type)) return schema.default;
  const variants = resolver.variants(schema);
  if (variants.length > 0 && !isObject(schema.properties) && !Array.isArray(schema.allOf)) {
    // A user message reads better than a developer or assistant one as the first example.
    const variant = variants.find((v) => resolver.enumValues(resolver.objectShape(v).properties.role).includes('user')) ?? variants[0];
    return exampleFor(resolver, variant, options, depth + 1, name);
  }
  if (type === undefined) return Array.isArray(schema.allOf) ? exampleObject(resolver, schema, options, depth) : undefined;
  switch (type) {
    case 'object':
      return exampleObject(resolver, schema, options, depth);
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      if (min === 0) return [];
      const item = exampleFor(resolver, schema.items, options, depth + 1);
      return item === undefined ? [] : Array.from({ length: min }, () => item);
    }
    case 'string':
      return name !== undefined && TEXT_FIELDS.has(name) ? 'Say hello.' : exampleString(schema);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : 1;
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return undefined;
  }
}

function exampleObject(resolver: SchemaResolver, schema: SchemaObject, options: ExampleOptions, depth: number): JsonValue {
  const { properties, required: own } = resolver.objectShape(schema);
  // "anyOf: [{required: [a]}, {required: [b]}]" beside the properties: satisfy the first alternative.
  const alternative = resolver.variants(schema)[0];
  const extra = alternative && alternative.type === undefined && Array.isArray(alternative.required) ? (alternative.required as unknown[]) : [];
  const required = [...own, ...extra.filter((r): r is string => typeof r === 'string' && !own.includes(r))];
  const names = depth === 0 ? [...required, ...Object.keys(properties).filter((p) => ESSENTIAL.has(p) && !required.includes(p))] : required;
  const result: Record<string, JsonValue> = {};
  for (const prop of names) {
    const propSchema = properties[prop];
    if (propSchema === undefined) continue;
    if (options.skipFiles && resolver.isFile(propSchema)) continue;
    const value = exampleFor(resolver, propSchema, options, depth + 1, prop);
    if (value !== undefined) result[prop] = value;
  }
  return result;
}
