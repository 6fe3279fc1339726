/**
 * Copy as curl, Node or Python: the request as a command or a snippet that reads the key from
 * the environment ($OPENAI_API_KEY). The key itself is never an input here, and every text that
 * goes out is redacted once more in case a key was typed into the body.
 */
import { DEFAULT_BASE_URL } from '../../common/base-url';
import { isCredentialHeader } from '../../common/credential-headers';
import { redact } from '../../common/redaction';
import { checkJson } from '../../common/json-check';
import type { HttpMethod, MultipartField, QueryValue } from '../request-model';
import { bindPathToOrigin } from '../../execution/origin';

/** A file part as exports see it: only its name matters. */
export interface ExportFilePart {
  readonly kind: 'file';
  readonly name: string;
  readonly filename: string;
}

/** What an export needs; a RequestModel fits. */
export interface ExportRequest {
  readonly method: HttpMethod;
  readonly path: string;
  readonly pathParams?: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, QueryValue>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body:
    | { readonly kind: 'none' }
    | { readonly kind: 'json'; readonly text: string }
    | { readonly kind: 'multipart'; readonly parts: readonly (MultipartField | ExportFilePart)[] };
  readonly stream: boolean;
}

/** Where the request goes: the key's base URL, organization and project (never the key). */
export interface ExportTarget {
  readonly baseUrl: string;
  readonly organization?: string;
  readonly project?: string;
}


function asTarget(target: string | ExportTarget): ExportTarget {
  return typeof target === 'string' ? { baseUrl: target } : target;
}

/** Fills the path parameters that are given; a missing one stays as {name} for the user to fill. */
function concretePath(request: ExportRequest, baseUrl: string): string {
  const filled = request.path.replace(/\{([^{}/]+)\}/g, (m, name: string) => {
    const value = request.pathParams?.[name]?.trim();
    return value ? encodeURIComponent(value) : m;
  });
  return bindPathToOrigin(baseUrl, filled);
}

function queryString(query: Readonly<Record<string, QueryValue>>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') {
      if (value !== '') params.append(name, value);
    } else for (const v of value) params.append(name, v);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function extraHeaders(request: ExportRequest): [string, string][] {
  return Object.entries(request.headers).filter(([name]) => !isCredentialHeader(name) && name.trim().toLowerCase() !== 'content-type');
}

/** Single-quotes a word for POSIX shells. */
export function shellQuote(text: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The request as a curl command using $OPENAI_API_KEY; throws if the path leaves the base URL's origin. */
export function toCurl(request: ExportRequest, target: string | ExportTarget, knownSecrets: Iterable<string> = []): string {
  const t = asTarget(target);
  const url = `${t.baseUrl.replace(/\/+$/, '')}${concretePath(request, t.baseUrl)}${queryString(request.query)}`;
  const lines: string[] = [`curl ${shellQuote(url)}`];
  const hasBody = request.body.kind !== 'none';
  if (request.method !== 'GET' && !(request.method === 'POST' && hasBody)) lines.push(`-X ${request.method}`);
  if (request.stream) lines.push('-N');
  lines.push('-H "Authorization: Bearer $OPENAI_API_KEY"');
  if (t.organization) lines.push(`-H ${shellQuote(`OpenAI-Organization: ${t.organization}`)}`);
  if (t.project) lines.push(`-H ${shellQuote(`OpenAI-Project: ${t.project}`)}`);
  for (const [name, value] of extraHeaders(request)) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body.kind === 'json') {
    lines.push('-H "Content-Type: application/json"');
    lines.push(`-d ${shellQuote(request.body.text.trim())}`);
  } else if (request.body.kind === 'multipart') {
    for (const part of request.body.parts) {
      lines.push(part.kind === 'field' ? `-F ${shellQuote(`${part.name}=${part.value}`)}` : `-F ${shellQuote(`${part.name}=@${part.filename}`)}`);
    }
  }
  return redact(lines.join(' \\\n  '), knownSecrets);
}

