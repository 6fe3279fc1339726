/**
 * The run state machine of the page: Send → checking (the host's send decision) → running → idle,
 * the permission banner, the host's run events, and the last finished run. Send and Cancel live here
 * because their enabled state follows the phase.
 */
import { BuilderRequest, ResultView, RunEvent, RunOutcome, assertNever } from '../protocol/protocol';
import type { SavedState, RunPhase } from './app-state';
import { button, setDisabled } from './controls';
import { formatDuration } from './dom';
import type { HostBridge } from './host-bridge';
import type { Layout } from './layout';
import { hidePermission, showPermission } from './permission-banner';
import type { Problem } from './request-edit';
import type { ResultPanel } from './result-view';
import type { StreamView } from './stream-view';

/** What a run needs from the composing side of the page. */
export interface RunHost {
  /** The send message's fields, or the problems that block it. */
  sendable(): { readonly ok: true; readonly keyId: string } | { readonly ok: false; readonly problems: readonly Problem[] };
  request(): BuilderRequest;
  /** Shows the problems again (Send stays disabled while there are any). */
  refreshProblems(): void;
  /** Takes the user to the first problem. */
  reveal(problem: Problem): void;
  idleSeconds(): number;
  notify(message: string): void;
  persist(): void;
  selectResultTab(index: number): void;
}

export type LastRun = SavedState['run'];

export class RunController {
  readonly sendButton: HTMLElement;
  readonly cancelButton: HTMLElement;
  private runId: string | undefined;
  private phase: RunPhase = 'idle';
  private last: LastRun;

  constructor(
    private readonly bridge: HostBridge,
    private readonly layout: Layout,
    private readonly result: ResultPanel,
    private readonly stream: StreamView,
    private readonly host: RunHost,
  ) {
    this.sendButton = button('Send', () => this.send(false), { id: 'send', title: 'Send (Ctrl/Cmd+Enter)' });
    this.cancelButton = button('Cancel', () => this.cancel(), { id: 'cancel', secondary: true, disabled: true });
  }

  get lastRun(): LastRun {
    return this.last;
  }

  /** Send is enabled only with no problems and no run under way. */
  updateSend(problemCount: number): void {
    setDisabled(this.sendButton, problemCount > 0 || this.phase !== 'idle');
  }

  send(override: boolean): void {
    if (this.phase !== 'idle' && !override) return;
    const sendable = this.host.sendable();
    if (!sendable.ok) {
      this.host.refreshProblems();
      const first = sendable.problems[0] as Problem;
      this.host.notify(`Not sent: ${first.message}`);
      this.host.reveal(first);
      return;
    }
    this.runId = this.bridge.newId('run');
    hidePermission(this.layout.permission);
    this.setPhase('checking');
    this.result.progress('Checking the key\'s permissions…');
    this.bridge.post({ type: 'send', requestId: this.runId, keyId: sendable.keyId, request: this.host.request(), override });
  }

  cancel(): void {
    if (!this.runId || this.phase === 'idle') return;
    this.bridge.post({ type: 'cancel', requestId: this.runId });
    if (this.phase === 'checking') {
      // Nothing runs yet: forget the id, so a late permission answer shows nothing.
      this.runId = undefined;
      hidePermission(this.layout.permission);
      this.setPhase('idle');
      this.result.progress('Not sent.');
    } else this.setPhase('cancelling');
  }

  // ----- what the host says about the current run

  /** A failed reply to a send means it never started. */
  onReply(requestId: string, ok: boolean, message: string | undefined): void {
    if (requestId !== this.runId || ok) return;
    this.setPhase('idle');
    this.result.progress(message ?? '');
    this.host.notify(message ?? '');
  }

  onPermission(requestId: string, reason: string, canOverride: boolean): void {
    if (requestId !== this.runId) return;
    showPermission(this.layout.permission, reason, canOverride ? () => this.send(true) : undefined, () => this.cancel());
    this.result.progress(canOverride ? 'Waiting for your choice.' : 'Refused.');
    if (!canOverride) this.setPhase('idle');
  }

  onProtocolError(requestId: string | undefined): void {
    if (requestId !== undefined && requestId === this.runId) this.setPhase('idle');
  }

  onRun(requestId: string, event: RunEvent): void {
    // After a reload the host replays the last run, whose id this page has not seen yet.
    if (requestId !== this.runId) {
      if (event.kind !== 'started') return;
      this.runId = requestId;
    }
    switch (event.kind) {
      case 'started':
        this.setPhase('running');
        hidePermission(this.layout.permission);
        this.stream.reset();
        this.result.clearBody();
        this.result.progress(`Sending ${event.method} ${event.url} with key '${event.keyName}'…`);
        if (event.streaming) this.host.selectResultTab(1);
        return;
      case 'retrying':
        this.result.progress(`Waiting ${formatDuration(event.delayMs)} before retry ${event.attempt} of ${event.maxRetries}: ${event.reason}`);
        return;
      case 'headers':
        this.result.showHeaders(event.headers);
        this.result.progress(`${event.status} ${event.statusText} · receiving…`);
        return;
      case 'events':
        this.stream.push(event.events, event.text, event.total);
        this.result.progress(`Streaming · ${event.total} events (ends after ${this.host.idleSeconds()} s of silence)`);
        return;
      case 'done':
        this.stream.flush();
        this.showFinished(requestId, event.outcome, event.result, this.stream.assembledText, this.stream.eventCount);
        this.setPhase('idle');
        this.host.persist();
        return;
      default:
        assertNever(event, 'run event');
    }
  }

  /** Shows a finished run (also the one saved in the page's state). */
  showFinished(runId: string, outcome: RunOutcome, result: ResultView, streamText: string, streamEvents: number): void {
    this.runId = runId;
    this.result.show(outcome, result);
    if (this.stream.eventCount !== streamEvents || this.stream.assembledText !== streamText) this.stream.reset(streamText, streamEvents);
    this.last = { runId, outcome, result, streamText, streamEvents };
  }

  /** Open in Editor and Save for the last run's body. */
  async resultAction(type: 'openResult' | 'saveResult'): Promise<void> {
    if (!this.runId) return;
    try {
      const reply = await this.bridge.request({ type, runId: this.runId });
      if (reply.kind === 'saved') this.host.notify(`Saved the response body as ${reply.relativePath}.`);
    } catch (error) {
      this.host.notify((error as Error).message);
    }
  }

  private setPhase(phase: RunPhase): void {
    this.phase = phase;
    setDisabled(this.cancelButton, phase === 'idle');
    this.host.refreshProblems();
    document.body.dataset.phase = phase;
  }
}
