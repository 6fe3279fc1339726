/**
 * Import from curl: a pasted command becomes a request for the builder. Every credential in it is
 * handed back separately, to be offered for the vault, and removed from the request: the value of
 * Authorization (Bearer or Basic), any *key/*token header, -u, --oauth2-bearer, key-named query
 * and JSON/form fields, and anything key-shaped anywhere else. No warning quotes key material.
 */
import type { HttpMethod, QueryValue } from '../request-model';
import { HTTP_METHODS } from '../request-model';
import { checkJson } from '../../common/json-check';
import { REDACTED, findKeyShapes, redact } from '../../common/redaction';
import { shellWords } from './shell-words';

export { shellWords } from './shell-words';

export type CurlFormPart =
  | { readonly kind: 'field'; readonly name: string; readonly value: string }
  /** A file the command uploads (-F name=@path); the host resolves the path. */
  | { readonly kind: 'file'; readonly name: string; readonly path: string; readonly contentType?: string };

export type CurlBody =
  | { readonly kind: 'none' }
  | { readonly kind: 'json'; readonly text: string }
  /** Non-JSON data (form-encoded or plain text). */
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'multipart'; readonly parts: readonly CurlFormPart[] };

export interface CurlRequest {
  readonly method: HttpMethod;
  /** Origin plus base path guessed from the URL, e.g. https://api.openai.com/v1. */
  readonly baseUrl: string;
  /** Path relative to baseUrl, e.g. /responses. */
  readonly path: string;
  readonly query: Readonly<Record<string, QueryValue>>;
  /** Headers left after credentials, organization, project and content type were taken out. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: CurlBody;
  readonly stream: boolean;
}

export interface ParsedCurl {
  readonly request: CurlRequest;
  /** The key the command carried, if any: offer it for the vault, never keep it in the request. */
  readonly extractedKey?: string;
  /** Further credentials the command carried; removed from the request like the first. */
  readonly otherKeys: readonly string[];
  /** True when the command read the key from the environment ($OPENAI_API_KEY and the like). */
  readonly usesEnvironmentKey: boolean;
  readonly organization?: string;
  readonly project?: string;
  /** Things that were ignored or could not be taken over, in words. */
  readonly warnings: readonly string[];
}

const FLAGS_WITHOUT_VALUE = new Set([
  '-s', '--silent', '-S', '--show-error', '-v', '--verbose', '-i', '--include', '-L', '--location', '-k', '--insecure',
  '--compressed', '-N', '--no-buffer', '-f', '--fail', '--fail-with-body', '-g', '--globoff', '--http1.1', '--http2', '-#', '--progress-bar', '-sS', '-Ss', '-sSL', '-fsSL',
]);
const IGNORED_WITH_VALUE = new Set([
  '-o', '--output', '-m', '--max-time', '--connect-timeout', '-A', '--user-agent', '-e', '--referer', '--retry', '--retry-delay', '-w', '--write-out', '-x', '--proxy', '--cacert', '--cert', '--key',
]);
const DATA_OPTIONS = new Set(['-d', '--data', '--data-raw', '--data-binary', '--data-ascii', '--data-urlencode', '--json']);

/** True for a header value that names an environment variable rather than a key. */
function isEnvReference(value: string): boolean {
  const v = value.trim();
  return /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(v) || /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(v) || /^\$env:[A-Za-z_]\w*$/i.test(v);
}

/** Header, query and field names whose value is a credential, whatever it looks like. */
const CREDENTIAL_NAME = /^(?:x-)?(?:openai-)?(?:api[-_]?key|apikey|key|access[-_]?token|auth[-_]?token|token|secret|password)$/i;

/** Body field names (JSON or form) whose value is a credential; narrower, since bodies carry data. */
const CREDENTIAL_FIELD = /^(?:openai[-_]?)?api[-_]?key$|^access[-_]?token$/i;

/** A fragment of the command for a warning: redacted first, then cut. */
function quote(text: string, max = 40): string {
  return redact(text).slice(0, max);
}

/** What the options of a curl command say, before any interpretation. */
interface CurlOptions {
  url?: string;
  method?: string;
  readonly headers: [string, string][];
  readonly data: string[];
  readonly form: CurlFormPart[];
  getMode: boolean;
  jsonOption: boolean;
  user?: string;
  bearer?: string;
  readonly warnings: string[];
}

