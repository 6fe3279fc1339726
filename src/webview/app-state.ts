/** The page's own state: what survives hide/show and reload, and where a run stands. */
import type { BuilderRequest, ResultView, RunOutcome } from '../protocol/protocol';

/** What survives hide/show and reload through getState/setState. Never a key. */
export interface SavedState {
  readonly v: 1;
  readonly request: BuilderRequest;
  readonly keyId?: string;
  readonly run?: { readonly runId: string; readonly outcome: RunOutcome; readonly result: ResultView; readonly streamText: string; readonly streamEvents: number };
}

/** Results bigger than this are not kept in the webview state (the host replays the last run on reload). */
export const MAX_SAVED_RESULT_CHARS = 1024 * 1024;

export type RunPhase = 'idle' | 'checking' | 'running' | 'cancelling';

/** The state to save: the request, the key and the last run unless it is too big to keep. */
export function savedState(request: BuilderRequest, keyId: string | undefined, lastRun: SavedState['run']): SavedState {
  const run = lastRun && JSON.stringify(lastRun.result).length + lastRun.streamText.length < MAX_SAVED_RESULT_CHARS ? lastRun : undefined;
  return { v: 1, request, ...(keyId ? { keyId } : {}), ...(run ? { run } : {}) };
}
