/**
 * The extension's request path as the request builder runs it, outside VS Code: the production
 * BuilderPanel receives the page's `send` message (the router's validation and ready handshake),
 * BuilderRuns decides (`decideSend`, with the mock's origin treated as OpenAI's as the test host
 * does, so the permission check really runs), the shared RequestRunner executes, the result view and
 * the history (the real HistoryStore) follow, and BuilderPanel.post scrubs every message. Stand-ins
 * only where VS Code would be: the vault's storage, the settings, workspaceState, the log channel and
 * the webview's postMessage, modelled as the JSON serialisation VS Code does for every message.
 */
import './vscode-hook';
import { randomBytes } from 'node:crypto';
import { SdkModule, loadSdk } from '../../src/core/execution/client-cache';
import type { KeyRecord } from '../../src/core/keys/key-index';
import { emptyMatrix } from '../../src/core/permissions/permission-model';
import type { HistoryEntry } from '../../src/core/requests/history';
import { BuilderRequest, HostMessage, PROTOCOL_VERSION } from '../../src/protocol/protocol';
import { HistoryCache } from '../../src/builder/history-cache';
import { BuilderPanel, PanelContext } from '../../src/vscode/request-builder/builder-panel';
import { HistoryStore } from '../../src/vscode/request-builder/history-store';
import { Logger } from '../../src/vscode/common/logger';
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
  private readonly listeners = new Set<() => void>();
  constructor(private readonly record: KeyRecord, private readonly secret: string) {}
  usableHere(id: string): KeyRecord {
    if (id !== this.record.id) throw new Error('no such key');
    return this.record;
  }
  get(id: string): KeyRecord | undefined {
    return id === this.record.id ? this.record : undefined;
  }
  visibleKeys(): KeyRecord[] {
    return [this.record];
  }
  activeKey(): KeyRecord | undefined {
    return this.record;
  }
  isSecretMissing(): boolean {
    return false;
  }
  async getSecret(id: string): Promise<string> {
    if (id !== this.record.id) throw new Error('no such key');
    return this.secret;
  }
  knownSecrets(): Iterable<string> {
    return [this.secret];
  }
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }
}

/** workspaceState for the history: what `update` stores is serialised, as VS Code does. */
function standInMemento(): { get(key: string): unknown; update(key: string, value: unknown): Promise<void> } {
  const values = new Map<string, unknown>();
  return {
    get: (key) => values.get(key),
    update: async (key, value) => {
      JSON.stringify(value);
      values.set(key, value);
    },
  };
}

/**
 * The history write alone (HistoryCache is what HistoryStore wraps) followed by the list the open
 * panel posts on every change, for the bench row that isolates it.
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
    this.cache.add(entry);
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
  /** One request as the page's Send posts it, handled by the production panel until its last message. */
  send(request: BuilderRequest, observer?: RunObserver): Promise<void>;
}

export async function extensionPath(baseUrl: string): Promise<ExtensionPath> {
  const { record, secret } = benchKey(baseUrl);
  const vault = new StandInVault(record, secret);
  const logger = new Logger();
  logger.setSecretSource(() => vault.knownSecrets());
  // The test host's setting: this origin is OpenAI's, so decideSend runs the permission check.
  const settings = { requestTimeoutMs: 600_000, maxRetries: 2, streamIdleTimeoutMs: 30_000, historySize: 50, testOpenAIOrigins: [new URL(baseUrl).origin] };
  const runner = new RequestRunner(vault as never, settings as never, logger);
  let observer: RunObserver | undefined;
  // Counts events where the runner sees them; everything else is the real runner.
  const observedRunner = {
    run: (r: KeyRecord, req: Parameters<RequestRunner['run']>[1], options: Parameters<RequestRunner['run']>[2] = {}) =>
      runner.run(r, req, { ...options, onEvent: (event, delta) => { observer?.onEvent?.(); options.onEvent?.(event, delta); } }),
  };
  const extensionUri = { scheme: 'file', path: '/bench-extension', toString: () => 'file:///bench-extension' };
  const services = { vault, runner: observedRunner, logger, settings, context: { extensionUri }, testMode: false } as unknown as Services;
  const history = new HistoryStore(standInMemento() as never, () => settings.historySize, () => vault.knownSecrets(), logger);
  const webview = {
    options: {},
    html: '',
    cspSource: 'bench:',
    asWebviewUri: (uri: unknown) => uri,
    onDidReceiveMessage: () => ({ dispose() {} }),
    postMessage: async (message: HostMessage): Promise<boolean> => {
      const json = JSON.stringify(message);
      observer?.onPost?.(message, json);
      return true;
    },
  };
  const panel = { webview, visible: true, onDidDispose: () => ({ dispose() {} }), onDidChangeViewState: () => ({ dispose() {} }), reveal() {} };
  const unused = (): never => {
    throw new Error('bench: not used');
  };
  const ctx = { services, history, saved: {}, files: { lookup: () => undefined }, curl: {}, importCurl: unused, saveRequest: unused } as unknown as PanelContext;
  const builder = new BuilderPanel(panel as never, ctx);
  let replies = 0;
  observer = { onPost: (m) => { if (m.type === 'routes' || m.type === 'routesFailed') replies++; } };
  await builder.receive(JSON.parse(JSON.stringify({ type: 'ready', protocol: PROTOCOL_VERSION })));
  if (replies !== 1 || !builder.isReady) throw new Error('bench: the panel did not complete its ready handshake');
  let n = 0;
  return {
    record,
    secret,
    async send(request, obs) {
      let refused: string | undefined;
      observer = {
        onPost: (message, json) => {
          if (message.type === 'permission' || message.type === 'protocolError' || (message.type === 'reply' && !message.ok)) refused ??= json;
          obs?.onPost?.(message, json);
        },
        ...(obs?.onEvent ? { onEvent: obs.onEvent } : {}),
      };
      // What VS Code hands the host: the page's message, deserialised.
      await builder.receive({ type: 'send', requestId: `bench-${++n}`, keyId: record.id, request, override: false });
      if (refused) throw new Error(`bench: the panel did not run the request: ${refused}`);
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
