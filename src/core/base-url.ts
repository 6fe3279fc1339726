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

/** True for OpenAI's own API; the permission model only has an opinion about those. */
export function isOpenAIBaseUrl(baseUrl: string): boolean {
  try {
    const u = new URL(baseUrl);
    return u.protocol === 'https:' && (u.hostname === 'api.openai.com' || u.hostname.endsWith('.api.openai.com'));
  } catch {
    return false;
  }
}
