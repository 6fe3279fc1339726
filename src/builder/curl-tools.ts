/**
 * Export (curl, Node, Python) and curl import for the builder, on top of the core converters in
 * src/core/requests/export/. Exports read the key from $OPENAI_API_KEY, never the key itself; an imported
 * command's key is handed back separately and never stays in the request.
 */
import { DEFAULT_BASE_URL } from '../core/common/base-url';
import { loadRouteCatalogue } from '../core/catalogue/route-catalogue';
import { ExportRequest, toCurl, toNodeSnippet, toPythonSnippet } from '../core/requests/export/code-export';
import { CurlRequest, parseCurl } from '../core/requests/export/curl-import';
import { checkJson } from '../core/common/json-check';
import type { KeyRecord } from '../core/keys/key-index';
import { pathParamNames } from '../core/requests/request-model';
import type { BuilderRequest, ExportFormat, FormPart, NameValue } from '../protocol/protocol';
import { headerRecord, queryRecord } from './builder-request';

export interface ParsedCurl {
  readonly request: BuilderRequest;
  /** A key found in the command (Authorization: Bearer, api-key, -u); removed from `request`. */
  readonly secret?: string;
  /** Base URL the command targeted, e.g. https://api.openai.com/v1. */
  readonly baseUrl?: string;
  readonly warnings: readonly string[];
}

export interface CurlTools {
  exportRequest(format: ExportFormat, request: BuilderRequest, key: KeyRecord | undefined, filename: (fileId: string) => string | undefined): string;
  parse(text: string): Promise<ParsedCurl>;
}

/** The builder request in the shape the exporters take. */
export function toExportRequest(request: BuilderRequest, filename: (fileId: string) => string | undefined): ExportRequest {
  const body: ExportRequest['body'] = request.bodyKind === 'json' && request.body.trim() !== ''
    ? { kind: 'json', text: request.body }
    : request.bodyKind === 'multipart'
      ? {
        kind: 'multipart',
        parts: request.form.map((p) => (p.kind === 'field'
          ? { kind: 'field' as const, name: p.name, value: p.value }
          : { kind: 'file' as const, name: p.name, filename: (p.file && filename(p.file.fileId)) ?? p.file?.filename ?? 'path/to/file' })),
      }
      : { kind: 'none' };
  return {
    method: request.method,
    path: request.path.trim(),
    pathParams: request.pathParams,
    query: queryRecord(request.query),
    headers: headerRecord(request.headers),
    body,
    stream: request.stream,
  };
}

function rows(record: Readonly<Record<string, string | readonly string[]>>): NameValue[] {
  const out: NameValue[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (typeof value === 'string') out.push({ name, value });
    else for (const v of value) out.push({ name, value: v });
  }
  return out;
}

/** A parsed curl request as a builder request (path as typed; the route is matched later). */
export function fromCurlRequest(curl: CurlRequest): { request: BuilderRequest; warnings: string[] } {
  const warnings: string[] = [];
  let bodyKind: BuilderRequest['bodyKind'] = 'none';
  let body = '';
  let form: FormPart[] = [];
  switch (curl.body.kind) {
    case 'json': {
      bodyKind = 'json';
      const check = checkJson(curl.body.text);
      body = check.ok ? JSON.stringify(check.value, null, 2) : curl.body.text;
      break;
    }
    case 'text':
      bodyKind = 'json';
      body = curl.body.text;
      warnings.push('The command sends a body that is not JSON; it was put in the JSON editor as is.');
      break;
    case 'multipart':
      bodyKind = 'multipart';
      form = curl.body.parts.map((p) => (p.kind === 'field' ? { kind: 'field', name: p.name, value: p.value } : { kind: 'file', name: p.name }));
      for (const p of curl.body.parts) if (p.kind === 'file') warnings.push(`Choose the file for "${p.name}" again (${p.path}).`);
      break;
    case 'none':
      break;
  }
  return {
    request: { method: curl.method, path: curl.path, pathParams: {}, query: rows(curl.query), headers: rows(curl.headers), bodyKind, body, form, stream: curl.stream },
    warnings,
  };
}

/** Puts a concrete path back on its catalogue route: template, path parameters and operationId. */
export async function matchRoute(request: BuilderRequest): Promise<BuilderRequest> {
  try {
    const catalogue = await loadRouteCatalogue();
    const match = catalogue.find(request.method, request.path);
    if (!match) return request;
    const pathParams: Record<string, string> = {};
    for (const name of pathParamNames(match.route.path)) pathParams[name] = match.params[name] ?? '';
    return { ...request, path: match.route.path, pathParams, operationId: match.route.operationId };
  } catch {
    return request;
  }
}

export function createCurlTools(secrets: () => Iterable<string>): CurlTools {
  return {
    exportRequest(format, request, key, filename) {
      const target = key
        ? { baseUrl: key.baseUrl, ...(key.organization ? { organization: key.organization } : {}), ...(key.project ? { project: key.project } : {}) }
        : { baseUrl: DEFAULT_BASE_URL };
      const model = toExportRequest(request, filename);
      switch (format) {
        case 'curl': return toCurl(model, target, secrets());
        case 'node': return toNodeSnippet(model, target, secrets());
        case 'python': return toPythonSnippet(model, target, secrets());
      }
    },
    async parse(text) {
      const parsed = parseCurl(text);
      const { request, warnings } = fromCurlRequest(parsed.request);
      return {
        request: await matchRoute(request),
        ...(parsed.extractedKey ? { secret: parsed.extractedKey } : {}),
        baseUrl: parsed.request.baseUrl,
        warnings: [...parsed.warnings, ...warnings],
      };
    },
  };
}
