import * as vscode from 'vscode';
import { OrgLink, OrgLinks, parseOrgLinks } from '../../core/admin/org-links';

const STATE_KEY = 'openaiConnector.orgLinks';

/** Stored key ↔ OpenAI key links in globalState (ids only, never a value). */
export class OrgLinksStore {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  all(): OrgLinks {
    return parseOrgLinks(this.state.get(STATE_KEY));
  }

  get(storedKeyId: string): OrgLink | undefined {
    return this.all()[storedKeyId];
  }

  async set(link: OrgLink): Promise<void> {
    await this.state.update(STATE_KEY, { ...this.all(), [link.storedKeyId]: link });
    this.changed.fire();
  }

  async delete(storedKeyId: string): Promise<void> {
    const next = { ...this.all() };
    delete next[storedKeyId];
    await this.state.update(STATE_KEY, next);
    this.changed.fire();
  }

  /** Drops links whose stored key is gone. */
  async prune(existing: ReadonlySet<string>): Promise<void> {
    const all = this.all();
    const kept = Object.fromEntries(Object.entries(all).filter(([id]) => existing.has(id)));
    if (Object.keys(kept).length !== Object.keys(all).length) await this.state.update(STATE_KEY, kept);
  }
}
