import type { ClientCache, KeyTarget } from '../../core/execution/client-cache';
import type { ExecuteOptions, ExecutionResult } from '../../core/execution/execute';
import type { TestKeyResult } from '../../core/execution/test-key';
import { KeyRecord } from '../../core/keys/key-index';
import { ExecutableRequest } from '../../core/requests/request-model';
import { KeyVault } from '../keys/key-vault';
import { Logger } from '../common/logger';
import { Settings } from '../common/settings';

/**
 * Sends requests with a stored key. The secret is read from the vault at send time and goes only
 * to the SDK client; the SDK itself loads on the first request.
 */
export type RequestsModule = typeof import('./requests.lazy');

export class RequestRunner {
  private loaded: Promise<{ module: RequestsModule; clients: ClientCache }> | undefined;
  private readonly ranListeners = new Set<(result: ExecutionResult) => void>();

  constructor(
    private readonly vault: KeyVault,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {}

  private async target(record: KeyRecord): Promise<KeyTarget> {
    return {
      keyId: record.id,
      secret: await this.vault.getSecret(record.id),
      baseUrl: record.baseUrl,
      ...(record.organization ? { organization: record.organization } : {}),
      ...(record.project ? { project: record.project } : {}),
    };
  }

  /** The request machinery and the SDK client cache, loaded on first use. */
  requests(): Promise<{ module: RequestsModule; clients: ClientCache }> {
    this.loaded ??= import('./requests.lazy').then(
      (module) => ({ module, clients: new module.ClientCache() }),
      (error: unknown) => {
        this.loaded = undefined;
        throw error;
      },
    );
    return this.loaded;
  }

  /** Runs one request; settings supply timeouts and retries unless the caller overrides them. */
  async run(record: KeyRecord, request: ExecutableRequest, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    const { module, clients } = await this.requests();
    const result = await module.executeRequest(clients, await this.target(record), request, {
      timeoutMs: this.settings.requestTimeoutMs,
      maxRetries: this.settings.maxRetries,
      streamIdleTimeoutMs: this.settings.streamIdleTimeoutMs,
      ...options,
      knownSecrets: this.vault.knownSecrets(),
    });
    const status = result.status !== undefined ? `${result.status}` : result.outcome;
    const id = result.requestId ? ` (request id ${result.requestId})` : '';
    this.logger.info('request', `${request.method} ${result.path} with '${record.name}': ${status} in ${Math.round(result.durationMs)} ms${id}${result.error ? `: ${result.error.message}` : ''}`);
    for (const listener of this.ranListeners) listener(result);
    return result;
  }

  /** Called after every request that ran (the walkthrough ticks "send a first request"). Plain callbacks: the bench runs this class without vscode. */
  onDidRun(listener: (result: ExecutionResult) => void): { dispose(): void } {
    this.ranListeners.add(listener);
    return { dispose: () => this.ranListeners.delete(listener) };
  }

  /** One harmless read with the key: GET /models, or GET /organization/projects for admin keys. */
  async testKey(record: KeyRecord, signal: AbortSignal): Promise<TestKeyResult> {
    const { module, clients } = await this.requests();
    const result = await module.testKey(clients, await this.target(record), { signal, admin: record.kind === 'admin', maxRetries: 0, timeoutMs: this.settings.requestTimeoutMs });
    this.logger.info('test-key', `'${record.name}': ${result.verdict}${result.status !== undefined ? ` (${result.status})` : ''}${result.requestId ? `, request id ${result.requestId}` : ''}`);
    return result;
  }
}
