/**
 * Pure edits of the builder's request: filling it from a route or a template, the stream switch,
 * and the checks that block Send. No DOM here, so the unit tests run it under Node.
 */
import type { JsonValue, RouteInfo } from '../core/catalogue/route-types';
import { checkJson } from '../core/common/json-check';
import { checkHeaders, pathParamNames } from '../core/requests/request-model';
import type { BuilderRequest, FormPart, NameValue } from '../protocol/protocol';
import type { RequestTemplate } from './templates';

function pretty(value: JsonValue | undefined): string {
  return value === undefined ? '{}' : JSON.stringify(value, null, 2);
}

function formFrom(fields: Readonly<Record<string, unknown>> | undefined, fileFields: readonly string[]): FormPart[] {
  const parts: FormPart[] = fileFields.map((name) => ({ kind: 'file', name }));
  for (const [name, value] of Object.entries(fields ?? {})) {
    parts.push({ kind: 'field', name, value: typeof value === 'string' ? value : JSON.stringify(value) });
  }
  return parts;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request pre-filled from a catalogue route: its example body, empty parameter fields. */
export function requestForRoute(route: RouteInfo): BuilderRequest {
  const query: NameValue[] = route.params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, value: '' }));
  // A query the spec writes into the path (e.g. beta=true) is part of the route.
  for (const pair of (route.fixedQuery ?? '').split('&').filter(Boolean)) {
    const [name = '', value = ''] = pair.split('=').map(decodeURIComponent);
    query.push({ name, value });
  }
  const pathParams: Record<string, string> = {};
  for (const p of route.params) if (p.in === 'path') pathParams[p.name] = '';
  for (const name of pathParamNames(route.path)) pathParams[name] ??= '';
  const bodyKind = route.body === 'json' || route.body === 'multipart' ? route.body : 'none';
  return {
    method: route.method,
    path: route.path,
    operationId: route.operationId,
    pathParams,
    query,
    headers: [],
    bodyKind,
    body: bodyKind === 'json' ? pretty(route.example) : '',
    form: bodyKind === 'multipart' ? formFrom(isObject(route.example) ? route.example : undefined, route.fileFields) : [],
    stream: false,
  };
}

/** A request from a hand-picked template, using its route for parameter fields when known. */
export function requestForTemplate(template: RequestTemplate, route: RouteInfo | undefined): BuilderRequest {
  const base = route ? requestForRoute(route) : { ...requestForRoute(customRoute(template.method, template.path)), operationId: template.operationId };
  if (template.form) {
    return { ...base, bodyKind: 'multipart', body: '', form: formFrom(template.form, route?.fileFields ?? ['file']) };
  }
  if (template.body !== undefined) return { ...base, bodyKind: 'json', body: pretty(template.body), form: [], stream: template.stream === true };
  return { ...base, bodyKind: 'none', body: '', form: [] };
}

/** Stand-in route for a path typed by hand (no catalogue entry). */
export function customRoute(method: RouteInfo['method'], path: string): RouteInfo {
  return {
    operationId: 'custom', method, path, tag: 'Custom', summary: 'Custom path', group: 'models', access: 'read', adminOnly: false,
    body: method === 'GET' || method === 'DELETE' ? 'none' : 'json', streaming: false, deprecated: false, params: [], fileFields: [],
  };
}

/** Keeps the path parameters in step with a hand-edited path: new names appear, gone ones leave. */
export function withPath(request: BuilderRequest, path: string, route: RouteInfo | undefined): BuilderRequest {
  const names = pathParamNames(path);
  const pathParams: Record<string, string> = {};
  for (const name of names) pathParams[name] = request.pathParams[name] ?? '';
  const stillRoute = route !== undefined && route.path === path && route.method === request.method;
  const { operationId: _dropped, ...rest } = request;
  return { ...rest, path, pathParams, ...(stillRoute ? { operationId: route.operationId } : {}) };
}

/**
 * Turns streaming on or off: on a JSON body it sets or removes "stream" at the top level (the body
 * must be a valid JSON object); on a multipart body it sets a `stream` field.
 */
export function setStream(request: BuilderRequest, on: boolean): { request: BuilderRequest; error?: string } {
  if (request.bodyKind === 'json') {
    const check = checkJson(request.body.trim() === '' ? '{}' : request.body);
    if (!check.ok) return { request, error: `Fix the body first: ${check.message}` };
    if (!isObject(check.value)) return { request, error: 'Streaming needs a JSON object body.' };
    const value: Record<string, unknown> = { ...check.value };
    if (on) value.stream = true;
    else delete value.stream;
    return { request: { ...request, body: JSON.stringify(value, null, 2), stream: on } };
  }
  if (request.bodyKind === 'multipart') {
    const form = request.form.filter((p) => !(p.kind === 'field' && p.name === 'stream'));
    if (on) form.push({ kind: 'field', name: 'stream', value: 'true' });
    return { request: { ...request, form, stream: on } };
  }
  return { request: { ...request, stream: false }, error: on ? 'This request has no body to ask for a stream.' : undefined };
}

/** After the body text changed: the stream flag follows `"stream": true` in valid JSON. */
export function syncStream(request: BuilderRequest): BuilderRequest {
  if (request.bodyKind === 'multipart') return { ...request, stream: request.form.some((p) => p.kind === 'field' && p.name === 'stream' && p.value === 'true') };
  if (request.bodyKind !== 'json') return request.stream ? { ...request, stream: false } : request;
  const check = checkJson(request.body);
  if (!check.ok) return request;
  const stream = isObject(check.value) && check.value.stream === true;
  return stream === request.stream ? request : { ...request, stream };
}

export interface Problem {
  readonly where: 'params' | 'headers' | 'body' | 'path';
  readonly message: string;
  /** Character offset of a JSON error in the body. */
  readonly offset?: number;
}

/** Everything that must be fixed before the request can be sent; empty when it is ready. */
export function problems(request: BuilderRequest, route: RouteInfo | undefined): Problem[] {
  const out: Problem[] = [];
  if (!request.path.trim()) out.push({ where: 'path', message: 'Pick a route or type a path such as /models.' });
  for (const name of pathParamNames(request.path)) {
    if (!request.pathParams[name]?.trim()) out.push({ where: 'params', message: `Path parameter {${name}} is required.` });
  }
  for (const param of route?.params ?? []) {
    if (param.in === 'query' && param.required && !request.query.some((q) => q.name === param.name && q.value.trim() !== '')) {
      out.push({ where: 'params', message: `Query parameter ${param.name} is required.` });
    }
  }
  try {
    checkHeaders(Object.fromEntries(request.headers.map((h) => [h.name, h.value])));
  } catch (error) {
    out.push({ where: 'headers', message: error instanceof Error ? error.message : String(error) });
  }
  if (request.bodyKind === 'json' && request.body.trim() !== '') {
    const check = checkJson(request.body);
    if (!check.ok) out.push({ where: 'body', message: check.message, offset: check.offset });
  }
  if (request.bodyKind === 'multipart') {
    for (const part of request.form) {
      if (!part.name.trim()) out.push({ where: 'body', message: 'Every form part needs a name.' });
      else if (part.kind === 'file' && !part.file && route?.fileFields[0] === part.name) {
        out.push({ where: 'body', message: `Choose a file for "${part.name}".` });
      }
    }
  }
  return out;
}

