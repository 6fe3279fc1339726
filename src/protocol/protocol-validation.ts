/**
 * Host-side validation of every message the webview posts. Whatever arrives is untrusted: it is
 * checked field by field (types, lengths, allowed values, no unknown properties) and either becomes
 * a typed `WebviewMessage` or a `ProtocolErrorCode` with a message. Nothing acts on a message that
 * did not pass here.
 */
import {
  BODY_KINDS, BuilderRequest, EXPORT_FORMATS, FormPart, HTTP_METHODS, LIMITS, NameValue, ProtocolErrorCode,
  WEBVIEW_MESSAGE_TYPES, WebviewMessage, WebviewMessageType,
} from './protocol';

export type Validation =
  | { readonly ok: true; readonly message: WebviewMessage }
  | { readonly ok: false; readonly code: ProtocolErrorCode; readonly message: string; readonly requestId?: string };

class FieldError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`${field} ${problem}`);
  }
}

const REQUEST_ID = /^[A-Za-z0-9_-]+$/;
const ID = /^[A-Za-z0-9._:-]+$/;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// C0 controls except tab, and DEL: never part of a path, name or header.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

type Obj = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function object(value: unknown, field: string, allowed: readonly string[], required: readonly string[]): Obj {
  if (!isPlainObject(value)) throw new FieldError(field, 'must be an object');
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new FieldError(field, `has an unknown property '${key.slice(0, 40)}'`);
  }
  for (const key of required) if (value[key] === undefined) throw new FieldError(`${field}.${key}`, 'is missing');
  return value;
}

function text(value: unknown, field: string, max: number, opts: { pattern?: RegExp; nonEmpty?: boolean; singleLine?: boolean } = {}): string {
  if (typeof value !== 'string') throw new FieldError(field, 'must be a string');
  if (value.length > max) throw new FieldError(field, `is longer than ${max} characters`);
  if (opts.nonEmpty && value.length === 0) throw new FieldError(field, 'must not be empty');
  if (opts.pattern && !opts.pattern.test(value)) throw new FieldError(field, 'has characters that are not allowed');
  if (opts.singleLine && CONTROL.test(value)) throw new FieldError(field, 'must not contain control characters');
  return value;
}

