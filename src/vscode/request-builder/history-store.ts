import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/requests/history';
import type { HistorySummary } from '../../protocol/protocol';
import { Disposable } from '../common/disposable';
import { HistoryCache } from '../../builder/history-cache';
import { redactError } from '../../core/common/redaction';

const STATE_KEY = 'openaiConnector.requestHistory';

/**
 * The builder's history in this workspace's workspaceState, through the core history model:
 * entries are stripped of credential headers and redacted on the way in and when read back
 * (kept parsed in memory by HistoryCache, cleaned again when a new secret becomes known).
 * Stored within a moment of a change, not on every request; everything unsaved is written on dispose
 * (the panel closing, the extension deactivating). A failed write is logged, the list stays in memory
 * and the write is tried again with the next change.
 */
export class HistoryStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly cache: HistoryCache;

  constructor(memento: vscode.Memento, limit: () => number, secrets: () => Iterable<string>, logger: { warn(area: string, message: string): void }) {
    super();
    this.cache = new HistoryCache(
      { get: () => memento.get(STATE_KEY), set: (entries) => memento.update(STATE_KEY, entries) },
      limit,
      secrets,
      (error) => logger.warn('request-builder', `History not saved (kept for this session, saved again with the next request): ${redactError(error, secrets())}`),
    );
  }

  /** The page's list (built once per change). */
  summaries(): HistorySummary[] {
    return this.cache.summaries();
  }

  get(id: string): HistoryEntry | undefined {
    return this.cache.get(id);
  }

  /** Kept at once; stored shortly after (not waited for). */
  async add(entry: HistoryEntry): Promise<void> {
    this.cache.add(entry);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    this.cache.clear();
    this.changed.fire();
  }

  /** Writes unsaved changes now. */
  flush(): Promise<void> {
    return this.cache.flush();
  }

  /** The stored value (or the one about to be stored), for tests that prove no key is kept. */
  raw(): unknown {
    return this.cache.raw();
  }

  override dispose(): void {
    void this.cache.flush();
    super.dispose();
  }
}
