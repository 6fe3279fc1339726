import * as vscode from 'vscode';
import type { HistoryEntry } from '../../core/requests/history';
import type { HistorySummary } from '../../protocol/protocol';
import { Disposable } from '../common/disposable';
import { HistoryCache } from '../../builder/history-cache';

const STATE_KEY = 'openaiConnector.requestHistory';

/**
 * The builder's history in this workspace's workspaceState, through the core history model:
 * entries are stripped of credential headers and redacted on the way in and when read back
 * (kept parsed in memory by HistoryCache, cleaned again when a new secret becomes known).
 */
export class HistoryStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly cache: HistoryCache;

  constructor(memento: vscode.Memento, limit: () => number, secrets: () => Iterable<string>) {
    super();
    this.cache = new HistoryCache({ get: () => memento.get(STATE_KEY), set: (entries) => memento.update(STATE_KEY, entries) }, limit, secrets);
  }

  /** The page's list (built once per change). */
  summaries(): HistorySummary[] {
    return this.cache.summaries();
  }

  get(id: string): HistoryEntry | undefined {
    return this.cache.get(id);
  }

  async add(entry: HistoryEntry): Promise<void> {
    await this.cache.add(entry);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.cache.clear();
    this.changed.fire();
  }

  /** The raw stored value, for tests that prove no key is kept. */
  raw(): unknown {
    return this.cache.raw();
  }
}
