/**
 * The webview end of the protocol: posts typed messages, matches replies to their requestId, and
 * hands everything else to the app. State goes through the webview API's getState/setState.
 */
import type { HostMessage, ReplyBody, ReplyMap, RequestType, WebviewMessage } from '../protocol/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type Pending = { resolve: (body: ReplyBody) => void; reject: (error: Error) => void };

/** Distributes the `WebviewMessage` union over `Omit`, so each variant keeps its own fields. */
type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
export type RequestMessage<T extends RequestType = RequestType> = WithoutRequestId<Extract<WebviewMessage, { type: T }>>;

export class HostBridge {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly pending = new Map<string, Pending>();
  private stateTimer: ReturnType<typeof setTimeout> | undefined;
  private pendingState: unknown;

  constructor(private readonly onMessage: (message: HostMessage) => void) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = event.data as HostMessage;
      if (typeof message !== 'object' || message === null || typeof message.type !== 'string') return;
      if (this.settle(message)) return;
      this.onMessage(message);
    });
  }

  /** A request id no other message of this session uses. */
  newId(prefix = 'r'): string {
    const bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  /** Posts a message that expects a reply; resolves with the reply its type calls for, or rejects with its message. */
  request<M extends RequestMessage>(message: M, requestId = this.newId()): Promise<ReplyMap[M['type']]> {
    return new Promise((resolve, reject) => {
      // The host answers each request type with its own reply type (ReplyMap, checked on the host).
      this.pending.set(requestId, { resolve: (body) => resolve(body as ReplyMap[M['type']]), reject });
      this.post({ ...message, requestId } as WebviewMessage);
    });
  }

  /** Resolves a pending request; true when the message was its answer. */
  private settle(message: HostMessage): boolean {
    if (message.type !== 'reply' && message.type !== 'protocolError') return false;
    const id = message.requestId;
    const waiting = id ? this.pending.get(id) : undefined;
    if (!id || !waiting) return false;
    this.pending.delete(id);
    if (message.type === 'protocolError') waiting.reject(new Error(message.message));
    else if (message.ok) waiting.resolve(message.body);
    else waiting.reject(new Error(message.message));
    return true;
  }

  /** True when a reply for this id is still awaited (a send waits for run events instead). */
  isPending(requestId: string): boolean {
    return this.pending.has(requestId);
  }

  forget(requestId: string): void {
    this.pending.delete(requestId);
  }

  getState<T>(): T | undefined {
    return (this.api.getState() ?? undefined) as T | undefined;
  }

  /** Saves state at most every 250 ms; the latest value wins. */
  setState(state: unknown): void {
    this.pendingState = state;
    if (this.stateTimer !== undefined) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = undefined;
      this.api.setState(this.pendingState);
    }, 250);
  }

  /** Writes pending state now (before the page may be torn down). */
  flushState(): void {
    if (this.stateTimer === undefined) return;
    clearTimeout(this.stateTimer);
    this.stateTimer = undefined;
    this.api.setState(this.pendingState);
  }
}
