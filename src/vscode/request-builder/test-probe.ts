/**
 * The integration tests' window into the request builder, created only in test mode
 * (src/vscode/common/test-mode.ts): every message posted to the page, a way to post as the page, and a
 * stand-in for the open-file dialog.
 */
import type * as vscode from 'vscode';
import type { HostMessage } from '../../protocol/protocol';

export interface BuilderProbeTarget {
  receive(raw: unknown): Promise<void>;
  readonly isReady: boolean;
}

export class BuilderProbe {
  readonly posted: HostMessage[] = [];
  private readonly listeners = new Set<(message: HostMessage) => void>();
  /** The open panel, if any. */
  panel: BuilderProbeTarget | undefined;
  /** When set, "Choose file…" takes this file instead of showing a dialog. */
  pickFile: vscode.Uri | undefined;
  /** When set, answers the modal that asks before a saved request's files are sent. */
  confirmFiles: ((message: string, detail: string) => boolean) | undefined;
  /** Raw history as stored in workspaceState. */
  historyRaw: () => unknown = () => undefined;

  record(message: HostMessage): void {
    this.posted.push(message);
    for (const listener of [...this.listeners]) listener(message);
  }

  onDidPost(listener: (message: HostMessage) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Posts a message to the host as the page would. */
  async receive(raw: unknown): Promise<void> {
    if (!this.panel) throw new Error('No request builder panel is open.');
    await this.panel.receive(raw);
  }
}
