/**
 * The builder's history kept parsed in memory (no 'vscode' here, so the bench runs this very code).
 * The stored value is parsed and cleaned once, and again only when a secret appears that the kept
 * entries were not cleaned with; an added entry is cleaned alone. The page's list is built once per change.
 */
import { HistoryEntry, addToHistory, parseHistory } from '../core/requests/history';
import type { HistorySummary } from '../protocol/protocol';
import { historySummary } from './history-mapping';

/** Where the entries are stored (workspaceState in the extension). */
export interface HistoryStorage {
  get(): unknown;
  set(entries: readonly HistoryEntry[]): PromiseLike<void>;
}

export class HistoryCache {
  private entries: HistoryEntry[] | undefined;
  private cleanedWith = new Set<string>();
  private list: HistorySummary[] | undefined;
  /** Summaries of entries already listed, so an add builds only the new one. */
  private summaryOf = new WeakMap<HistoryEntry, HistorySummary | undefined>();

  constructor(
    private readonly storage: HistoryStorage,
    private readonly limit: () => number,
    private readonly secrets: () => Iterable<string>,
  ) {}

  /** The kept entries, newest first, cleaned with every secret known now. */
  read(): HistoryEntry[] {
    const secrets = [...this.secrets()];
    if (!this.entries || secrets.some((s) => !this.cleanedWith.has(s))) {
      this.entries = parseHistory(this.storage.get(), secrets);
      this.cleanedWith = new Set(secrets);
      this.list = undefined;
    }
    return this.entries;
  }

  /** The page's list, built once per change. */
  summaries(): HistorySummary[] {
    const entries = this.read();
    // Frozen, so the panel's last-line redaction remembers them as clean and walks only new ones.
    this.list ??= Object.freeze(entries.map((e) => this.summary(e)).filter((s): s is HistorySummary => s !== undefined)) as HistorySummary[];
    return this.list;
  }

  get(id: string): HistoryEntry | undefined {
    return this.read().find((e) => e.id === id);
  }

  /** Cleans the new entry, puts it in front and stores the list. */
  async add(entry: HistoryEntry): Promise<void> {
    const next = addToHistory(this.read(), entry, this.limit(), this.secrets());
    await this.replace(next);
  }

  async clear(): Promise<void> {
    await this.replace([]);
  }

  /** The raw stored value, for tests that prove no key is kept. */
  raw(): unknown {
    return this.storage.get();
  }

  private async replace(next: HistoryEntry[]): Promise<void> {
    // Kept before the write resolves, as workspaceState does, so an add right after sees this one.
    this.entries = next;
    this.list = undefined;
    try {
      await this.storage.set(next);
    } catch (error) {
      this.entries = undefined; // read the store again next time
      throw error;
    }
  }

  private summary(entry: HistoryEntry): HistorySummary | undefined {
    if (this.summaryOf.has(entry)) return this.summaryOf.get(entry);
    const built = historySummary(entry);
    const summary = built && Object.freeze(built);
    this.summaryOf.set(entry, summary);
    return summary;
  }
}
