/**
 * What a saved request (repository content) may make the builder do: which files it may attach, and
 * which key it may be sent with. A hostile repository writes these files, so a file path must stay
 * inside the workspace folder and a key is never picked for another origin than the request names.
 */
import { KeyRecord } from '../keys/key-index';

/**
 * Why a saved request's file path is refused, or undefined when it is a plain relative path:
 * no absolute or drive path, no `..` segment, no backslash, no NUL. Symlinks are checked on disk.
 */
export function refusedFilePath(rel: string): string | undefined {
  if (rel.trim() === '') return 'the path is empty';
  if (rel.includes('\0')) return 'the path contains a NUL character';
  if (rel.includes('\\')) return 'the path contains a backslash; use / between folders';
  if (rel.startsWith('/') || /^[a-zA-Z]:/.test(rel) || rel.startsWith('~')) return 'the path is absolute; give it relative to the workspace folder';
  if (rel.split('/').includes('..')) return 'the path leaves the workspace folder (..)';
  return undefined;
}

/** The origin of a URL, or undefined when it is not an http(s) URL. */
export function originOfUrl(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

export interface SavedKeyChoice {
  /** The key to load the request with; undefined leaves the choice to the user. */
  readonly keyId?: string;
  /** Why the request is not sent at once; undefined when it may be. */
  readonly hold?: string;
}

/**
 * The key a saved request runs with. A named key is used only when it sends to the origin the
 * request names (if it names one); a request that names only an origin gets this workspace's active
 * key, or another visible key, on that origin. Anything else is loaded unsent, with the reason.
 */
export function keyForSavedRequest(saved: { keyName?: string; origin?: string }, visible: readonly KeyRecord[], active: KeyRecord | undefined): SavedKeyChoice {
  const origin = saved.origin;
  if (saved.keyName) {
    const named = visible.find((k) => k.name === saved.keyName);
    if (!named) return { hold: `No key named '${saved.keyName}' here; choose a key${origin ? ` for ${origin}` : ''}, then send.` };
    const own = originOfUrl(named.baseUrl);
    if (origin && own !== origin) return { hold: `This request was saved for ${origin}, but key '${named.name}' here sends to ${own ?? named.baseUrl}; it was not sent. Choose a key for ${origin}, then send.` };
    return { keyId: named.id };
  }
  if (origin) {
    const onOrigin = (k: KeyRecord): boolean => originOfUrl(k.baseUrl) === origin;
    const key = active && onOrigin(active) ? active : visible.find(onOrigin);
    return key ? { keyId: key.id } : { hold: `This request was saved for ${origin}, and no key here sends there; it was not sent.` };
  }
  return active ? { keyId: active.id } : { hold: 'This workspace has no active key; choose a key, then send.' };
}
