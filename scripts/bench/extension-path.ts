/**
 * The extension's request path as the request builder runs it, outside VS Code: BuilderRuns.send
 * (key lookup, path and body checks, the shared RequestRunner over executeRequest, stream batching,
 * the result view, history) with stand-ins only for what needs VS Code: the vault's storage, the
 * settings, the log channel, workspaceState, and postMessage (modelled as the JSON serialisation
 * VS Code does for every webview message).
 */
import { randomBytes } from 'node:crypto';
import { loadRouteCatalogue } from '../../src/core/catalogue/route-catalogue';
import { SdkModule, loadSdk } from '../../src/core/execution/client-cache';
import type { KeyRecord } from '../../src/core/keys/key-index';
import { checkPermission } from '../../src/core/permissions/permission-check';
import type { HistoryEntry } from '../../src/core/requests/history';
import { emptyMatrix } from '../../src/core/permissions/permission-model';
import { redact } from '../../src/core/common/redaction';
import type { BuilderRequest, HostMessage } from '../../src/protocol/protocol';
import { BuilderRuns } from '../../src/builder/builder-runs';
import { HistoryCache } from '../../src/builder/history-cache';
import { RequestRunner } from '../../src/vscode/execution/request-runner';
import type { Services } from '../../src/vscode/common/services';

/** A project key made at run time (never a literal), Restricted with Responses: Write, Model capabilities: Request and Files: Read. */
export function benchKey(baseUrl: string): { record: KeyRecord; secret: string } {
  const secret = `sk-proj-${randomBytes(36).toString('base64url')}`;
  const record: KeyRecord = {
    id: 'bench-key',
    name: 'bench',
    scope: { kind: 'global' },
    permission: { level: 'restricted', matrix: { ...emptyMatrix(), responses: 'write', 'model-capabilities': 'request', files: 'read' } },
    baseUrl,
    kind: 'project',
    last4: secret.slice(-4),
    createdAt: new Date().toISOString(),
  };
  return { record, secret };
}

/** Stand-in for KeyVault: the index lookup and the secret read, from memory. */
class StandInVault {
  constructor(private readonly record: KeyRecord, private readonly secret: string) {}
  get(id: string): KeyRecord | undefined {
    return id === this.record.id ? this.record : undefined;
  }
  async getSecret(id: string): Promise<string> {
    if (id !== this.record.id) throw new Error('no such key');
    return this.secret;
  }
  knownSecrets(): Iterable<string> {
    return [this.secret];
  }
}

/** Stand-in for the log channel: the same redaction on every line, kept in a short ring. */
class StandInLogger {
  private readonly lines: string[] = [];
  constructor(private readonly secrets: () => Iterable<string>) {}
  private add(component: string, message: string): void {
    this.lines.push(`[${component}] ${redact(message, this.secrets())}`);
    if (this.lines.length > 100) this.lines.shift();
  }
  info(component: string, message: string): void {
    this.add(component, message);
  }
  warn(component: string, message: string): void {
    this.add(component, message);
  }
  error(component: string, message: string): void {
    this.add(component, message);
  }
}

/**
 * Stand-in for HistoryStore: the real HistoryCache (what HistoryStore wraps), with workspaceState's
 * write modelled as the JSON serialisation VS Code does to store it; then, as the open panel does on
 * every change, the list is taken from it and posted to the page.
 */
export class StandInHistory {
  private stored: unknown = [];
  private readonly cache: HistoryCache;
  constructor(
    secrets: () => Iterable<string>,
    private readonly post: (message: HostMessage) => void,
  ) {
    this.cache = new HistoryCache({
      get: () => this.stored,
      set: async (entries) => {
        JSON.stringify(entries);
        this.stored = entries;
      },
    }, () => 50, secrets);
  }
  async add(entry: HistoryEntry): Promise<void> {
    await this.cache.add(entry);
    this.post({ type: 'history', entries: this.cache.summaries() });
  }
}

export interface RunObserver {
  /** Called for every message the host posts to the page, after serialising it. */
  onPost?(message: HostMessage, json: string): void;
  /** Called for every streamed event the runner sees (before batching). */
  onEvent?(): void;
}

export interface ExtensionPath {
  readonly record: KeyRecord;
  readonly secret: string;
  /**
   * One request as the builder's Send does it: the permission check an OpenAI key gets (the mock is
   * on loopback, where the builder skips it, so it is run here explicitly), then BuilderRuns.send.
   */
  send(request: BuilderRequest, observer?: RunObserver): Promise<void>;
}

export function extensionPath(baseUrl: string): ExtensionPath {
  const { record, secret } = benchKey(baseUrl);
  const vault = new StandInVault(record, secret);
  const secrets = (): Iterable<string> => vault.knownSecrets();
  const logger = new StandInLogger(secrets);
  const settings = { requestTimeoutMs: 600_000, maxRetries: 2, streamIdleTimeoutMs: 30_000 };
  const runner = new RequestRunner(vault as never, settings as never, logger as never);
  let observer: RunObserver | undefined;
  // Counts events where the runner sees them; everything else is the real runner.
  const observedRunner = {
    run: (r: KeyRecord, req: Parameters<RequestRunner['run']>[1], options: Parameters<RequestRunner['run']>[2] = {}) =>
      runner.run(r, req, { ...options, onEvent: (event, delta) => { observer?.onEvent?.(); options.onEvent?.(event, delta); } }),
  };
  const services = { vault, runner: observedRunner, logger } as unknown as Services;
  const post = (message: HostMessage): void => {
    const json = JSON.stringify(message);
    observer?.onPost?.(message, json);
  };
  const runs = new BuilderRuns(services, new StandInHistory(secrets, post) as never, () => undefined, post);
  const openAIKey: KeyRecord = { ...record, baseUrl: 'https://api.openai.com/v1' };
  let n = 0;
  return {
    record,
    secret,
    async send(request, obs) {
      observer = obs;
      const catalogue = await loadRouteCatalogue();
      catalogue.find(request.method, request.path);
      const check = checkPermission(openAIKey, request.method, request.path, catalogue);
      if (check.verdict !== 'allowed') throw new Error(`bench: the permission check said ${check.verdict}: ${check.reason}`);
      await runs.send({ type: 'send', requestId: `bench-${++n}`, keyId: record.id, request, override: false });
    },
  };
}

/**
 * The SDK module the extension loads (its `await import('openai')`), for the bare baseline too: both
 * sides then run the very same SDK code, so only the extension's own work differs.
 */
export function sameSdk(): Promise<SdkModule> {
  return loadSdk();
}

/** A builder request with a JSON body. */
export function jsonRequest(method: BuilderRequest['method'], path: string, body: unknown, stream = false): BuilderRequest {
  return { method, path, pathParams: {}, query: [], headers: [], bodyKind: 'json', body: JSON.stringify(body), form: [], stream };
}
