/**
 * The Usage page's end of the protocol: posts typed messages, matches replies to their requestId
 * (each request type resolves with its own reply type) and hands everything else to the app.
 */
import type { UsageHostMessage, UsageReplyBody, UsageReplyMap, UsageRequestType, UsageWebviewMessage } from '../protocol/usage-protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

type Pending = { resolve: (body: UsageReplyBody) => void; reject: (error: Error) => void };
type WithoutRequestId<T> = T extends unknown ? Omit<T, 'requestId'> : never;
type RequestMessage = WithoutRequestId<Extract<UsageWebviewMessage, { type: UsageRequestType }>>;

export class UsageBridge {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly onMessage: (message: UsageHostMessage) => void) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = event.data as UsageHostMessage;
      if (typeof message !== 'object' || message === null || typeof message.type !== 'string') return;
      if (this.settle(message)) return;
      this.onMessage(message);
    });
  }

  newId(prefix = 'u'): string {
    const bytes = new Uint8Array(8);
    crypto.getRandomValues(bytes);
    return `${prefix}-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  post(message: UsageWebviewMessage): void {
    this.api.postMessage(message);
  }

  request<M extends RequestMessage>(message: M, requestId = this.newId()): Promise<UsageReplyMap[M['type']]> {
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve: (body) => resolve(body as UsageReplyMap[M['type']]), reject });
      this.post({ ...message, requestId } as UsageWebviewMessage);
    });
  }

  private settle(message: UsageHostMessage): boolean {
    if (message.type !== 'reply' && message.type !== 'protocolError') return false;
    const waiting = message.requestId ? this.pending.get(message.requestId) : undefined;
    if (!message.requestId || !waiting) return message.type === 'reply';
    this.pending.delete(message.requestId);
    if (message.type === 'protocolError') waiting.reject(new Error(message.message));
    else if (message.ok) waiting.resolve(message.body);
    else waiting.reject(new Error(message.message));
    return true;
  }
}
