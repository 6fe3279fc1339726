/**
 * Which variables a key gives terminals and debug sessions, whether to give them at all, and how they
 * merge with what the workspace sets. An injected key always travels with its own base URL (even
 * OpenAI's default), organization and project, and those win; where the workspace names another
 * server for the key, nothing is injected.
 */
import { KeyRecord } from './key-index';

export type KeyVariables = Readonly<Record<string, string>>;

/**
 * Variables that point an OpenAI SDK or a common wrapper at a server: OPENAI_BASE_URL (the official
 * SDKs), OPENAI_API_BASE (openai-python before 1.0, LangChain), and the forms some tools use.
 */
export const BASE_URL_VARIABLES = ['OPENAI_BASE_URL', 'OPENAI_API_BASE', 'OPENAI_API_BASE_URL', 'OPENAI_API_HOST'] as const;

/** The variables the openai SDKs read, from a key: the base URL always, so nothing else can supply one. */
export function keyVariables(record: KeyRecord, secret: string): KeyVariables {
  return {
    OPENAI_API_KEY: secret,
    OPENAI_BASE_URL: record.baseUrl,
    ...(record.organization ? { OPENAI_ORG_ID: record.organization } : {}),
    ...(record.project ? { OPENAI_PROJECT_ID: record.project } : {}),
  };
}

export interface InjectionInput {
  readonly trusted: boolean;
  readonly enabled: boolean;
  readonly active: KeyRecord | undefined;
  readonly secretMissing: boolean;
}

export type InjectionDecision = { readonly inject: true; readonly key: KeyRecord } | { readonly inject: false; readonly reason: string };

/** Injects only in a trusted workspace, when opted in, with an active key whose secret is present. */
export function injectionDecision(input: InjectionInput): InjectionDecision {
  if (!input.trusted) return { inject: false, reason: 'This workspace is not trusted: no key is given to terminals or debug sessions.' };
  if (!input.enabled) return { inject: false, reason: 'Injection is turned off in the settings.' };
  if (!input.active) return { inject: false, reason: 'This workspace has no active key: run "OpenAI Connector: Set Active Key for This Workspace".' };
  if (input.secretMissing) return { inject: false, reason: `Key '${input.active.name}' has no secret in this keyring: re-enter it.` };
  return { inject: true, key: input.active };
}

export interface Redirect {
  readonly variable: string;
  readonly value: string;
  /** Where the workspace set it, for the message: "the launch configuration's env", … */
  readonly source: string;
}

/** The origin of a URL-ish value (OPENAI_API_HOST may lack a scheme), or undefined when it is none. */
function originOf(value: string): string | undefined {
  const text = value.trim();
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).origin;
  } catch {
    return undefined;
  }
}

/**
 * The first base-URL variable that a workspace source sets to another server than the key's own
 * origin. Same origin with another path is the key's own server and passes; a value that is not a URL
 * counts as another server, since what a program makes of it cannot be known.
 */
export function findRedirect(sources: readonly { readonly source: string; readonly env: Readonly<Record<string, unknown>> }[], keyBaseUrl: string): Redirect | undefined {
  const own = originOf(keyBaseUrl);
  for (const { source, env } of sources) {
    for (const variable of BASE_URL_VARIABLES) {
      const value = env[variable];
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (originOf(value) !== own) return { variable, value, source };
    }
  }
  return undefined;
}

/** The message and log line for a redirect: nothing was injected, and why. */
export function redirectMessage(redirect: Redirect, keyName: string, target: 'terminals' | 'debug session'): string {
  const what = target === 'terminals' ? 'New terminals get no key' : 'The debug session gets no key';
  return `${what}: ${redirect.source} sets ${redirect.variable} to ${redirect.value}, not the base URL of key '${keyName}'. Remove it, or give the key that base URL.`;
}

/** The debug env: the configuration's own env, then ours on top, so the key's variables always win. */
export function mergeDebugEnv(configEnv: unknown, vars: KeyVariables): Record<string, string | null> {
  const own = typeof configEnv === 'object' && configEnv !== null ? (configEnv as Record<string, string | null>) : {};
  return { ...own, ...vars };
}

/** Variables an env file sets, to find a launch configuration's envFile that redirects the key. */
export function envFileValues(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const raw = m[2]!.trim();
    const quoted = /^(['"])(.*)\1/.exec(raw);
    values[m[1]!] = quoted ? quoted[2]! : raw.replace(/\s+#.*$/, '');
  }
  return values;
}
