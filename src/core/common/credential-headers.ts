/**
 * The one list of headers that carry or override credentials. The key's own settings supply them, so
 * a request may not set them (the builder refuses them), and exports and history never keep them.
 */
const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'api-key', 'x-api-key', 'cookie']);
/** Headers that pick the key's organization and project: also the key's settings, not the request's. */
const KEY_ROUTING_HEADERS: ReadonlySet<string> = new Set(['openai-organization', 'openai-project']);

/** True for a header that carries or overrides credentials (any case, surrounding spaces ignored). */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADERS.has(name.trim().toLowerCase());
}

/** True for a credential header or one that picks the key's organization or project. */
export function isKeyHeader(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return CREDENTIAL_HEADERS.has(lower) || KEY_ROUTING_HEADERS.has(lower);
}