/** Parses a curl command into a request; throws with a clear message when it is not one. */
export function parseCurl(text: string): ParsedCurl {
  try {
    return parseWords(shellWords(text.trim()));
  } catch (error) {
    // A message may quote the command: never let it carry key material.
    throw new Error(redact(error instanceof Error ? error.message : String(error)));
  }
}

function parseWords(words: string[]): ParsedCurl {
  const first = words[0];
  if (first === undefined || !/^curl(\.exe)?$/i.test(first.replace(/^.*[\\/]/, ''))) {
    throw new Error('This is not a curl command: paste something that starts with "curl".');
  }
  const options = readOptions(words);
  if (!options.url) throw new Error('The curl command has no URL.');
  const parsedUrl = parseUrl(options.url);
  const credentials = new Credentials();
  const { kept, contentType, organization, project } = splitHeaders(options, credentials);

  // Base URL: origin plus /v1 when the path starts with it (OpenAI and most compatible servers).
  const v1 = /^\/v1(\/|$)/.test(parsedUrl.pathname);
  const baseUrl = `${parsedUrl.origin}${v1 ? '/v1' : ''}`;
  const path = (v1 ? parsedUrl.pathname.slice(3) : parsedUrl.pathname) || '/';
  const query: Record<string, QueryValue> = {};
  const addQuery = (name: string, value: string): void => {
    const prev = query[name];
    query[name] = prev === undefined ? value : [...(typeof prev === 'string' ? [prev] : prev), value];
  };
  parsedUrl.searchParams.forEach((value, name) => addQuery(name, value));
  if (parsedUrl.username || parsedUrl.password) credentials.take(decodeURIComponent(parsedUrl.password || parsedUrl.username));

  const body = buildBody(options, contentType, kept, addQuery);
  for (const [name, value] of Object.entries(query)) {
    const values = typeof value === 'string' ? [value] : value;
    if (CREDENTIAL_NAME.test(name) || values.some((v) => findKeyShapes(v).length > 0)) {
      for (const v of values) credentials.take(CREDENTIAL_NAME.test(name) ? v : findKeyShapes(v).join(' '));
      delete query[name];
      options.warnings.push(`Removed the query parameter ${name}: it carried a key.`);
    }
  }
  const form = body.kind === 'multipart' ? body.parts.filter((part) => {
    if (part.kind !== 'field' || !CREDENTIAL_FIELD.test(part.name)) return true;
    credentials.take(part.value);
    options.warnings.push(`Removed the form field ${part.name}: it carried a key.`);
    return false;
  }) : [];

  const defaultMethod = body.kind === 'none' || options.getMode ? 'GET' : 'POST';
  const finalMethod = (options.method ?? defaultMethod) as HttpMethod;
  if (!HTTP_METHODS.includes(finalMethod)) throw new Error(`The method ${quote(options.method ?? '')} is not supported; use ${HTTP_METHODS.join(', ')}.`);
  const finalBody: CurlBody = body.kind === 'multipart' ? { kind: 'multipart', parts: form } : body.kind === 'json' ? { kind: 'json', text: credentials.takeFromJson(body.text) } : body;
  const stream = finalBody.kind === 'json' ? streamRequested(finalBody.text) : finalBody.kind === 'multipart' && finalBody.parts.some((p) => p.kind === 'field' && p.name === 'stream' && p.value === 'true');

  const request = credentials.removeFrom({ method: finalMethod, baseUrl, path, query, headers: kept, body: finalBody, stream });
  const [extractedKey, ...otherKeys] = credentials.keys;
  if (otherKeys.length) options.warnings.push(`The command carried ${otherKeys.length + 1} different keys; only the first is offered for the vault, and all were removed from the request.`);
  return {
    request,
    usesEnvironmentKey: credentials.fromEnvironment,
    warnings: options.warnings.map((w) => redact(w, credentials.keys)),
    otherKeys,
    ...(extractedKey ? { extractedKey } : {}),
    ...(organization ? { organization } : {}),
    ...(project ? { project } : {}),
  };
}

