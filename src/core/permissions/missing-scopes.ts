/**
 * Decodes OpenAI's "Missing scopes" 401s (a missing permission is a 401, not a 403) into the
 * resource groups and settings to turn on at platform.openai.com, and tells them apart from plain
 * invalid-key 401s.
 */
import { ACCESS_LABELS, Access, ResourceGroupId, resourceGroup } from './permission-model';
import { decodeScope } from './scope-table';

export interface MissingScope {
  /** The scope exactly as OpenAI wrote it, e.g. api.responses.write. */
  readonly scope: string;
  /** The group and setting that grant it; absent for a scope this version does not know. */
  readonly group?: ResourceGroupId;
  readonly access?: Access;
}

export interface MissingScopes {
  readonly scopes: readonly MissingScope[];
  /** The role list OpenAI quoted, e.g. "organization (Reader, Writer, Owner) and project (Member, Owner)". */
  readonly roles?: string;
  /** The admin form of the message, without a role list (admin keys). */
  readonly admin: boolean;
  /** OpenAI's own message. */
  readonly message: string;
}

/** Maps one scope name to the group and setting that grant it (see scope-table.ts, the one table). */
export function scopeToPermission(scope: string): MissingScope {
  return decodeScope(scope);
}

function errorMessage(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return errorMessage(JSON.parse(body)) ?? body;
    } catch {
      return body;
    }
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { error?: unknown; message?: unknown };
  if (typeof b.error === 'object' && b.error !== null) return errorMessage(b.error);
  if (typeof b.error === 'string') return b.error;
  return typeof b.message === 'string' ? b.message : undefined;
}

function errorCode(body: unknown): string | undefined {
  if (typeof body === 'string') {
    try {
      return errorCode(JSON.parse(body));
    } catch {
      return undefined;
    }
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as { error?: unknown; code?: unknown };
  if (typeof b.error === 'object' && b.error !== null) return errorCode(b.error);
  return typeof b.code === 'string' ? b.code : undefined;
}

const SCOPE_TOKEN = /^\s*([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*(,|\band\b)?/;

/**
 * Reads a 401 body (parsed JSON, raw text, or the SDK's error object) and returns the missing scopes,
 * or undefined when it is not a "Missing scopes" error.
 */
export function decodeMissingScopes(status: number, body: unknown): MissingScopes | undefined {
  if (status !== 401 && status !== 403) return undefined;
  const message = errorMessage(body);
  if (!message) return undefined;
  const at = /Missing scopes?:/i.exec(message);
  if (!at) return undefined;
  let rest = message.slice(at.index + at[0].length);
  const scopes: MissingScope[] = [];
  for (let m = SCOPE_TOKEN.exec(rest); m; m = SCOPE_TOKEN.exec(rest)) {
    const scope = m[1] as string;
    if (!scopes.some((s) => s.scope === scope)) scopes.push(scopeToPermission(scope));
    rest = rest.slice(m[0].length);
    if (!m[2]) break;
  }
  if (scopes.length === 0) return undefined;
  const org = /organization\s*\(([^)]*)\)/i.exec(message);
  const project = /project\s*\(([^)]*)\)/i.exec(message);
  const roles = [org ? `organization (${org[1]})` : '', project ? `project (${project[1]})` : ''].filter(Boolean).join(' and ');
  return { scopes, ...(roles ? { roles } : {}), admin: !org && !project, message };
}

/** True for a 401 that says the key itself is wrong (not a missing scope). */
export function isInvalidKey401(body: unknown): boolean {
  const code = errorCode(body);
  if (code === 'invalid_api_key' || code === 'invalid_authentication') return true;
  const message = errorMessage(body) ?? '';
  if (/Missing scopes?:/i.test(message)) return false;
  return /incorrect api key|invalid api key|invalid authorization header|didn't provide an api key|invalid_api_key|api key.*(revoked|deactivated|expired|disabled)/i.test(message);
}

/** "Responses API: Write (api.responses.write)" */
function describeScope(s: MissingScope): string {
  return s.group && s.access ? `${resourceGroup(s.group).label}: ${ACCESS_LABELS[s.access]} (${s.scope})` : `${s.scope} (not a setting this extension knows)`;
}

/** A readable explanation of a decoded "Missing scopes" error, with what to do and what else can cause it. */
export function explain(decoded: MissingScopes): string {
  const list = decoded.scopes.map(describeScope).join(', ');
  const where = decoded.admin
    ? 'Give the admin key these permissions at platform.openai.com (Organization settings → Admin keys).'
    : 'Turn them on for this key at platform.openai.com (API keys → edit the key → Restricted), or use a key with All permissions.';
  const role = decoded.roles
    ? `The same error appears when the key owner's role is too weak: check their ${decoded.roles} role.`
    : "The same error appears when the key owner's role in the organization or project is too weak.";
  return `The key is missing ${list}. ${where} ${role} Changes take time to apply: up to 15 minutes for key permissions and up to 30 minutes for role changes.`;
}
