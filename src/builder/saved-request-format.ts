/**
 * The file format of saved requests (.vscode/openai-requests/*.json): readable, diffable, meant to
 * be committed. It holds no secret: the key is referenced by name, credential headers cannot be
 * in it, and a file whose text looks like it carries a key is refused on write and on read.
 */
import { redact } from '../core/common/redaction';
import { originOfUrl, refusedFilePath } from '../core/requests/saved-request-safety';
import type { BuilderRequest, FormPart } from '../protocol/protocol';
import { checkBuilderRequest } from '../protocol/protocol-validation';

export const SAVED_VERSION = 1;
export const SAVED_FOLDER = '.vscode/openai-requests';

type SavedPart = { kind: 'field'; name: string; value: string } | { kind: 'file'; name: string; path?: string };

export interface SavedRequest {
  readonly name: string;
  /** Name of the key to send with; absent means the workspace's active key. */
  readonly keyName?: string;
  /** Origin of the server the request was made for; it is never sent with a key for another. */
  readonly origin?: string;
  readonly request: BuilderRequest;
  /** Workspace-relative paths of file parts, by part index. */
  readonly filePaths: Readonly<Record<number, string>>;
}

/** True when the text carries something key-shaped or one of the known secrets. */
export function looksSecret(text: string, knownSecrets: Iterable<string> = []): boolean {
  return redact(text, knownSecrets) !== text;
}

/** The file text for a request; throws when it would hold a secret. */
export function serializeSaved(saved: SavedRequest, knownSecrets: Iterable<string> = []): string {
  const r = saved.request;
  let body: unknown;
  if (r.bodyKind === 'json') {
    try {
      body = JSON.parse(r.body);
    } catch {
      body = undefined;
    }
  }
  const form: SavedPart[] = r.form.map((p, i) => (p.kind === 'field' ? p : { kind: 'file', name: p.name, ...(saved.filePaths[i] ? { path: saved.filePaths[i] } : {}) }));
  const file = {
    version: SAVED_VERSION,
    name: saved.name,
    ...(saved.keyName ? { key: saved.keyName } : {}),
    ...(saved.origin ? { origin: saved.origin } : {}),
    request: {
      method: r.method,
      path: r.path,
      ...(r.operationId ? { operationId: r.operationId } : {}),
      ...(Object.keys(r.pathParams).length ? { pathParams: r.pathParams } : {}),
      ...(r.query.some((q) => q.value !== '') ? { query: r.query.filter((q) => q.value !== '') } : {}),
      ...(r.headers.length ? { headers: r.headers } : {}),
      bodyKind: r.bodyKind,
      ...(r.bodyKind === 'json' ? (body !== undefined ? { body } : { bodyText: r.body }) : {}),
      ...(r.bodyKind === 'multipart' ? { form } : {}),
      ...(r.stream ? { stream: true } : {}),
    },
  };
  const text = `${JSON.stringify(file, null, 2)}\n`;
  if (looksSecret(text, knownSecrets)) {
    throw new Error('This request contains something that looks like an API key, so it was not saved. Remove it (the key you pick is added at send time).');
  }
  return text;
}

/** Reads a saved request file; throws with what is wrong. */
export function parseSaved(text: string, fallbackName: string, knownSecrets: Iterable<string> = []): SavedRequest {
  if (looksSecret(text, knownSecrets)) throw new Error('This saved request contains something that looks like an API key; remove it from the file.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('The file is not valid JSON.');
  }
  const v = value as { version?: unknown; name?: unknown; key?: unknown; origin?: unknown; request?: Record<string, unknown> } | null;
  if (!v || typeof v !== 'object' || v.version !== SAVED_VERSION || typeof v.request !== 'object' || v.request === null) {
    throw new Error(`Not a saved request (expected "version": ${SAVED_VERSION} and a "request").`);
  }
  const r = v.request;
  const origin = v.origin === undefined ? undefined : typeof v.origin === 'string' ? originOfUrl(v.origin) : undefined;
  if (v.origin !== undefined && !origin) throw new Error('"origin" must be an http or https URL, such as https://api.openai.com.');
  const bodyKind = r.bodyKind ?? (r.body !== undefined || r.bodyText !== undefined ? 'json' : 'none');
  const filePaths: Record<number, string> = {};
  const form = Array.isArray(r.form)
    ? (r.form as SavedPart[]).map((p, i): FormPart => {
      if (p?.kind === 'file') {
        if (typeof p.path === 'string' && p.path) {
          const refused = refusedFilePath(p.path);
          if (refused) throw new Error(`File "${p.path}" of part ${i + 1} is refused: ${refused}. Files must be inside the workspace folder.`);
          filePaths[i] = p.path;
        }
        return { kind: 'file', name: p.name };
      }
      return p as FormPart;
    })
    : [];
  const request = checkBuilderRequest({
    method: r.method,
    path: r.path,
    ...(r.operationId !== undefined ? { operationId: r.operationId } : {}),
    pathParams: r.pathParams ?? {},
    query: r.query ?? [],
    headers: r.headers ?? [],
    bodyKind,
    body: typeof r.bodyText === 'string' ? r.bodyText : r.body !== undefined ? JSON.stringify(r.body, null, 2) : '',
    form,
    stream: r.stream === true,
  });
  const name = typeof v.name === 'string' && v.name.trim() ? v.name.trim() : fallbackName;
  return { name, ...(typeof v.key === 'string' && v.key ? { keyName: v.key } : {}), ...(origin ? { origin } : {}), request, filePaths };
}

/** A file name from a request name: lower case, dashes, no path characters. */
export function fileNameFor(name: string): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return `${slug || 'request'}.json`;
}
