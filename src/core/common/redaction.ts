/**
 * Scrubs secrets from text before it reaches a log, an error message, a file or the webview.
 * Two kinds of secret: the values the caller knows (its own keys) and anything shaped like a
 * credential. Both are also found in their common encodings (JSON `\u` escapes, percent-encoding,
 * base64), because a server that echoes a key back may have encoded it.
 */

export const REDACTED = '[redacted]';

/** OpenAI key shapes: sk-proj-/sk-svcacct-/sk-admin-/legacy sk-…, with or without the T3BlbkFJ marker. */
const KEY_PATTERN = /(?<![A-Za-z0-9])(sk-(?:proj-|svcacct-|admin-)?)([A-Za-z0-9_-]{16,})/g;
/** A legacy key's body without its sk- prefix (the marker is base64 of "OpenAI"). */
const LEGACY_BODY_PATTERN = /[A-Za-z0-9_-]{8,}T3BlbkFJ[A-Za-z0-9_-]{8,}/g;
const BEARER_PATTERN = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
/** A JSON Web Token: base64url JSON header ("eyJ" is base64 of '{"'), payload, optional signature. */
const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]+)?/g;

/** Runs of text that may hold an encoded secret, and the limits that keep the scan cheap. */
const JSON_ESCAPED_RUN = /(?:\\u[0-9a-fA-F]{4}|\\\/|[A-Za-z0-9_.~+=/-])+/g;
const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9_.~+-])+/g;
const BASE64_RUN = /[A-Za-z0-9+/_-]{20,}={0,2}/g;
/** Base64 runs longer than this (images, audio) are not decoded: a key is far shorter. */
const MAX_BASE64_RUN = 4096;
/** The shortest text that can hold a secret (usableSecrets) or a key shape. */
const MIN_REDACTABLE = 8;
/** Encodings inside encodings are unwrapped this many levels deep. */
const MAX_DEPTH = 2;

/**
 * Replaces every key-shaped string, Bearer token, JWT and known secret, in plain text and in the
 * encodings above, with a mask that keeps only the last four characters, so a user can still
 * tell keys apart.
 */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  return redactTop(text, usableSecrets(knownSecrets));
}

/**
 * Texts that `redact` returned unchanged, for one set of secrets. Redaction is a pure function of
 * the text and the secrets, so the same text (a header value, a body preview, on its way through
 * the result, then the message to the page) is scanned once. Bounded in entries and characters.
 */
const cleanTexts: { of: readonly string[] | undefined; key: string; texts: Set<string>; chars: number } = { of: undefined, key: '', texts: new Set(), chars: 0 };
const CLEAN_TEXTS_MAX = 1024;
const CLEAN_TEXTS_MAX_CHARS = 4 * 1024 * 1024;
const CLEAN_TEXT_MAX_CHARS = 256 * 1024;

function redactTop(text: string, secrets: readonly string[]): string {
  if (text.length < MIN_REDACTABLE) return text;
  // The same array throughout one redactDeep walk: its key is computed once.
  if (secrets !== cleanTexts.of) {
    cleanTexts.of = secrets;
    const key = secrets.join('\0');
    if (key !== cleanTexts.key) {
      cleanTexts.key = key;
      cleanTexts.texts = new Set();
      cleanTexts.chars = 0;
    }
  }
  if (cleanTexts.texts.has(text)) return text;
  const out = redactAt(text, secrets, 0);
  if (out === text && text.length <= CLEAN_TEXT_MAX_CHARS) {
    if (cleanTexts.texts.size >= CLEAN_TEXTS_MAX || cleanTexts.chars + text.length > CLEAN_TEXTS_MAX_CHARS) {
      cleanTexts.texts = new Set();
      cleanTexts.chars = 0;
    }
    cleanTexts.texts.add(text);
    cleanTexts.chars += text.length;
  }
  return out;
}

