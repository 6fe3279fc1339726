import * as vscode from 'vscode';
import type { HistorySummary } from '../../shared/protocol';
import { Disposable } from '../disposable';
import { HISTORY_VERSION, HistoryEntry, HistoryState, addEntry, parseHistory, summaries } from './history-model';

const STATE_KEY = 'openaiConnector.requestHistory';

/** The history in this workspace's workspaceState (see history-model.ts for what is kept). */
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

  private read(): HistoryState {
    return parseHistory(this.memento.get(STATE_KEY));
  }

  summaries(): HistorySummary[] {
    return summaries(this.read());
  }

  get(id: string): HistoryEntry | undefined {
    return this.read().entries.find((e) => e.id === id);
  }

  async add(entry: HistoryEntry): Promise<void> {
    await this.memento.update(STATE_KEY, addEntry(this.read(), entry, this.limit(), this.secrets()));
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.memento.update(STATE_KEY, { version: HISTORY_VERSION, entries: [] });
    this.changed.fire();
  }

  /** The raw stored value, for tests that prove no key is kept. */
  raw(): unknown {
    return this.memento.get(STATE_KEY);
  }
}
