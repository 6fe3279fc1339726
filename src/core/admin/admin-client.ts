/**
 * The Admin API client: pages lists by `after`/`has_more`, sends at most 4 requests at once,
 * honours 429 `retry-after`, and stops on an AbortSignal. It uses fetch with redirect: 'manual'
 * and sends the admin key only to its own base URL (a redirect is never followed).
 */
import { bindPathToOrigin } from '../execution/origin';
import { AdminKey, AdminProject, AdminServiceAccount, MintedKey, ProjectWithKeys, parseKey, parseProject } from './admin-types';

export type AdminErrorKind = 'invalid-admin-key' | 'not-admin-key' | 'missing-rights' | 'rate-limited' | 'network' | 'refused' | 'not-found' | 'redirect' | 'cancelled';

/** A failure in words; never holds a key value (OpenAI's own messages show keys redacted). */
export class AdminApiError extends Error {
  /** OpenAI's own error message, when it sent one (e.g. to decode "Missing scopes"). */
  openAIMessage?: string;
  constructor(readonly kind: AdminErrorKind, message: string, readonly status?: number) {
    super(message);
    this.name = 'AdminApiError';
  }
}

/** One time bucket of a costs or usage page; `results` are the endpoint's result objects. */
export interface UsageBucket {
  readonly start_time: number;
  readonly end_time: number;
  readonly results: readonly Record<string, unknown>[];
}

function isBucket(v: unknown): v is UsageBucket {
  const b = v as UsageBucket | null;
  return typeof b === 'object' && b !== null && typeof b.start_time === 'number' && Array.isArray(b.results);
}

export interface AdminClientOptions {
  /** The admin key's own base URL, e.g. https://api.openai.com/v1. */
  readonly baseUrl: string;
  readonly adminKey: string;
  readonly fetch?: typeof fetch;
  /** Most requests at once (default 4). */
  readonly maxConcurrent?: number;
  /** 429 retries per request (default 3). */
  readonly maxRetries?: number;
  /** Longest retry-after honoured, in ms (default 60 s); longer waits fail with a clear message. */
  readonly maxRetryWaitMs?: number;
  /** Items per page (1-100; default 100). */
  readonly pageSize?: number;
}

export interface ListProgress {
  readonly projectsRead: number;
  readonly projectsTotal?: number;
  readonly keysRead: number;
  readonly pagesRead: number;
}

const DEFAULT_RETRY_WAIT_MS = 1000;