/**
 * Removes only the known secrets, plain or encoded as above, and leaves everything else as it is
 * (for the bytes of an answer kept for Save…).
 */
export function scrubSecrets(text: string, knownSecrets: Iterable<string>): string {
  return redactAt(text, usableSecrets(knownSecrets), 0, false);
}

/**
 * Strings of which at least one occurs in any text that holds one of these secrets in a form
 * `scrubSecrets` removes: a cheap pre-check before decoding a large body.
 */
export function secretTraces(knownSecrets: Iterable<string>): string[] {
  const secrets = usableSecrets(knownSecrets);
  return secrets.length ? ['\\u', '%', ...secrets, ...secrets.flatMap(cachedBase64Cores)] : [];
}

/** base64Cores per secret, computed once: every response body is checked against them. */
const coresOf = new Map<string, string[]>();
function cachedBase64Cores(secret: string): string[] {
  let cores = coresOf.get(secret);
  if (!cores) {
    if (coresOf.size >= 64) coresOf.clear();
    cores = base64Cores(secret);
    coresOf.set(secret, cores);
  }
  return cores;
}

/**
 * Objects already found clean with one set of secrets, so a message that carries them again (the
 * history list after every request) is not walked again. Only deeply frozen objects are remembered:
 * they cannot have changed since.
 */
export class RedactionMemo {
  private secretsKey = '';
  private clean = new WeakSet<object>();

  /** The remembered objects for these secrets (forgotten when the secrets change). */
  cleanFor(secrets: readonly string[]): WeakSet<object> {
    const key = secrets.join('\0');
    if (key !== this.secretsKey) {
      this.secretsKey = key;
      this.clean = new WeakSet();
    }
    return this.clean;
  }
}

/** Redacts every string inside a JSON-like value (a message for the webview); other values stay. */
export function redactDeep<T>(value: T, knownSecrets: Iterable<string> = [], memo?: RedactionMemo): T {
  const secrets = usableSecrets(knownSecrets);
  return walkDeep(value, secrets, memo?.cleanFor(secrets)) as T;
}

function walkDeep(v: unknown, secrets: readonly string[], clean: WeakSet<object> | undefined): unknown {
  if (typeof v === 'string') return redactTop(v, secrets);
  if (v === null || typeof v !== 'object') return v;
  if (clean?.has(v)) return v;
  let result: unknown;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const next = walkDeep(v[i], secrets, clean);
      if (next !== v[i]) (out ??= v.slice())[i] = next;
    }
    result = out ?? v;
  } else {
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    // for…in over own keys: no entries array per object (a stream batch has thousands of them).
    const record = v as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const k in record) {
      if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
      const item = record[k];
      const next = walkDeep(item, secrets, clean);
      if (next !== item) (out ??= { ...record })[k] = next;
    }
    result = out ?? v;
  }
  if (clean && result === v && Object.isFrozen(v) && Object.values(v).every((c) => c === null || typeof c !== 'object' || clean.has(c))) clean.add(v);
  return result;
}

/** True when the text holds a known secret or anything key-shaped, in any form `redact` finds. */
export function containsSecret(text: string, knownSecrets: Iterable<string> = []): boolean {
  return redact(text, knownSecrets) !== text;
}

/** Every key-shaped value (OpenAI key, Bearer token's value, JWT) in a text, in order, each once. */
export function findKeyShapes(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(KEY_PATTERN)) found.add(m[0]);
  for (const m of text.matchAll(LEGACY_BODY_PATTERN)) if (![...found].some((k) => k.includes(m[0]))) found.add(m[0]);
  for (const m of text.matchAll(JWT_PATTERN)) found.add(m[0]);
  for (const m of text.matchAll(BEARER_PATTERN)) {
    const token = m[0].slice(m[1]!.length);
    if (![...found].some((k) => k.includes(token) || token.includes(k))) found.add(token);
  }
  return [...found];
}

