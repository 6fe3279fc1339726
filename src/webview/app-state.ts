/** The page's own state: what is being composed, what survives hide/show and reload, and where a run stands. */
import type { RouteInfo } from '../core/catalogue/route-types';
import { BuilderRequest, KeySummary, ResultView, RunOutcome, emptyRequest } from '../protocol/protocol';

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

/** What the user is composing: the request, the chosen key, and what the host told about keys and routes. */
export class ComposeState {
  request: BuilderRequest = emptyRequest();
  keyId: string | undefined;
  keys: readonly KeySummary[] = [];
  idleSeconds = 30;
  private readonly routesById = new Map<string, RouteInfo>();

  setRoutes(routes: readonly RouteInfo[]): void {
    this.routesById.clear();
    for (const r of routes) this.routesById.set(r.operationId, r);
  }

  routeById(operationId: string): RouteInfo | undefined {
    return this.routesById.get(operationId);
  }

  /** Keeps the chosen key when it is still there; else the active key, else the first. */
  setKeys(keys: readonly KeySummary[], activeKeyId: string | undefined): void {
    this.keys = keys;
    if (!this.keyId || !keys.some((k) => k.id === this.keyId)) this.keyId = activeKeyId ?? keys[0]?.id;
  }

  hasKey(id: string): boolean {
    return this.keys.some((k) => k.id === id);
  }

  key(): KeySummary | undefined {
    return this.keys.find((k) => k.id === this.keyId);
  }

  route(): RouteInfo | undefined {
    return this.request.operationId ? this.routesById.get(this.request.operationId) : undefined;
  }
}
