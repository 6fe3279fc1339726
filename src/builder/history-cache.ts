/**
 * The builder's history kept parsed in memory (no 'vscode' here, so the bench runs this very code).
 * The stored value is parsed and cleaned once, and again only when a secret appears that the kept
 * entries were not cleaned with; an added entry is cleaned alone. The page's list is built once per change.
 *
 * Writes are deferred and coalesced: storing serialises every kept entry, so a burst of requests
 * stores the list once per WRITE_DELAY_MS instead of once per request, and `add` does not wait for it.
 * `flush` writes at once (on dispose). A failed write keeps the list in memory, is reported through
 * `onWriteFailed` and is retried with the next change (or the next flush).
 */
import { HistoryEntry, addToHistory, parseHistory } from '../core/requests/history';
import type { HistorySummary } from '../protocol/protocol';
import { historySummary } from './history-mapping';

/** Where the entries are stored (workspaceState in the extension). */
export interface HistoryStorage {
  get(): unknown;
  set(entries: readonly HistoryEntry[]): PromiseLike<void>;
}

/** How long changes are gathered into one write. */
export const WRITE_DELAY_MS = 250;

export class HistoryCache {
  private entries: HistoryEntry[] | undefined;
  /** The kept entries differ from the store (a write is due, or the last one failed). */
  private unsaved = false;
  private writeTimer: ReturnType<typeof setTimeout> | undefined;
  private cleanedWith = new Set<string>();
  private list: HistorySummary[] | undefined;
  /** Summaries of entries already listed, so an add builds only the new one. */
  private summaryOf = new WeakMap<HistoryEntry, HistorySummary | undefined>();

  constructor(
    private readonly storage: HistoryStorage,
    private readonly limit: () => number,
    private readonly secrets: () => Iterable<string>,
    private readonly onWriteFailed: (error: unknown) => void = () => undefined,
  ) {}

  /** The kept entries, newest first, cleaned with every secret known now. */
  read(): HistoryEntry[] {
    const secrets = [...this.secrets()];
    if (!this.entries || secrets.some((s) => !this.cleanedWith.has(s))) {
      // Unsaved entries are newer than the store: clean those, not the stored ones.
      this.entries = parseHistory(this.entries && this.unsaved ? this.entries : this.storage.get(), secrets);
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

  /** Cleans the new entry and puts it in front; the list is stored within WRITE_DELAY_MS. */
  add(entry: HistoryEntry): void {
    this.replace(addToHistory(this.read(), entry, this.limit(), this.secrets()));
  }

  clear(): void {
    this.replace([]);
  }

  /** The value stored, or about to be (a write pending), for tests that prove no key is kept. */
  raw(): unknown {
    return this.unsaved ? this.entries : this.storage.get();
  }

  /** Stores unsaved changes now (dispose, shutdown); resolves when the store has them (never rejects). */
  flush(): Promise<void> {
    if (this.writeTimer !== undefined) clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    return this.write();
  }

  private replace(next: HistoryEntry[]): void {
    this.entries = next;
    this.list = undefined;
    this.unsaved = true;
    this.writeTimer ??= setTimeout(() => {
      this.writeTimer = undefined;
      void this.write();
    }, WRITE_DELAY_MS);
  }

  /**
   * Stores the current list. Starts at once even while an earlier write runs (workspaceState keeps
   * the last value given), so a flush on dispose hands the store everything synchronously.
   */
  private async write(): Promise<void> {
    if (!this.unsaved || !this.entries) return;
    const entries = this.entries;
    this.unsaved = false;
    try {
      await this.storage.set(entries);
    } catch (error) {
      // The list stays in memory and is written again with the next change or flush.
      if (this.entries === entries) this.unsaved = true;
      this.onWriteFailed(error);
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