function optional<T>(value: unknown, check: (v: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}

function bool(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new FieldError(field, 'must be true or false');
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new FieldError(field, `must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

function list<T>(value: unknown, field: string, max: number, item: (v: unknown, f: string) => T): T[] {
  if (!Array.isArray(value)) throw new FieldError(field, 'must be a list');
  if (value.length > max) throw new FieldError(field, `has more than ${max} entries`);
  return value.map((v, i) => item(v, `${field}[${i}]`));
}

function name(value: unknown, field: string): string {
  const n = text(value, field, LIMITS.name, { singleLine: true });
  if (FORBIDDEN_KEYS.has(n)) throw new FieldError(field, 'is a reserved name');
  return n;
}

function nameValue(value: unknown, field: string): NameValue {
  const o = object(value, field, ['name', 'value'], ['name', 'value']);
  return { name: name(o.name, `${field}.name`), value: text(o.value, `${field}.value`, LIMITS.value) };
}

function stringRecord(value: unknown, field: string): Record<string, string> {
  if (!isPlainObject(value)) throw new FieldError(field, 'must be an object');
  const entries = Object.entries(value);
  if (entries.length > LIMITS.rows) throw new FieldError(field, `has more than ${LIMITS.rows} entries`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of entries) {
    name(k, `${field} key`);
    out[k] = text(v, `${field}.${k.slice(0, 40)}`, LIMITS.value);
  }
  return { ...out };
}

function formPart(value: unknown, field: string): FormPart {
  const kind = isPlainObject(value) ? value.kind : undefined;
  if (kind === 'field') {
    const o = object(value, field, ['kind', 'name', 'value'], ['kind', 'name', 'value']);
    return { kind, name: name(o.name, `${field}.name`), value: text(o.value, `${field}.value`, LIMITS.value * 8) };
  }
  if (kind === 'file') {
    const o = object(value, field, ['kind', 'name', 'file'], ['kind', 'name']);
    const file = optional(o.file, (v) => {
      const f = object(v, `${field}.file`, ['fileId', 'filename', 'size'], ['fileId', 'filename', 'size']);
      const size = f.size;
      if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) throw new FieldError(`${field}.file.size`, 'must be a whole number of bytes');
      return {
        fileId: text(f.fileId, `${field}.file.fileId`, LIMITS.id, { pattern: ID, nonEmpty: true }),
        filename: text(f.filename, `${field}.file.filename`, LIMITS.name, { singleLine: true }),
        size,
      };
    });
    return { kind, name: name(o.name, `${field}.name`), ...(file ? { file } : {}) };
  }
  throw new FieldError(`${field}.kind`, 'must be field or file');
}

/** Validates a composed request (also used for saved request files). */
export function checkBuilderRequest(value: unknown, field = 'request'): BuilderRequest {
  const o = object(value, field, ['method', 'path', 'operationId', 'pathParams', 'query', 'headers', 'bodyKind', 'body', 'form', 'stream'],
    ['method', 'path', 'pathParams', 'query', 'headers', 'bodyKind', 'body', 'form', 'stream']);
  const operationId = optional(o.operationId, (v) => text(v, `${field}.operationId`, LIMITS.name, { pattern: ID, nonEmpty: true }));
  return {
    method: oneOf(o.method, `${field}.method`, HTTP_METHODS),
    path: text(o.path, `${field}.path`, LIMITS.path, { singleLine: true }),
    ...(operationId !== undefined ? { operationId } : {}),
    pathParams: stringRecord(o.pathParams, `${field}.pathParams`),
    query: list(o.query, `${field}.query`, LIMITS.rows, nameValue),
    headers: list(o.headers, `${field}.headers`, LIMITS.rows, nameValue),
    bodyKind: oneOf(o.bodyKind, `${field}.bodyKind`, BODY_KINDS),
    body: text(o.body, `${field}.body`, LIMITS.body),
    form: list(o.form, `${field}.form`, LIMITS.formParts, formPart),
    stream: bool(o.stream, `${field}.stream`),
  };
}

const requestId = (v: unknown): string => text(v, 'requestId', LIMITS.requestId, { pattern: REQUEST_ID, nonEmpty: true });
const id = (v: unknown, field: string): string => text(v, field, LIMITS.id, { pattern: ID, nonEmpty: true });

function parse(type: WebviewMessageType, m: Obj): WebviewMessage {
  switch (type) {
    case 'ready': {
      object(m, 'message', ['type', 'protocol'], ['protocol']);
      if (typeof m.protocol !== 'number' || !Number.isSafeInteger(m.protocol)) throw new FieldError('protocol', 'must be a whole number');
      return { type, protocol: m.protocol };
    }
    case 'send':
      object(m, 'message', ['type', 'requestId', 'keyId', 'request', 'override'], ['requestId', 'keyId', 'request', 'override']);
      return { type, requestId: requestId(m.requestId), keyId: id(m.keyId, 'keyId'), request: checkBuilderRequest(m.request), override: bool(m.override, 'override') };
    case 'cancel':
    case 'clearHistory':
      object(m, 'message', ['type', 'requestId'], ['requestId']);
      return { type, requestId: requestId(m.requestId) };
    case 'pickFile':
      object(m, 'message', ['type', 'requestId', 'field'], ['requestId', 'field']);
      return { type, requestId: requestId(m.requestId), field: name(m.field, 'field') };
    case 'export': {
      object(m, 'message', ['type', 'requestId', 'format', 'request', 'keyId'], ['requestId', 'format', 'request']);
      const keyId = optional(m.keyId, (v) => id(v, 'keyId'));
      return { type, requestId: requestId(m.requestId), format: oneOf(m.format, 'format', EXPORT_FORMATS), request: checkBuilderRequest(m.request), ...(keyId ? { keyId } : {}) };
    }
    case 'importCurl': {
      object(m, 'message', ['type', 'requestId', 'text'], ['requestId']);
      const curl = optional(m.text, (v) => text(v, 'text', LIMITS.curlText));
      return { type, requestId: requestId(m.requestId), ...(curl !== undefined ? { text: curl } : {}) };
    }
    case 'saveRequest': {
      object(m, 'message', ['type', 'requestId', 'request', 'keyId', 'name'], ['requestId', 'request']);
      const keyId = optional(m.keyId, (v) => id(v, 'keyId'));
      const saveName = optional(m.name, (v) => text(v, 'name', LIMITS.name, { singleLine: true, nonEmpty: true }));
      return { type, requestId: requestId(m.requestId), request: checkBuilderRequest(m.request), ...(keyId ? { keyId } : {}), ...(saveName ? { name: saveName } : {}) };
    }
    case 'openResult':
    case 'saveResult':
      object(m, 'message', ['type', 'requestId', 'runId'], ['requestId', 'runId']);
      return { type, requestId: requestId(m.requestId), runId: text(m.runId, 'runId', LIMITS.requestId, { pattern: REQUEST_ID, nonEmpty: true }) };
    case 'loadHistory':
      object(m, 'message', ['type', 'requestId', 'entryId'], ['requestId', 'entryId']);
      return { type, requestId: requestId(m.requestId), entryId: id(m.entryId, 'entryId') };
  }
}

/** Checks one incoming message; never throws. */
export function validateWebviewMessage(raw: unknown): Validation {
  if (!isPlainObject(raw)) return { ok: false, code: 'malformed', message: 'A message must be an object with a type.' };
  const rid = typeof raw.requestId === 'string' && raw.requestId.length <= LIMITS.requestId && REQUEST_ID.test(raw.requestId) ? raw.requestId : undefined;
  const withId = rid ? { requestId: rid } : {};
  if (typeof raw.type !== 'string') return { ok: false, code: 'malformed', message: 'A message must have a string type.', ...withId };
  if (!(WEBVIEW_MESSAGE_TYPES as readonly string[]).includes(raw.type)) {
    return { ok: false, code: 'unknown-type', message: `Unknown message type '${raw.type.slice(0, 40)}'.`, ...withId };
  }
  try {
    return { ok: true, message: parse(raw.type as WebviewMessageType, raw) };
  } catch (error) {
    const message = error instanceof FieldError ? `Invalid ${raw.type} message: ${error.message}.` : `Invalid ${raw.type} message.`;
    return { ok: false, code: 'invalid-field', message, ...withId };
  }
}
