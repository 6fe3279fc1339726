/** What can be told about an OpenAI key from its text alone: kind, mask, and input clean-up. */

export type KeyKind = 'project' | 'service-account' | 'admin' | 'legacy' | 'other';

export const KEY_KIND_LABELS: Readonly<Record<KeyKind, string>> = {
  project: 'project',
  'service-account': 'service account',
  admin: 'admin',
  legacy: 'legacy',
  other: 'other/compatible',
};

const PREFIXES: readonly [string, KeyKind][] = [
  ['sk-proj-', 'project'],
  ['sk-svcacct-', 'service-account'],
  ['sk-admin-', 'admin'],
];

/** Detects the kind of key from its prefix. Keys of compatible servers are 'other'. */
export function detectKeyKind(secret: string): KeyKind {
  for (const [prefix, kind] of PREFIXES) if (secret.startsWith(prefix)) return kind;
  return secret.startsWith('sk-') ? 'legacy' : 'other';
}

function prefixOf(secret: string): string {
  for (const [prefix] of PREFIXES) if (secret.startsWith(prefix)) return prefix;
  return secret.startsWith('sk-') ? 'sk-' : '';
}

/** The last four characters, the only part of a secret the index keeps. */
export function lastFour(secret: string): string {
  return secret.slice(-4);
}

/** "sk-proj-…abcd": safe to show, log and copy. */
export function maskKey(secret: string): string {
  return formatMask(prefixOf(secret), lastFour(secret));
}

/** Builds the mask from the stored parts, so the index never needs the secret. */
export function maskFromParts(kind: KeyKind, last4: string): string {
  const prefix = PREFIXES.find(([, k]) => k === kind)?.[0] ?? (kind === 'legacy' ? 'sk-' : '');
  return formatMask(prefix, last4);
}

function formatMask(prefix: string, last4: string): string {
  return `${prefix}…${last4}`;
}

/**
 * Cleans what people paste: whitespace and newlines anywhere, surrounding quotes, a leading
 * "Bearer ", and an `OPENAI_API_KEY=` assignment copied from a .env file.
 */
export function normalizeKeyInput(raw: string): string {
  let value = raw.trim();
  value = value.replace(/^(export\s+)?OPENAI_API_KEY\s*=\s*/i, '');
  value = value.replace(/^Authorization:\s*/i, '');
  value = value.replace(/^Bearer\s+/i, '');
  value = value.replace(/^['"`]+|['"`;]+$/g, '');
  return value.replace(/\s+/g, '');
}

export interface KeyCheck {
  /** Set when the text cannot be a key at all: the input box shows it and refuses. */
  readonly error?: string;
  /** Set when the key looks unusual but may be right, e.g. a compatible server's key. */
  readonly warning?: string;
  readonly kind: KeyKind;
}

const KEY_CHARS = /^[A-Za-z0-9_\-.]+$/;

/** Checks a normalised key and explains what is wrong in words a user can act on. */
export function checkKey(secret: string, opts: { compatibleServer?: boolean } = {}): KeyCheck {
  const kind = detectKeyKind(secret);
  if (secret.length === 0) return { kind, error: 'Paste the API key.' };
  if (!KEY_CHARS.test(secret)) {
    return { kind, error: 'A key has only letters, digits, "-", "_" and "."; check what was pasted.' };
  }
  if (secret.length < 20) return { kind, error: `That is ${secret.length} characters; OpenAI keys are much longer.` };
  if (kind === 'other') {
    return opts.compatibleServer
      ? { kind }
      : { kind, warning: 'OpenAI keys start with "sk-". Keep it only if this is a key for an OpenAI-compatible server.' };
  }
  const prefix = prefixOf(secret);
  if (secret.length - prefix.length < 20) return { kind, error: 'The key ends too soon after its prefix; was it cut off?' };
  if (kind === 'legacy' && /^sk-[a-z]+-/.test(secret)) {
    return { kind, warning: `Unknown key prefix "${secret.split('-').slice(0, 2).join('-')}-"; it will be treated as a legacy key.` };
  }
  return { kind };
}
