/** Finds OpenAI-key-shaped strings in text: the published formats, and a looser test for unmarked project keys. */
import { KeyKind, detectKeyKind, maskKey } from '../keys/key-format';

export interface LeakMatch {
  /** Offsets into the text: [start, end). */
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly kind: KeyKind;
  /** 'marked': carries the T3BlbkFJ marker of OpenAI keys; 'unmarked': a prefixed key that looks random. */
  readonly confidence: 'marked' | 'unmarked';
}

/** Base64 of "OpenAI": sits inside every key OpenAI issues in its published formats. */
export const OPENAI_KEY_MARKER = 'T3BlbkFJ';

// A candidate starts with "sk-" that is not glued to a word, a path or a base64url run ("task-", "disk-").
const CANDIDATE = /(?<![A-Za-z0-9_\-])sk-[A-Za-z0-9_\-]{20,}/g;
const PREFIXED = /^sk-(?:proj|svcacct|admin)-/;
const PLACEHOLDER = /your|example|replace|placeholder|redacted|dummy|xxxx|0000|1234|abcd/i;
const MIN_UNMARKED_BODY = 32;
const MIN_MARKER_SIDE = 8;

/** Every key-shaped string in `text`, in order of appearance. */
export function findKeyLeaks(text: string): LeakMatch[] {
  const found: LeakMatch[] = [];
  // Every candidate holds 'sk-': most files skip the regular expression (a plain search is far cheaper).
  if (!text.includes('sk-')) return found;
  for (const m of text.matchAll(CANDIDATE)) {
    const value = classify(m[0]);
    if (!value) continue;
    const start = m.index;
    found.push({ start, end: start + value.value.length, value: value.value, kind: detectKeyKind(value.value), confidence: value.confidence });
  }
  return found;
}

function classify(candidate: string): { value: string; confidence: LeakMatch['confidence'] } | undefined {
  const prefixed = PREFIXED.exec(candidate)?.[0];
  const body = candidate.slice(prefixed?.length ?? 3);
  const marker = body.indexOf(OPENAI_KEY_MARKER);
  if (marker >= MIN_MARKER_SIDE && body.length - marker - OPENAI_KEY_MARKER.length >= MIN_MARKER_SIDE) {
    return { value: candidate, confidence: 'marked' };
  }
  if (prefixed && body.length >= MIN_UNMARKED_BODY && looksRandom(body)) return { value: candidate, confidence: 'unmarked' };
  return undefined;
}

/** Real keys are random base64url: mixed case and digits, no long runs, no placeholder words. */
export function looksRandom(body: string): boolean {
  if (!/[a-z]/.test(body) || !/[A-Z]/.test(body) || !/[0-9]/.test(body)) return false;
  if (/(.)\1{5,}/.test(body) || PLACEHOLDER.test(body)) return false;
  // Words joined by dashes (an app name after the prefix) are names, not keys.
  const dashes = body.split(/[-_]/).length - 1;
  return dashes <= body.length / 8;
}

/** What a user may see of a found key. */
export function describeLeak(match: LeakMatch): string {
  return `${match.confidence === 'marked' ? 'OpenAI API key' : 'Possible OpenAI API key'} ${maskKey(match.value)}`;
}
