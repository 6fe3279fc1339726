/**
 * Origin binding: a key travels only to the origin of its own base URL. Any path that is an
 * absolute URL, or that would resolve to another origin, is refused before the SDK sees it.
 */

export class ForeignOriginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForeignOriginError';
  }
}

/**
 * Returns the path to hand to the SDK (relative, starting with '/') after checking that
 * baseUrl + path stays on baseUrl's origin. A leading /v1 is dropped when the base URL already
 * ends in /v1, so "/v1/models" and "/models" mean the same thing.
 */
export function bindPathToOrigin(baseUrl: string, path: string): string {
  const base = new URL(baseUrl);
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//') || path.includes('\\')) {
    throw new ForeignOriginError(`Refused: "${shorten(path)}" is not a path on ${base.origin}. A key is only sent to the origin of its base URL; use a path such as /models, or a key whose base URL is that server.`);
  }
  let rel = path.startsWith('/') ? path : `/${path}`;
  const basePath = base.pathname.replace(/\/+$/, '');
  if (basePath.endsWith('/v1') && /^\/v1(\/|$)/.test(rel)) rel = rel.slice(3) || '/';
  // Mirror the SDK's own join (base URL + path) and compare origins.
  const joined = `${baseUrl.replace(/\/+$/, '')}${rel}`;
  let target: URL;
  try {
    target = new URL(joined);
  } catch {
    throw new ForeignOriginError(`Refused: "${shorten(path)}" does not form a valid URL with ${base.origin}.`);
  }
  if (target.origin !== base.origin) {
    throw new ForeignOriginError(`Refused: this request would go to ${target.origin}, but the key is bound to ${base.origin}.`);
  }
  return rel;
}

function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