function readOptions(words: string[]): CurlOptions {
  const o: CurlOptions = { headers: [], data: [], form: [], getMode: false, jsonOption: false, warnings: [] };
  for (let i = 1; i < words.length; i++) {
    let word = words[i]!;
    let value: string | undefined;
    const takeValue = (): string => {
      if (value !== undefined) return value;
      const next = words[i + 1];
      if (next === undefined) throw new Error(`The option ${quote(word)} needs a value.`);
      i++;
      return next;
    };
    // --opt=value and -Xvalue forms.
    const long = /^(--[a-z0-9-]+)=(.*)$/s.exec(word);
    if (long) [word, value] = [long[1]!, long[2]!];
    else if (/^-[XHdFuA][^-]/.test(word) && word.length > 2) {
      value = word.slice(2);
      word = word.slice(0, 2);
    }
    if (word === '--url') o.url = takeValue();
    else if (word === '-X' || word === '--request') o.method = takeValue().toUpperCase();
    else if (word === '-H' || word === '--header') {
      const header = takeValue();
      const colon = header.indexOf(':');
      if (colon <= 0) o.warnings.push(`Ignored the header "${quote(header)}": it has no "Name: value" form.`);
      else o.headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (DATA_OPTIONS.has(word)) {
      const d = takeValue();
      if (word === '--json') o.jsonOption = true;
      if (d.startsWith('@') && word !== '--data-raw') o.warnings.push(`The body is read from the file ${quote(d.slice(1), 200)}: paste its contents into the body.`);
      o.data.push(d);
    } else if (word === '-F' || word === '--form' || word === '--form-string') {
      o.form.push(parseFormPart(takeValue(), word === '--form-string'));
    } else if (word === '-u' || word === '--user') o.user = takeValue();
    else if (word === '--oauth2-bearer') o.bearer = takeValue();
    else if (word === '-G' || word === '--get') o.getMode = true;
    else if (word === '-b' || word === '--cookie') {
      takeValue();
      o.warnings.push('Ignored the cookies: they are not needed for the OpenAI API.');
    } else if (FLAGS_WITHOUT_VALUE.has(word)) continue;
    else if (IGNORED_WITH_VALUE.has(word)) takeValue();
    else if (word.startsWith('-') && word.length > 1) o.warnings.push(`Ignored the option ${quote(word)}.`);
    else if (o.url === undefined) o.url = word;
    else o.warnings.push(`Ignored the extra argument "${quote(word)}".`);
  }
  return o;
}

function parseUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    throw new Error(`"${quote(url, 80)}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`Only http and https URLs can be imported, not ${parsed.protocol}`);
  return parsed;
}

/** Credentials, organization and project belong to the key, not to the request. */
function splitHeaders(o: CurlOptions, credentials: Credentials): { kept: Record<string, string>; contentType?: string; organization?: string; project?: string } {
  const kept: Record<string, string> = {};
  let contentType: string | undefined;
  let organization: string | undefined;
  let project: string | undefined;
  for (const [name, value] of o.headers) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const bearer = /^Bearer\s+(.+)$/i.exec(value);
      const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(value);
      // Another scheme's value is taken only where it holds a key shape: it may be no key at all.
      const shapes = findKeyShapes(basic ? Buffer.from(basic[1]!, 'base64').toString('utf8') : value);
      if (bearer) credentials.take(bearer[1]!);
      else if (shapes.length) credentials.take(shapes.join(' '));
      if (!bearer) o.warnings.push('Removed an Authorization header that is not a Bearer token.');
    } else if (CREDENTIAL_NAME.test(name)) credentials.take(value);
    else if (lower === 'openai-organization') organization = value;
    else if (lower === 'openai-project') project = value;
    else if (lower === 'content-type') contentType = value;
    else if (lower === 'cookie' || lower === 'proxy-authorization') o.warnings.push(`Removed the ${quote(name)} header.`);
    else if (lower === 'host' || lower === 'content-length') continue;
    else if (findKeyShapes(value).length) {
      credentials.take(findKeyShapes(value).join(' '));
      o.warnings.push(`Removed the ${quote(name)} header: it carried a key.`);
    } else kept[name] = value;
  }
  if (o.user !== undefined) credentials.takeUser(o.user);
  if (o.bearer !== undefined) credentials.take(o.bearer);
  return { kept, ...(contentType ? { contentType } : {}), ...(organization ? { organization } : {}), ...(project ? { project } : {}) };
}

function buildBody(o: CurlOptions, contentType: string | undefined, kept: Record<string, string>, addQuery: (name: string, value: string) => void): CurlBody {
  if (o.form.length) {
    if (o.data.length) o.warnings.push('Ignored -d data next to -F form parts.');
    return { kind: 'multipart', parts: o.form };
  }
  if (o.data.length && o.getMode) {
    for (const pair of o.data.join('&').split('&')) {
      const eq = pair.indexOf('=');
      if (pair) addQuery(safeDecode(eq >= 0 ? pair.slice(0, eq) : pair), safeDecode(eq >= 0 ? pair.slice(eq + 1) : ''));
    }
    return { kind: 'none' };
  }
  if (o.data.length) {
    const textBody = o.data.join('&');
    const looksJson = o.jsonOption || /json/i.test(contentType ?? '') || checkJson(textBody).ok;
    if (!looksJson && contentType) kept['Content-Type'] = contentType;
    return looksJson ? { kind: 'json', text: textBody } : { kind: 'text', text: textBody };
  }
  if (contentType && !/json|multipart/i.test(contentType)) kept['Content-Type'] = contentType;
  return { kind: 'none' };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The credentials found so far, and the removal of every one of them from the request. */
class Credentials {
  readonly keys: string[] = [];
  fromEnvironment = false;

  /** A value that is a credential; several key shapes in it are taken one by one. */
  take(candidate: string): void {
    const v = candidate.trim();
    if (!v) return;
    if (isEnvReference(v)) {
      this.fromEnvironment = true;
      return;
    }
    const shapes = findKeyShapes(v);
    for (const key of shapes.length ? shapes : [v]) if (!this.keys.includes(key)) this.keys.push(key);
  }

  /** user:password from -u or Basic: the password, or the user when there is none. */
  takeUser(user: string): void {
    const colon = user.indexOf(':');
    const [name, password] = colon >= 0 ? [user.slice(0, colon), user.slice(colon + 1)] : [user, ''];
    this.take(password || name);
  }

  /** Takes JSON fields named like credentials; the text keeps its layout (values are masked later). */
  takeFromJson(text: string): string {
    const check = checkJson(text);
    if (!check.ok) return text;
    const visit = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value !== null && typeof value === 'object') {
        for (const [name, inner] of Object.entries(value)) {
          if (typeof inner === 'string' && CREDENTIAL_FIELD.test(name) && inner.length >= 8) this.take(inner);
          else visit(inner);
        }
      }
    };
    visit(check.value);
    return text;
  }

  /** The request with every credential, and anything else key-shaped, replaced in every string. */
  removeFrom(request: CurlRequest): CurlRequest {
    for (const key of findKeyShapes(JSON.stringify(request))) this.take(key);
    if (this.keys.length === 0) return request;
    const keys = [...this.keys].sort((a, b) => b.length - a.length);
    const scrub = (v: string): string => keys.reduce((text, key) => (text.includes(key) ? text.split(key).join(REDACTED) : text), v);
    return JSON.parse(JSON.stringify(request), (_k, v: unknown) => (typeof v === 'string' ? scrub(v) : v)) as CurlRequest;
  }
}

function streamRequested(text: string): boolean {
  const check = checkJson(text);
  return check.ok && typeof check.value === 'object' && check.value !== null && (check.value as { stream?: unknown }).stream === true;
}

/** -F name=value, name=@path;type=mime;filename=x, or --form-string name=value. */
function parseFormPart(spec: string, literal: boolean): CurlFormPart {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`The form part "${quote(spec)}" has no name=value form.`);
  const name = spec.slice(0, eq);
  const rest = spec.slice(eq + 1);
  if (literal || !rest.startsWith('@')) return { kind: 'field', name, value: rest };
  const [path = '', ...attrs] = rest.slice(1).split(';');
  const type = attrs.find((a) => a.trim().startsWith('type='))?.trim().slice(5);
  return { kind: 'file', name, path, ...(type ? { contentType: type } : {}) };
}
