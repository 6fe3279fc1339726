/**
 * From the builder's serialisable request to the core request model: files referenced by id are
 * read by the host here, and nothing of the webview's is trusted beyond what validation allowed.
 */
import { ExecutableRequest, MultipartPart, QueryValue, RequestBody, RequestModel, toExecutable } from '../core/requests/request-model';
import type { BuilderRequest } from '../protocol/protocol';

/** A file the user picked through the host, by the id the webview holds. */
export interface PickedFile {
  readonly filename: string;
  readonly contentType?: string;
  read(): Promise<Uint8Array>;
}

export type FileLookup = (fileId: string) => PickedFile | undefined;

/** Query rows to the model's record; a repeated name becomes a list (e.g. include[]). */
export function queryRecord(rows: BuilderRequest['query']): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const { name, value } of rows) {
    const key = name.trim();
    if (!key || value === '') continue;
    const existing = out[key];
    out[key] = existing === undefined ? value : [...(typeof existing === 'string' ? [existing] : existing), value];
  }
  return out;
}

export function headerRecord(rows: BuilderRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const { name, value } of rows) if (name.trim()) out[name.trim()] = value;
  return out;
}

/** The builder request as a core model, reading picked files; throws with what to fix. */
export async function toRequestModel(request: BuilderRequest, files: FileLookup): Promise<RequestModel> {
  let body: RequestBody = { kind: 'none' };
  if (request.bodyKind === 'json' && request.body.trim() !== '') body = { kind: 'json', text: request.body };
  if (request.bodyKind === 'multipart') {
    const parts: MultipartPart[] = [];
    for (const part of request.form) {
      if (part.kind === 'field') {
        parts.push({ kind: 'field', name: part.name, value: part.value });
        continue;
      }
      if (!part.file) continue; // an optional file left empty
      const picked = files(part.file.fileId);
      if (!picked) throw new Error(`The file for "${part.name}" is no longer available; choose it again.`);
      parts.push({ kind: 'file', name: part.name, filename: picked.filename, ...(picked.contentType ? { contentType: picked.contentType } : {}), data: await picked.read() });
    }
    body = { kind: 'multipart', parts };
  }
  return {
    method: request.method,
    path: request.path,
    pathParams: request.pathParams,
    query: queryRecord(request.query),
    headers: headerRecord(request.headers),
    body,
    stream: request.stream,
  };
}

/** Checks and converts in one step. */
export async function toExecutableRequest(request: BuilderRequest, files: FileLookup): Promise<ExecutableRequest> {
  return toExecutable(await toRequestModel(request, files));
}