/** retry-after in seconds or as an HTTP date → ms. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return DEFAULT_RETRY_WAIT_MS;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - now) : DEFAULT_RETRY_WAIT_MS;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function cancelled(): AdminApiError {
  return new AdminApiError('cancelled', 'Cancelled; nothing was changed.');
}

/** A counting semaphore: the 4-at-once limit shared by every call of one client. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly max: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

function openAIMessage(body: unknown): string | undefined {
  const error = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof error?.message === 'string' ? error.message : undefined;
}

export class AdminClient {
  private readonly fetchImpl: typeof fetch;
  private readonly limiter: Limiter;
  private readonly pageSize: number;

  constructor(private readonly opts: AdminClientOptions) {
    if (!opts.adminKey.startsWith('sk-admin-')) {
      throw new AdminApiError('not-admin-key', 'This needs an admin key (sk-admin-…, made at platform.openai.com → Organization settings → Admin keys); a project or service account key cannot manage the organization.');
    }
    this.fetchImpl = opts.fetch ?? fetch;
    this.limiter = new Limiter(opts.maxConcurrent ?? 4);
    this.pageSize = Math.min(100, Math.max(1, opts.pageSize ?? 100));
  }

  /** One request, retried on 429 after retry-after; the admin key goes only to the base URL's origin. */
  async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, signal?: AbortSignal): Promise<unknown> {
    const rel = bindPathToOrigin(this.opts.baseUrl, path);
    const url = `${this.opts.baseUrl.replace(/\/+$/, '')}${rel}`;
    const what = `${method} ${path.split('?')[0]}`;
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw cancelled();
      let response: Response;
      try {
        response = await this.limiter.run(() => this.fetchImpl(url, {
          method,
          redirect: 'manual',
          headers: { Authorization: `Bearer ${this.opts.adminKey}`, 'Content-Type': 'application/json' },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          ...(signal ? { signal } : {}),
        }));
      } catch (error) {
        if (signal?.aborted) throw cancelled();
        throw new AdminApiError('network', `The connection to ${new URL(url).host} failed during ${what} (${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}). Nothing after this point was read; try again.`);
      }
      if (response.status === 429 && attempt < (this.opts.maxRetries ?? 3)) {
        const wait = retryAfterMs(response.headers.get('retry-after'));
        if (wait <= (this.opts.maxRetryWaitMs ?? 60_000)) {
          await response.body?.cancel().catch(() => undefined);
          await sleep(wait, signal);
          continue;
        }
      }
      return this.read(response, what);
    }
  }

  private async read(response: Response, what: string): Promise<unknown> {
    if (response.status >= 300 && response.status < 400 || response.type === 'opaqueredirect') {
      throw new AdminApiError('redirect', `The server answered ${what} with a redirect; it was not followed, so the admin key went nowhere else. Check the admin key's base URL.`, response.status);
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    if (response.ok) return body;
    const said = openAIMessage(body);
    const quote = said ? ` OpenAI said: "${said}"` : '';
    try {
      this.fail(response.status, what, said, quote);
    } catch (error) {
      if (error instanceof AdminApiError && said) error.openAIMessage = said;
      throw error;
    }
  }

  private fail(status: number, what: string, said: string | undefined, quote: string): never {
    switch (status) {
      case 401:
        if (said && /Missing scopes?:/i.test(said)) throw new AdminApiError('missing-rights', `The admin key lacks a permission for ${what}.${quote}`, 401);
        throw new AdminApiError('invalid-admin-key', `The admin key was refused as invalid, expired or revoked (${what}). Make a new one at platform.openai.com → Organization settings → Admin keys, then Rotate API Key.`, 401);
      case 403:
        throw new AdminApiError('missing-rights', `Not allowed: ${what} needs an admin key of an organization owner.${quote}`, 403);
      case 404:
        throw new AdminApiError('not-found', `Not found: ${what}; it may have been deleted already.${quote}`, 404);
      case 429:
        throw new AdminApiError('rate-limited', `OpenAI is rate limiting the admin key (${what}); try again in a minute.`, 429);
      default:
        throw new AdminApiError('refused', `OpenAI refused ${what} (${status}).${quote}`, status);
    }
  }

  /**
   * Every bucket of a `/organization/costs` or `/organization/usage/*` range, page by page (`page` =
   * the previous `next_page` while `has_more`). Array parameters repeat (`group_by=a&group_by=b`).
   * `onPage` sees each page's buckets as they arrive; a bucket may continue on the next page.
   */
  async pageBuckets(path: string, query: Readonly<Record<string, string | number | readonly string[]>>, signal?: AbortSignal, onPage?: (buckets: readonly UsageBucket[]) => void): Promise<number> {
    let cursor: string | undefined;
    for (let pages = 1; ; pages++) {
      const params = new URLSearchParams();
      for (const [name, value] of Object.entries(query)) {
        for (const v of Array.isArray(value) ? value : [value]) params.append(name, String(v));
      }
      if (cursor) params.set('page', cursor);
      const page = (await this.request('GET', `${path}?${params}`, undefined, signal)) as { data?: unknown; has_more?: unknown; next_page?: unknown } | undefined;
      onPage?.(Array.isArray(page?.data) ? page.data.filter(isBucket) : []);
      const next = typeof page?.next_page === 'string' && page.next_page ? page.next_page : undefined;
      if (page?.has_more !== true || !next || next === cursor) return pages;
      cursor = next;
    }
  }

  /** Every item of a list, page by page (`after` = the last id while `has_more`). */
  async listAll<T>(path: string, query: Readonly<Record<string, string>>, parse: (v: unknown) => T, signal?: AbortSignal, onPage?: (items: readonly T[]) => void): Promise<T[]> {
    const items: T[] = [];
    let after: string | undefined;
    for (;;) {
      const params = new URLSearchParams({ ...query, limit: String(this.pageSize), ...(after ? { after } : {}) });
      const page = (await this.request('GET', `${path}?${params}`, undefined, signal)) as { data?: unknown; has_more?: unknown; last_id?: unknown } | undefined;
      const data = Array.isArray(page?.data) ? page.data.map(parse) : [];
      items.push(...data);
      onPage?.(data);
      const last = typeof page?.last_id === 'string' ? page.last_id : (data[data.length - 1] as { id?: string } | undefined)?.id;
      if (page?.has_more !== true || !last || last === after) return items;
      after = last;
    }
  }

  listProjects(signal?: AbortSignal, onPage?: (p: readonly AdminProject[]) => void): Promise<AdminProject[]> {
    return this.listAll('/organization/projects', {}, parseProject, signal, onPage);
  }

  /** Every enabled key: without owner_project_access=any, keys whose owner lost access may be left out. */
  listKeys(projectId: string, signal?: AbortSignal, onPage?: (k: readonly AdminKey[]) => void): Promise<AdminKey[]> {
    return this.listAll(`/organization/projects/${encodeURIComponent(projectId)}/api_keys`, { owner_project_access: 'any' }, (v) => parseKey(v, projectId), signal, onPage);
  }

  /** Projects and their keys; projects are read in parallel within the 4-request limit. */
  async listOrganization(signal?: AbortSignal, onProgress?: (p: ListProgress) => void): Promise<ProjectWithKeys[]> {
    const progress = { projectsRead: 0, keysRead: 0, pagesRead: 0 } as { projectsRead: number; projectsTotal?: number; keysRead: number; pagesRead: number };
    const projects = await this.listProjects(signal, () => {
      progress.pagesRead++;
      onProgress?.({ ...progress });
    });
    progress.projectsTotal = projects.length;
    onProgress?.({ ...progress });
    // Every project starts at once; the limiter keeps requests at 4 (a cursor is sequential per project).
    return Promise.all(projects.map(async (project) => {
      const keys = await this.listKeys(project.id, signal, (page) => {
        progress.pagesRead++;
        progress.keysRead += page.length;
        onProgress?.({ ...progress });
      });
      progress.projectsRead++;
      onProgress?.({ ...progress });
      return { project, keys };
    }));
  }

  /** A service account with no role and no key (create_service_account_only): never the unrestricted default. */
  async createServiceAccount(projectId: string, name: string, signal?: AbortSignal): Promise<AdminServiceAccount> {
    const v = (await this.request('POST', `/organization/projects/${encodeURIComponent(projectId)}/service_accounts`, { name, create_service_account_only: true }, signal)) as Record<string, unknown>;
    if (typeof v?.id !== 'string') throw new AdminApiError('refused', 'OpenAI answered the service account creation without an id.');
    if (v.api_key) throw new AdminApiError('refused', 'OpenAI created the service account with an unrestricted key although none was asked for; delete that account at platform.openai.com.');
    return { id: v.id, name: typeof v.name === 'string' ? v.name : name, role: typeof v.role === 'string' ? v.role : 'none' };
  }

  /**
   * A service account with the default role, whose creation returns an unrestricted key that lives
   * until the account is deleted. Only on the user's explicit choice.
   */
  async createServiceAccountWithDefaultKey(projectId: string, name: string, signal?: AbortSignal): Promise<{ account: AdminServiceAccount; key: MintedKey }> {
    const v = (await this.request('POST', `/organization/projects/${encodeURIComponent(projectId)}/service_accounts`, { name }, signal)) as Record<string, unknown>;
    const apiKey = v?.api_key as Record<string, unknown> | undefined;
    if (typeof v?.id !== 'string' || typeof apiKey?.value !== 'string' || typeof apiKey.id !== 'string') throw new AdminApiError('refused', 'OpenAI answered without a service account key.');
    return { account: { id: v.id, name, role: String(v.role ?? 'member') }, key: { id: apiKey.id, name: String(apiKey.name ?? name), value: apiKey.value } };
  }

  async mintKey(projectId: string, serviceAccountId: string, name: string, scopes: readonly string[], signal?: AbortSignal): Promise<MintedKey> {
    const v = (await this.request('POST', `/organization/projects/${encodeURIComponent(projectId)}/service_accounts/${encodeURIComponent(serviceAccountId)}/api_keys`, { name, scopes }, signal)) as Record<string, unknown>;
    if (typeof v?.value !== 'string' || typeof v.id !== 'string') throw new AdminApiError('refused', 'OpenAI answered the key creation without a key.');
    return { id: v.id, name: typeof v.name === 'string' ? v.name : name, value: v.value };
  }

  async deleteKey(projectId: string, keyId: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/organization/projects/${encodeURIComponent(projectId)}/api_keys/${encodeURIComponent(keyId)}`, undefined, signal);
  }

  async deleteServiceAccount(projectId: string, serviceAccountId: string, signal?: AbortSignal): Promise<void> {
    await this.request('DELETE', `/organization/projects/${encodeURIComponent(projectId)}/service_accounts/${encodeURIComponent(serviceAccountId)}`, undefined, signal);
  }
}
