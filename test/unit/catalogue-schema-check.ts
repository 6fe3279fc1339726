// Test helpers around OpenAI's OpenAPI description (vendored in third_party/): parsing it, and a small
// JSON Schema checker (the subset the description uses) to prove examples valid and probe bodies invalid.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { VENDORED_SPEC } from '../../scripts/vendored-openapi';
import { SchemaObject, SchemaResolver } from '../../src/core/catalogue/schema-example';

/** The vendored description: always in the repository, so these checks never skip. */
export const SPEC_PATH = VENDORED_SPEC;

let cached: unknown;
/** The parsed description (parsed once per test file). */
export function loadSpec(): unknown {
  cached ??= parse(readFileSync(SPEC_PATH, 'utf8'), { maxAliasCount: -1 });
  return cached;
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function resolverFor(spec: unknown): SchemaResolver {
  const components = isObject(spec) && isObject(spec.components) ? spec.components : {};
  return new SchemaResolver(isObject(components.schemas) ? components.schemas : {});
}

/** The request schema of an operation for a media type prefix ('application/json', 'multipart/'). */
export function requestSchema(spec: unknown, method: string, path: string, media: string): SchemaObject | undefined {
  const paths = isObject(spec) && isObject(spec.paths) ? spec.paths : {};
  const item = paths[path];
  const op = isObject(item) ? item[method.toLowerCase()] : undefined;
  const content = isObject(op) && isObject(op.requestBody) && isObject(op.requestBody.content) ? op.requestBody.content : {};
  const key = Object.keys(content).find((k) => k.startsWith(media));
  const entry = key ? content[key] : undefined;
  return isObject(entry) && isObject(entry.schema) ? entry.schema : undefined;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(declared: string, actual: string): boolean {
  return declared === actual || (declared === 'number' && actual === 'integer');
}

export interface CheckOptions {
  /** Properties not to require (multipart file fields the builder fills separately). */
  readonly ignoreRequired?: ReadonlySet<string>;
  /** Checking one part of an allOf: other parts may declare the remaining properties. */
  readonly part?: boolean;
}

/** Errors of `value` against `schema`; empty when valid. Lenient where the description is (oneOf = anyOf). */
export function schemaErrors(resolver: SchemaResolver, raw: unknown, value: unknown, at = '$', options: CheckOptions = {}, depth = 0): string[] {
  const schema = resolver.resolve(raw);
  if (depth > 40) return [];
  const errors: string[] = [];
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) errors.push(...schemaErrors(resolver, part, value, at, { ...options, part: true }, depth));
  const variants = (Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined) as unknown[] | undefined;
  if (variants) {
    const ok = variants.some((v) => schemaErrors(resolver, v, value, at, { ...options, part: false }, depth + 1).length === 0);
    if (!ok) errors.push(`${at}: matches no variant`);
  }
  const actual = jsonType(value);
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? (schema.type as string[]) : [];
  if (schema.nullable === true && types.length > 0) types.push('null');
  if (types.length > 0 && !types.some((t) => typeMatches(t, actual))) {
    errors.push(`${at}: ${actual} where ${types.join('/')} is expected`);
    return errors;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of the enum values`);
  if (schema.const !== undefined && schema.const !== value) errors.push(`${at}: must be ${JSON.stringify(schema.const)}`);
  if (isObject(value) && (schema.type === 'object' || isObject(schema.properties) || Array.isArray(schema.required))) {
    const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
    for (const name of required) if (!(name in value) && !(depth === 0 && options.ignoreRequired?.has(name))) errors.push(`${at}: required ${name} is missing`);
    const properties = isObject(schema.properties) ? schema.properties : {};
    for (const [name, v] of Object.entries(value)) {
      if (name in properties) errors.push(...schemaErrors(resolver, properties[name], v, `${at}.${name}`, {}, depth + 1));
      else if (schema.additionalProperties === false && !Array.isArray(schema.allOf) && !options.part) errors.push(`${at}: unknown property ${name}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) errors.push(`${at}: fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) errors.push(`${at}: more than ${schema.maxItems} items`);
    if (schema.items !== undefined) value.forEach((v, i) => errors.push(...schemaErrors(resolver, schema.items, v, `${at}[${i}]`, {}, depth + 1)));
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) errors.push(`${at}: longer than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string') {
      let re: RegExp | undefined;
      try {
        re = new RegExp(schema.pattern, 'u');
      } catch {
        re = undefined;
      }
      if (re && !re.test(value)) errors.push(`${at}: does not match ${schema.pattern}`);
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${at}: not above ${schema.exclusiveMinimum}`);
  }
  return errors;
}
