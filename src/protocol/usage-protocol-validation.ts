/**
 * Host-side validation of every message the Usage page posts. Whatever arrives is untrusted: it is
 * checked field by field (types, lengths, allowed values, no unknown properties, real dates) and
 * becomes a typed `UsageWebviewMessage` or a `UsageProtocolErrorCode` with a message.
 */
import {
  MAX_CUSTOM_DAYS, RANGE_PRESETS, RangePreset, USAGE_LIMITS, USAGE_WEBVIEW_MESSAGE_TYPES, UsageProtocolErrorCode, UsageRangeChoice,
  UsageWebviewMessage, UsageWebviewMessageType, assertNeverUsage, rangeOf,
} from './usage-protocol';

export type UsageValidation =
  | { readonly ok: true; readonly message: UsageWebviewMessage }
  | { readonly ok: false; readonly code: UsageProtocolErrorCode; readonly message: string; readonly requestId?: string };

class FieldError extends Error {}

const REQUEST_ID = /^[A-Za-z0-9_-]+$/;
/** OpenAI ids (key_…, proj_…) and stored key names are not sent; ids only. */
const SUBJECT_ID = /^[A-Za-z0-9_.:-]+$/;
/** A spend owner: '' (the organization) or a project id. */
const PROJECT_ID = /^(?:[A-Za-z0-9_-]+)?$/;

type Obj = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function fields(value: unknown, field: string, allowed: readonly string[]): Obj {
  if (!isPlainObject(value)) throw new FieldError(`${field} must be an object`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) throw new FieldError(`${field} has an unknown property '${key.slice(0, 40)}'`);
  }
  for (const key of allowed) if (value[key] === undefined) throw new FieldError(`${field}.${key} is missing`);
  return value;
}

function requestId(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > USAGE_LIMITS.requestId || !REQUEST_ID.test(value)) {
    throw new FieldError('requestId must be 1 to 64 letters, digits, _ or -');
  }
  return value;
}

function date(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length !== USAGE_LIMITS.date) throw new FieldError(`${field} must be a date YYYY-MM-DD`);
  return value;
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) throw new FieldError(`${field} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function matching(value: unknown, field: string, pattern: RegExp, max: number, what: string): string {
  if (typeof value !== 'string' || value.length > max || !pattern.test(value)) throw new FieldError(`${field} must be ${what}`);
  return value;
}

function range(value: unknown): UsageRangeChoice {
  if (!isPlainObject(value)) throw new FieldError('range must be an object');
  if (value.kind === 'preset') {
    const r = fields(value, 'range', ['kind', 'days']);
    if (!(RANGE_PRESETS as readonly unknown[]).includes(r.days)) throw new FieldError(`range.days must be one of ${RANGE_PRESETS.join(', ')}`);
    return { kind: 'preset', days: r.days as RangePreset };
  }
  if (value.kind === 'custom') {
    const r = fields(value, 'range', ['kind', 'from', 'to']);
    const choice: UsageRangeChoice = { kind: 'custom', from: date(r.from, 'range.from'), to: date(r.to, 'range.to') };
    if (!rangeOf(choice, 0)) throw new FieldError(`range must be two real dates, from ≤ to, at most ${MAX_CUSTOM_DAYS} days apart`);
    return choice;
  }
  throw new FieldError("range.kind must be 'preset' or 'custom'");
}

function parse(type: UsageWebviewMessageType, raw: Obj): UsageWebviewMessage {
  switch (type) {
    case 'ready': {
      const m = fields(raw, 'message', ['type', 'protocol']);
      if (!Number.isSafeInteger(m.protocol)) throw new FieldError('protocol must be an integer');
      return { type, protocol: m.protocol as number };
    }
    case 'load': {
      const m = fields(raw, 'message', ['type', 'requestId', 'range']);
      return { type, requestId: requestId(m.requestId), range: range(m.range) };
    }
    case 'setBudget': {
      const m = fields(raw, 'message', ['type', 'requestId', 'kind', 'subjectId', 'amount']);
      return {
        type, requestId: requestId(m.requestId), kind: oneOf(m.kind, 'kind', ['key', 'project'] as const),
        subjectId: matching(m.subjectId, 'subjectId', SUBJECT_ID, USAGE_LIMITS.subjectId, 'an OpenAI key or project id'),
        // Any text up to the limit: the host says in words what is wrong with it.
        amount: matching(m.amount, 'amount', /^[ -~]*$/, USAGE_LIMITS.amount, `at most ${USAGE_LIMITS.amount} printable characters`),
      };
    }
    case 'spendAction': {
      const m = fields(raw, 'message', ['type', 'requestId', 'action', 'projectId']);
      return {
        type, requestId: requestId(m.requestId), action: oneOf(m.action, 'action', ['setLimit', 'addAlert'] as const),
        projectId: matching(m.projectId, 'projectId', PROJECT_ID, USAGE_LIMITS.subjectId, "'' (the organization) or a project id"),
      };
    }
    case 'cancel':
    case 'exportCsv':
    case 'budgets':
    case 'spendControls': {
      const m = fields(raw, 'message', ['type', 'requestId']);
      return { type, requestId: requestId(m.requestId) };
    }
    default:
      return assertNeverUsage(type, 'message type');
  }
}

export function validateUsageMessage(raw: unknown): UsageValidation {
  if (!isPlainObject(raw)) return { ok: false, code: 'malformed', message: 'A message must be an object with a type.' };
  const rid = typeof raw.requestId === 'string' && raw.requestId.length <= USAGE_LIMITS.requestId && REQUEST_ID.test(raw.requestId) ? raw.requestId : undefined;
  const withId = rid ? { requestId: rid } : {};
  if (typeof raw.type !== 'string') return { ok: false, code: 'malformed', message: 'A message must have a string type.', ...withId };
  if (!(USAGE_WEBVIEW_MESSAGE_TYPES as readonly string[]).includes(raw.type)) {
    return { ok: false, code: 'unknown-type', message: `Unknown message type '${raw.type.slice(0, 40)}'.`, ...withId };
  }
  try {
    return { ok: true, message: parse(raw.type as UsageWebviewMessageType, raw) };
  } catch (error) {
    const message = error instanceof FieldError ? `Invalid ${raw.type} message: ${error.message}.` : `Invalid ${raw.type} message.`;
    return { ok: false, code: 'invalid-field', message, ...withId };
  }
}