/** A JSON value as JavaScript source (JSON is valid JavaScript), indented under `indent`. */
function jsValue(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${indent}`);
}

function jsString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

function clientOptionsJs(t: ExportTarget): string {
  const lines = ['  apiKey: process.env.OPENAI_API_KEY,'];
  if (t.baseUrl.replace(/\/+$/, '') !== DEFAULT_BASE_URL) lines.push(`  baseURL: ${jsString(t.baseUrl)},`);
  if (t.organization) lines.push(`  organization: ${jsString(t.organization)},`);
  if (t.project) lines.push(`  project: ${jsString(t.project)},`);
  return lines.join('\n');
}

/** The request as a Node.js snippet with the openai SDK (ES module, top-level await). */
export function toNodeSnippet(request: ExportRequest, target: string | ExportTarget, knownSecrets: Iterable<string> = []): string {
  const t = asTarget(target);
  const path = concretePath(request, t.baseUrl);
  const usesFiles = request.body.kind === 'multipart' && request.body.parts.some((p) => p.kind === 'file');
  const out: string[] = [];
  if (usesFiles) out.push("import { readFile } from 'node:fs/promises';");
  out.push("import OpenAI from 'openai';", '', `const client = new OpenAI({\n${clientOptionsJs(t)}\n});`, '');
  const opts: string[] = [];
  if (request.body.kind === 'json') {
    const check = checkJson(request.body.text);
    opts.push(`  body: ${check.ok ? jsValue(check.value, '  ') : `JSON.parse(${jsString(request.body.text)})`},`);
  } else if (request.body.kind === 'multipart') {
    out.push('const form = new FormData();');
    for (const part of request.body.parts) {
      out.push(part.kind === 'field'
        ? `form.append(${jsString(part.name)}, ${jsString(part.value)});`
        : `form.append(${jsString(part.name)}, new Blob([await readFile(${jsString(part.filename)})]), ${jsString(part.filename)});`);
    }
    out.push('');
    opts.push('  body: form,');
  }
  if (Object.keys(request.query).length) opts.push(`  query: ${jsValue(request.query, '  ')},`);
  const headers = Object.fromEntries(extraHeaders(request));
  if (Object.keys(headers).length) opts.push(`  headers: ${jsValue(headers, '  ')},`);
  if (request.stream) opts.push('  stream: true,');
  const call = `client.${request.method.toLowerCase()}(${jsString(path)}${opts.length ? `, {\n${opts.join('\n')}\n}` : ''})`;
  if (request.stream) out.push(`const stream = await ${call};`, 'for await (const event of stream) {', '  console.log(event);', '}');
  else out.push(`const response = await ${call};`, 'console.log(response);');
  return redact(out.join('\n') + '\n', knownSecrets);
}

/** A JSON value as a Python literal (True/False/None), indented under `indent`. */
export function pythonValue(value: unknown, indent = ''): string {
  const next = `${indent}    `;
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'None';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${next}${pythonValue(v, next)},`).join('\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${next}${JSON.stringify(k)}: ${pythonValue(v, next)},`).join('\n')}\n${indent}}`;
}

function pyString(text: string): string {
  return JSON.stringify(text);
}

/** The request as a Python snippet with the openai SDK's generic client methods. */
export function toPythonSnippet(request: ExportRequest, target: string | ExportTarget, knownSecrets: Iterable<string> = []): string {
  const t = asTarget(target);
  const path = concretePath(request, t.baseUrl);
  const args = ['    api_key=os.environ["OPENAI_API_KEY"],'];
  if (t.baseUrl.replace(/\/+$/, '') !== DEFAULT_BASE_URL) args.push(`    base_url=${pyString(t.baseUrl)},`);
  if (t.organization) args.push(`    organization=${pyString(t.organization)},`);
  if (t.project) args.push(`    project=${pyString(t.project)},`);
  const imports = request.stream ? 'from openai import OpenAI, Stream' : 'from openai import OpenAI';
  const out: string[] = ['import os', ...(request.body.kind === 'json' && !checkJson(request.body.text).ok ? ['import json'] : []), '', imports, '', `client = OpenAI(\n${args.join('\n')}\n)`, ''];
  const call: string[] = [`    ${pyString(path)},`, '    cast_to=object,'];
  const options: Record<string, unknown> = {};
  if (Object.keys(request.query).length) options.params = request.query;
  const headers: Record<string, string> = Object.fromEntries(extraHeaders(request));
  if (request.body.kind === 'json') {
    const check = checkJson(request.body.text);
    call.push(`    body=${check.ok ? pythonValue(check.value, '    ') : `json.loads(${pyString(request.body.text)})`},`);
  } else if (request.body.kind === 'multipart') {
    const fields = request.body.parts.filter((p): p is MultipartField => p.kind === 'field');
    const files = request.body.parts.filter((p): p is ExportFilePart => p.kind === 'file');
    if (fields.length) call.push(`    body=${pythonValue(Object.fromEntries(fields.map((f) => [f.name, f.value])), '    ')},`);
    if (files.length) call.push(`    files=[${files.map((f) => `(${pyString(f.name)}, (${pyString(f.filename)}, open(${pyString(f.filename)}, "rb")))`).join(', ')}],`);
    headers['Content-Type'] = 'multipart/form-data';
  }
  if (Object.keys(headers).length) options.headers = headers;
  if (Object.keys(options).length) call.push(`    options=${pythonValue(options, '    ')},`);
  if (request.stream) call.push('    stream=True,', '    stream_cls=Stream[object],');
  const method = request.method.toLowerCase();
  if (request.stream) out.push(`stream = client.${method}(\n${call.join('\n')}\n)`, 'for event in stream:', '    print(event)');
  else out.push(`response = client.${method}(\n${call.join('\n')}\n)`, 'print(response)');
  return redact(out.join('\n') + '\n', knownSecrets);
}
