/**
 * Which listed key is a stored key? A match has the same project, the same prefix and the same last
 * four characters. Several candidates are ambiguous and asked about, never guessed.
 */
import type { AdminKey } from './admin-types';

/** "sk-proj-ab...wxyz" → its visible head and tail. */
export function splitRedacted(redacted: string): { head: string; tail: string } | undefined {
  const m = /^(.*?)(?:\.{3}|…|\*{3,})(.*)$/.exec(redacted);
  if (!m || !m[1] || !m[2]) return undefined;
  return { head: m[1], tail: m[2] };
}

export interface StoredForMatch {
  readonly id: string;
  /** The project id the key is stored with, when the user gave one. */
  readonly project?: string;
  readonly last4: string;
  /** Tells whether the secret starts with `head`, without handing the secret out. */
  readonly startsWith: (head: string) => boolean;
}

export type MatchResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'match'; readonly key: AdminKey }
  | { readonly kind: 'ambiguous'; readonly keys: readonly AdminKey[] };

/** The listed keys that may be this stored key. */
export function matchStoredKey(stored: StoredForMatch, listed: readonly AdminKey[]): MatchResult {
  const keys = listed.filter((k) => {
    if (stored.project && stored.project !== k.projectId) return false;
    const parts = splitRedacted(k.redactedValue);
    return parts !== undefined && parts.tail.length <= 4 && stored.last4.endsWith(parts.tail) && parts.tail.length > 0 && stored.startsWith(parts.head);
  });
  if (keys.length === 0) return { kind: 'none' };
  if (keys.length === 1) return { kind: 'match', key: keys[0]! };
  return { kind: 'ambiguous', keys };
}
