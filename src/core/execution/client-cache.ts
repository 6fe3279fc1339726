/**
 * OpenAI SDK clients, created lazily and cached per key. The SDK itself loads on first use
 * (`await import('openai')`, a separate chunk in the build). Every option the SDK would otherwise
 * read from OPENAI_* environment variables is passed explicitly, so none of them leak in.
 */
import type { OpenAI as OpenAIClass } from 'openai';

export type OpenAIClient = OpenAIClass;

/** The parts of the SDK module used here; the lazily loaded chunk exports exactly these. */
export interface SdkModule {
  readonly OpenAI: typeof OpenAIClass;
  readonly APIError: typeof import('openai').APIError;
  readonly APIUserAbortError: typeof import('openai').APIUserAbortError;
  readonly APIConnectionError: typeof import('openai').APIConnectionError;
  readonly APIConnectionTimeoutError: typeof import('openai').APIConnectionTimeoutError;
}

/** Where a key may be sent, and the secret itself (host side only). */
export interface KeyTarget {
  readonly keyId: string;
  readonly secret: string;
  readonly baseUrl: string;
  readonly organization?: string;
  readonly project?: string;
}

/** Sees every HTTP attempt of one request: the SDK calls fetch once per try. */
export interface AttemptObserver {
  /**
   * Called with the response of each attempt (retryCount 0 for the first try); may return a
   * replacement response for the SDK to read (e.g. one that counts bytes).
   */
  onResponse(response: Response, retryCount: number): Response | void;
  /** Called when an attempt failed without a response. */
  onNetworkError?(error: unknown, retryCount: number): void;
}

/** Key of the per-request observer inside `fetchOptions`; the client's fetch removes it. */
export const ATTEMPT_OBSERVER: unique symbol = Symbol('openaiConnector.attemptObserver');

/** Loads the SDK (once per process; Node caches the module). */
export async function loadSdk(): Promise<SdkModule> {
  const mod = await import('openai');
  return {
    OpenAI: mod.OpenAI ?? mod.default,
    APIError: mod.APIError,
    APIUserAbortError: mod.APIUserAbortError,
    APIConnectionError: mod.APIConnectionError,
    APIConnectionTimeoutError: mod.APIConnectionTimeoutError,
  };
}

/**
 * Names of headers that OPENAI_CUSTOM_HEADERS would add. The SDK reads that variable in its
 * constructor with no option to turn it off, so each name is overridden back to nothing.
 */
function envCustomHeaderNames(env: NodeJS.ProcessEnv): string[] {
  const raw = env.OPENAI_CUSTOM_HEADERS;
  if (!raw) return [];
  return raw
    .split('\n')
    .map((line) => line.slice(0, line.indexOf(':')).trim())
    .filter((name) => /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name));
}

/** Creates a client for one key with every option explicit (see module doc). */
export function createClient(sdk: SdkModule, target: KeyTarget, env: NodeJS.ProcessEnv = process.env): OpenAIClient {
  const defaultHeaders: Record<string, string | null> = {};
  for (const name of envCustomHeaderNames(env)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') defaultHeaders[name] = `Bearer ${target.secret}`;
    else if (lower === 'openai-organization') defaultHeaders[name] = target.organization ?? null;
    else if (lower === 'openai-project') defaultHeaders[name] = target.project ?? null;
    else defaultHeaders[name] = null;
  }
  return new sdk.OpenAI({
    apiKey: target.secret,
    adminAPIKey: null,
    baseURL: target.baseUrl,
    organization: target.organization ?? null,
    project: target.project ?? null,
    webhookSecret: null,
    logLevel: 'off',
    defaultHeaders,
    fetch: observingFetch,
  });
}

/**
 * fetch that never follows a redirect and reports each attempt to the observer carried in the
 * request's fetchOptions. A 3xx comes back to the SDK as it is (an error it does not retry on its
 * own): the key, the organization and project, the user's headers and the body go to the key's
 * base URL and nowhere else, even when its server points elsewhere.
 */
export const observingFetch = async (url: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const carried = init as (RequestInit & { [ATTEMPT_OBSERVER]?: AttemptObserver }) | undefined;
  const { [ATTEMPT_OBSERVER]: observer, ...clean } = carried ?? {};
  const request: RequestInit = { ...clean, redirect: 'manual' };
  if (!observer) return fetch(url, request);
  const retryCount = retryCountOf(clean.headers);
  let response: Response;
  try {
    response = await fetch(url, request);
  } catch (error) {
    observer.onNetworkError?.(error, retryCount);
    throw error;
  }
  return observer.onResponse(response, retryCount) ?? response;
};

function retryCountOf(headers: ConstructorParameters<typeof Headers>[0]): number {
  if (!headers) return 0;
  const value = headers instanceof Headers ? headers.get('x-stainless-retry-count') : new Headers(headers).get('x-stainless-retry-count');
  const n = Number(value ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/**
 * Clients per key id, base URL, organization and project; a rotated secret replaces the client.
 * The caller owns the cache; nothing is global.
 */
export class ClientCache {
  private readonly clients = new Map<string, { readonly secret: string; readonly client: OpenAIClient }>();
  private sdkPromise: Promise<SdkModule> | undefined;

  constructor(
    private readonly maxClients = 16,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The SDK module, loaded on first call. */
  sdk(): Promise<SdkModule> {
    this.sdkPromise ??= loadSdk().catch((error: unknown) => {
      this.sdkPromise = undefined;
      throw error;
    });
    return this.sdkPromise;
  }

  /** The client for a key, created on first use. */
  async client(target: KeyTarget): Promise<OpenAIClient> {
    const id = [target.keyId, target.baseUrl, target.organization ?? '', target.project ?? ''].join('\n');
    const existing = this.clients.get(id);
    if (existing?.secret === target.secret) return existing.client;
    const client = createClient(await this.sdk(), target, this.env);
    this.clients.delete(id);
    if (this.clients.size >= this.maxClients) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) this.clients.delete(oldest);
    }
    this.clients.set(id, { secret: target.secret, client });
    return client;
  }

  /** Drops the clients of one key (after rotation or removal). */
  forget(keyId: string): void {
    for (const id of [...this.clients.keys()]) if (id.startsWith(`${keyId}\n`)) this.clients.delete(id);
  }

  clear(): void {
    this.clients.clear();
  }

  get size(): number {
    return this.clients.size;
  }
}
