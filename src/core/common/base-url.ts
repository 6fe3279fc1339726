/** Base URLs: what the user may enter, and which are OpenAI's own. */

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

export interface BaseUrlCheck {
  readonly url?: string;
  readonly error?: string;
  readonly warning?: string;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** Validates and normalises a base URL (no trailing slash); plain http only for loopback without a warning. */
export function checkBaseUrl(raw: string): BaseUrlCheck {
  const text = raw.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { error: `"${text}" is not a URL; expected something like ${DEFAULT_BASE_URL}.` };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { error: `Base URL must use http or https, not ${parsed.protocol.replace(':', '')}.` };
  }
  if (parsed.username || parsed.password) return { error: 'Base URL must not carry a user name or password.' };
  if (parsed.search || parsed.hash) return { error: 'Base URL must not have a query or fragment.' };
  const url = `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  if (parsed.protocol === 'http:' && !isLoopbackHost(parsed.hostname)) {
    return { url, warning: `The key would travel unencrypted to ${parsed.hostname}; use https unless this is a trusted local server.` };
  }
  return { url };
}

/**
 * The one answer to "is this OpenAI's origin?": OpenAI's own API over https, or one of `extraOrigins`
 * (only the test host supplies those, see testOpenAIOrigins). OpenAI's permission model only has an
 * opinion about these; every other server is "compatible".
 */
export function isOpenAIOrigin(baseUrl: string, extraOrigins: readonly string[] = []): boolean {
  let u: URL;
  try {
    u = new URL(baseUrl);
  } catch {
    return false;
  }
  if (u.protocol === 'https:' && (u.hostname === 'api.openai.com' || u.hostname.endsWith('.api.openai.com'))) return true;
  return extraOrigins.includes(u.origin);
}

/**
 * Origins the test host treats as OpenAI's (a local mock that answers like OpenAI), from
 * OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS; always empty outside the test host, so settings cannot add one.
 */
export function testOpenAIOrigins(env: Readonly<Record<string, string | undefined>>): string[] {
  if (env.OPENAI_CONNECTOR_TEST !== '1') return [];
  return (env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
}
