/** Scrubs secrets from text before it reaches a log, an error message or the webview. */

// OpenAI key shapes: sk-proj-/sk-svcacct-/sk-admin-/legacy sk-…, with or without the T3BlbkFJ marker.
const KEY_PATTERN = /\b(sk-(?:proj-|svcacct-|admin-)?)([A-Za-z0-9_-]{16,})/g;
const BEARER_PATTERN = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

export const REDACTED = '[redacted]';

/**
 * Replaces every key-shaped string, every Bearer token and every known secret with a mask that
 * keeps only the prefix and last four characters, so a user can still tell keys apart.
 */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (secret.length >= 8 && out.includes(secret)) out = out.split(secret).join(`${REDACTED}…${secret.slice(-4)}`);
  }
  // Every key shape starts with 'sk-': most texts skip the pattern's scan.
  if (out.includes('sk-')) out = out.replace(KEY_PATTERN, (_m, prefix: string, body: string) => `${prefix}${REDACTED}…${body.slice(-4)}`);
  return out.replace(BEARER_PATTERN, (_m, bearer: string) => `${bearer}${REDACTED}`);
}

/** Redacts an error into a message safe to show and log. */
export function redactError(error: unknown, knownSecrets: Iterable<string> = []): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, knownSecrets);
}
