// Pure (no 'vscode' import, unit-tested under Node): which variables a key gives terminals and debug
// sessions, whether to give them at all, and how they merge with a launch configuration's own env.
import { DEFAULT_BASE_URL } from '../../core/base-url';
import { KeyRecord } from '../../core/key-index';

export type KeyVariables = Readonly<Record<string, string>>;

/** The variables the openai SDKs read, from a key: base URL only when it is not OpenAI's default. */
export function keyVariables(record: KeyRecord, secret: string): KeyVariables {
  return {
    OPENAI_API_KEY: secret,
    ...(record.baseUrl !== DEFAULT_BASE_URL ? { OPENAI_BASE_URL: record.baseUrl } : {}),
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

/** The debug env: ours first, then the configuration's own env and envFile names, which win. */
export function mergeDebugEnv(configEnv: unknown, envFileNames: ReadonlySet<string>, vars: KeyVariables): Record<string, string | null> {
  const own = typeof configEnv === 'object' && configEnv !== null ? (configEnv as Record<string, string | null>) : {};
  const ours = Object.fromEntries(Object.entries(vars).filter(([name]) => !envFileNames.has(name) && !(name in own)));
  return { ...ours, ...own };
}

/** Variable names an env file sets, so the ones a launch configuration reads from its envFile win over ours. */
export function envFileNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(line);
    if (m) names.add(m[1]!);
  }
  return names;
}
