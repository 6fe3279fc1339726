/**
 * Import from curl: a pasted command becomes a request for the builder. A key found in it
 * (Authorization: Bearer, api-key, -u) is handed back separately, to be offered for the vault,
 * and removed from the request everywhere it appeared.
 */
import type { HttpMethod, QueryValue } from '../request-model';
import { HTTP_METHODS } from '../request-model';
import { checkJson } from '../json-check';
import { REDACTED } from '../redaction';

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
  /** True when the command read the key from the environment ($OPENAI_API_KEY and the like). */
  readonly usesEnvironmentKey: boolean;
  readonly organization?: string;
  readonly project?: string;
  /** Things that were ignored or could not be taken over, in words. */
  readonly warnings: readonly string[];
}

/** Splits a shell command into words: quotes, $'...', backslash escapes and line continuations. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const s = text.replace(/\r\n?/g, '\n');
  while (i < s.length) {
    const c = s.charAt(i);
    if (c === '\\' && s.charAt(i + 1) === '\n') {
      i += 2; // POSIX line continuation
      continue;
    }
    if ((c === '^' || c === '`') && s.charAt(i + 1) === '\n') {
      i += 2; // cmd.exe and PowerShell continuations
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new Error('The command has an unterminated single quote.');
      word += s.slice(i + 1, end);
      i = end + 1;
    } else if (c === '$' && s.charAt(i + 1) === "'") {
      const { value, next } = ansiC(s, i + 2);
      word += value;
      i = next;
    } else if (c === '"') {
      i++;
      while (i < s.length && s.charAt(i) !== '"') {
        if (s.charAt(i) === '\\' && i + 1 < s.length && '"\\$`\n'.includes(s.charAt(i + 1))) {
          if (s.charAt(i + 1) !== '\n') word += s.charAt(i + 1);
          i += 2;
        } else word += s.charAt(i++);
      }
      if (i >= s.length) throw new Error('The command has an unterminated double quote.');
      i++;
    } else if (c === '\\' && i + 1 < s.length) {
      word += s.charAt(i + 1);
      i += 2;
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}

function ansiC(s: string, from: number): { value: string; next: number } {
  const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0' };
  let value = '';
  let i = from;
  while (i < s.length && s.charAt(i) !== "'") {
    if (s.charAt(i) === '\\' && i + 1 < s.length) {
      value += escapes[s.charAt(i + 1)] ?? s.charAt(i + 1);
      i += 2;
    } else value += s.charAt(i++);
  }
  if (i >= s.length) throw new Error("The command has an unterminated $'...' quote.");
  return { value, next: i + 1 };
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
  return /^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$/.test(value.trim()) || /^%[A-Za-z_][A-Za-z0-9_]*%$/.test(value.trim()) || /^\$env:[A-Za-z_]\w*$/i.test(value.trim());
}

/** Parses a curl command into a request; throws with a clear message when it is not one. */
export function parseCurl(text: string): ParsedCurl {
  const words = shellWords(text.trim());
  const program = words[0];
  if (program === undefined || !/^curl(\.exe)?$/i.test(program.replace(/^.*[\\/]/, ''))) {
    throw new Error('This is not a curl command: paste something that starts with "curl".');
  }
  const warnings: string[] = [];
  const headers: [string, string][] = [];
  const data: string[] = [];
  const form: CurlFormPart[] = [];
  let url: string | undefined;
  let method: string | undefined;
  let getMode = false;
  let jsonOption = false;
  let user: string | undefined;

  let i = 0;
  for (let next = words[++i]; next !== undefined; next = words[++i]) {
    let word = next;
    let value: string | undefined;
    const takeValue = (): string => {
      if (value !== undefined) return value;
      const following = words[++i];
      if (following === undefined) throw new Error(`The option ${word} needs a value.`);
      return following;
    };
    // --opt=value and -Xvalue forms.
    const long = /^(--[a-z0-9-]+)=(.*)$/s.exec(word);
    if (long?.[1] !== undefined) {
      word = long[1];
      value = long[2] ?? '';
    } else if (/^-[XHdFuA][^-]/.test(word) && word.length > 2) {
      value = word.slice(2);
      word = word.slice(0, 2);
    }
    if (word === '--url') url = takeValue();
    else if (word === '-X' || word === '--request') method = takeValue().toUpperCase();
    else if (word === '-H' || word === '--header') {
      const header = takeValue();
      const colon = header.indexOf(':');
      if (colon <= 0) warnings.push(`Ignored the header "${header.slice(0, 40)}": it has no "Name: value" form.`);
      else headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (DATA_OPTIONS.has(word)) {
      const d = takeValue();
      if (word === '--json') jsonOption = true;
      if (d.startsWith('@') && word !== '--data-raw') warnings.push(`The body is read from the file ${d.slice(1)}: paste its contents into the body.`);
      data.push(d);
    } else if (word === '-F' || word === '--form' || word === '--form-string') {
      form.push(parseFormPart(takeValue(), word === '--form-string'));
    } else if (word === '-u' || word === '--user') user = takeValue();
    else if (word === '-G' || word === '--get') getMode = true;
    else if (word === '-b' || word === '--cookie') {
      takeValue();
      warnings.push('Ignored the cookies: they are not needed for the OpenAI API.');
    } else if (FLAGS_WITHOUT_VALUE.has(word)) continue;
    else if (IGNORED_WITH_VALUE.has(word)) takeValue();
    else if (word.startsWith('-') && word.length > 1) warnings.push(`Ignored the option ${word}.`);
    else if (url === undefined) url = word;
    else warnings.push(`Ignored the extra argument "${word.slice(0, 40)}".`);
  }
  if (!url) throw new Error('The curl command has no URL.');

  let parsedUrl: URL;
  try {
    parsedUrl = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    throw new Error(`"${url.slice(0, 80)}" is not a valid URL.`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') throw new Error(`Only http and https URLs can be imported, not ${parsedUrl.protocol}`);

  // Credentials, organization and project belong to the key, not to the request.
  let extractedKey: string | undefined;
  let usesEnvironmentKey = false;
  let organization: string | undefined;
  let project: string | undefined;
  const kept: Record<string, string> = {};
  let contentType: string | undefined;
  const takeKey = (candidate: string): void => {
    const v = candidate.trim();
    if (!v) return;
    if (isEnvReference(v)) usesEnvironmentKey = true;
    else extractedKey ??= v;
  };
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      const token = /^Bearer\s+(.+)$/i.exec(value)?.[1];
      if (token !== undefined) takeKey(token);
      else warnings.push('Removed an Authorization header that is not a Bearer token.');
    } else if (lower === 'api-key' || lower === 'x-api-key') takeKey(value);
    else if (lower === 'openai-organization') organization = value;
    else if (lower === 'openai-project') project = value;
    else if (lower === 'content-type') contentType = value;
    else if (lower === 'cookie' || lower === 'proxy-authorization') warnings.push(`Removed the ${name} header.`);
    else if (lower === 'host' || lower === 'content-length') continue;
    else kept[name] = value;
  }
  if (user !== undefined) {
    const colon = user.indexOf(':');
    const [name, password] = colon >= 0 ? [user.slice(0, colon), user.slice(colon + 1)] : [user, ''];
    takeKey(password || name);
  }

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
  for (const name of ['api_key', 'api-key', 'key']) {
    const value = query[name];
    if (typeof value === 'string') {
      takeKey(value);
      delete query[name];
    }
  }

  let body: CurlBody = { kind: 'none' };
  if (form.length) {
    body = { kind: 'multipart', parts: form };
    if (data.length) warnings.push('Ignored -d data next to -F form parts.');
  } else if (data.length && getMode) {
    for (const pair of data.join('&').split('&')) {
      const eq = pair.indexOf('=');
      if (pair) addQuery(decodeURIComponent(eq >= 0 ? pair.slice(0, eq) : pair), decodeURIComponent(eq >= 0 ? pair.slice(eq + 1) : ''));
    }
  } else if (data.length) {
    const textBody = data.join('&');
    const looksJson = jsonOption || /json/i.test(contentType ?? '') || checkJson(textBody).ok;
    body = looksJson ? { kind: 'json', text: textBody } : { kind: 'text', text: textBody };
    if (!looksJson && contentType) kept['Content-Type'] = contentType;
  } else if (contentType && !/json|multipart/i.test(contentType)) kept['Content-Type'] = contentType;

  const defaultMethod = body.kind === 'none' || getMode ? 'GET' : 'POST';
  const finalMethod = (method ?? defaultMethod) as HttpMethod;
  if (!HTTP_METHODS.includes(finalMethod)) throw new Error(`The method ${method} is not supported; use ${HTTP_METHODS.join(', ')}.`);
  const stream = body.kind === 'json' ? streamRequested(body.text) : body.kind === 'multipart' && body.parts.some((p) => p.kind === 'field' && p.name === 'stream' && p.value === 'true');

  let request: CurlRequest = { method: finalMethod, baseUrl, path, query, headers: kept, body, stream };
  if (extractedKey) {
    // The key may also sit in the body or elsewhere: take it out of every string.
    const key = extractedKey;
    request = JSON.parse(JSON.stringify(request), (_k, v: unknown) => (typeof v === 'string' && v.includes(key) ? v.split(key).join(REDACTED) : v)) as CurlRequest;
  }
  return {
    request,
    usesEnvironmentKey,
    warnings,
    ...(extractedKey ? { extractedKey } : {}),
    ...(organization ? { organization } : {}),
    ...(project ? { project } : {}),
  };
}

function streamRequested(text: string): boolean {
  const check = checkJson(text);
  return check.ok && typeof check.value === 'object' && check.value !== null && (check.value as { stream?: unknown }).stream === true;
}

/** -F name=value, name=@path;type=mime;filename=x, or --form-string name=value. */
function parseFormPart(spec: string, literal: boolean): CurlFormPart {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new Error(`The form part "${spec.slice(0, 40)}" has no name=value form.`);
  const name = spec.slice(0, eq);
  const rest = spec.slice(eq + 1);
  if (literal || !rest.startsWith('@')) return { kind: 'field', name, value: rest };
  const [path = '', ...attrs] = rest.slice(1).split(';');
  const type = attrs.find((a) => a.trim().startsWith('type='))?.trim().slice(5);
  return { kind: 'file', name, path, ...(type ? { contentType: type } : {}) };
}