/** Redacts an error into a message safe to show and log. */
export function redactError(error: unknown, knownSecrets: Iterable<string> = []): string {
  const message = error instanceof Error ? error.message : String(error);
  return redact(message, knownSecrets);
}

function usableSecrets(knownSecrets: Iterable<string>): string[] {
  return [...new Set(knownSecrets)].filter((s) => s.length >= MIN_REDACTABLE);
}

function mask(secret: string): string {
  return `${REDACTED}…${secret.slice(-4)}`;
}

/**
 * The part of a secret's base64 form that does not depend on where it starts in the encoded
 * stream, for each of the three alignments and both alphabets.
 */
function base64Cores(secret: string): string[] {
  const cores: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    let encoded: string;
    try {
      encoded = btoa('\0'.repeat(pad) + secret);
    } catch {
      return cores; // not Latin-1, so not a key
    }
    const start = Math.ceil((pad * 4) / 3) + 1;
    const end = Math.floor(((pad + secret.length) * 4) / 3) - 1;
    if (end - start >= 8) {
      const core = encoded.slice(start, end);
      cores.push(core, core.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return cores;
}

/** `shapes` false scrubs only the known secrets (bytes kept for Save…), true also every key shape. */
function redactAt(text: string, secrets: readonly string[], depth: number, shapes = true): string {
  // Nothing redactable is this short: secrets have 8 characters or more, every shape more, and the
  // encodings only lengthen what they encode.
  if (text.length < MIN_REDACTABLE) return text;
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(mask(secret));
  if (shapes) out = redactShapes(out);
  if (depth >= MAX_DEPTH) return out;
  const inner = (decoded: string): string => redactAt(decoded, secrets, depth + 1, shapes);
  if (out.includes('\\u') || out.includes('\\/')) out = out.replace(JSON_ESCAPED_RUN, (run) => (run.includes('\\') ? redactJsonEscaped(run, inner) : run));
  if (out.includes('%')) out = out.replace(PERCENT_RUN, (run) => (run.includes('%') ? redactPercentEncoded(run, inner) : run));
  return out.replace(BASE64_RUN, (run) => (run.length <= MAX_BASE64_RUN ? redactBase64(run, inner) : run));
}

function redactShapes(text: string): string {
  let out = text;
  // Every key shape starts with 'sk-' or carries the legacy marker: most texts skip these scans.
  if (out.includes('sk-')) out = out.replace(KEY_PATTERN, (_m, prefix: string, body: string) => `${prefix}${mask(body)}`);
  if (out.includes('T3BlbkFJ')) out = out.replace(LEGACY_BODY_PATTERN, (m) => mask(m));
  if (out.includes('eyJ')) out = out.replace(JWT_PATTERN, REDACTED);
  return out.replace(BEARER_PATTERN, (_m, bearer: string) => `${bearer}${REDACTED}`);
}

/** A run with `\uXXXX` escapes: redacted on its decoded form, written back escaped. */
function redactJsonEscaped(run: string, inner: (decoded: string) => string): string {
  const decoded = run.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))).replace(/\\\//g, '/');
  const clean = inner(decoded);
  if (clean === decoded) return run;
  // Escape back anything that could end a JSON string or a line; the mask itself is plain.
  return clean.replace(/["\\\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function redactPercentEncoded(run: string, inner: (decoded: string) => string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(run);
  } catch {
    return run;
  }
  const clean = inner(decoded);
  return clean === decoded ? run : encodeURIComponent(clean);
}

function redactBase64(run: string, inner: (decoded: string) => string): string {
  let decoded: string;
  try {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    decoded = atob(standard.length % 4 === 1 ? standard.slice(0, -1) : standard + '='.repeat((4 - (standard.length % 4)) % 4));
  } catch {
    return run;
  }
  // A secret is printable ASCII; binary data decoded by chance is not worth a full scan.
  if (!/[A-Za-z0-9_-]{8}/.test(decoded)) return run;
  return inner(decoded) === decoded ? run : REDACTED;
}
