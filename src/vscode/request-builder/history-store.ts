import * as vscode from 'vscode';
import { HistoryEntry, addToHistory, parseHistory } from '../../core/history';
import type { HistorySummary } from '../../shared/protocol';
import { Disposable } from '../disposable';
import { historySummary } from './history-mapping';

const STATE_KEY = 'openaiConnector.requestHistory';

/**
 * The builder's history in this workspace's workspaceState, through the core history model:
 * entries are stripped of credential headers and redacted on the way in and on the way out.
 */
export class HistoryStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly limit: () => number,
    private readonly secrets: () => Iterable<string>,
  ) {
    super();
  }

  private read(): HistoryEntry[] {
    return parseHistory(this.memento.get(STATE_KEY), this.secrets());
  }

  summaries(): HistorySummary[] {
    return this.read().map(historySummary).filter((s): s is HistorySummary => s !== undefined);
  }

  get(id: string): HistoryEntry | undefined {
    return this.read().find((e) => e.id === id);
  }

  async add(entry: HistoryEntry): Promise<void> {
    await this.memento.update(STATE_KEY, addToHistory(this.read(), entry, this.limit(), this.secrets()));
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.memento.update(STATE_KEY, []);
    this.changed.fire();
  }

  /** The raw stored value, for tests that prove no key is kept. */
  raw(): unknown {
    return this.memento.get(STATE_KEY);
  }
}
