/**
 * Host-side entry of every webview message: validate, enforce the ready handshake, dispatch.
 * A malformed, unknown or early message gets a typed `protocolError` back and reaches no handler,
 * so it can neither send a request nor write anything. No 'vscode' import: unit-tested under Node.
 */
import { HostMessage, PROTOCOL_VERSION, WebviewMessage, assertNever } from '../protocol/protocol';
import { validateWebviewMessage } from '../protocol/protocol-validation';

type Of<T extends WebviewMessage['type']> = Extract<WebviewMessage, { type: T }>;

/** One handler per message type; each may post messages itself. */
export interface MessageHandlers {
  ready(): Promise<void> | void;
  send(m: Of<'send'>): Promise<void> | void;
  cancel(m: Of<'cancel'>): Promise<void> | void;
  pickFile(m: Of<'pickFile'>): Promise<void> | void;
  export(m: Of<'export'>): Promise<void> | void;
  importCurl(m: Of<'importCurl'>): Promise<void> | void;
  saveRequest(m: Of<'saveRequest'>): Promise<void> | void;
  openResult(m: Of<'openResult'>): Promise<void> | void;
  saveResult(m: Of<'saveResult'>): Promise<void> | void;
  loadHistory(m: Of<'loadHistory'>): Promise<void> | void;
  clearHistory(m: Of<'clearHistory'>): Promise<void> | void;
}

export class MessageRouter {
  private ready = false;

  constructor(
    private readonly handlers: MessageHandlers,
    private readonly post: (message: HostMessage) => void,
    private readonly onRejected: (reason: string) => void = () => undefined,
  ) {}

  /** A new page (after hide/show or reload) must say ready again. */
  reset(): void {
    this.ready = false;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Handles one raw message from the webview. Handler errors become a failed reply. */
  async receive(raw: unknown): Promise<void> {
    const checked = validateWebviewMessage(raw);
    if (!checked.ok) {
      this.reject(checked.code, checked.message, checked.requestId);
      return;
    }
    const message = checked.message;
    if (message.type === 'ready') {
      if (message.protocol !== PROTOCOL_VERSION) {
        this.reject('unsupported-version', `The page speaks protocol ${message.protocol}, the host ${PROTOCOL_VERSION}; reload the panel.`);
        return;
      }
      this.ready = true;
      await this.handlers.ready();
      return;
    }
    if (!this.ready) {
      this.reject('not-ready', 'The page must send ready first.', message.requestId);
      return;
    }
    try {
      await this.dispatch(message);
    } catch (error) {
      this.post({ type: 'reply', requestId: message.requestId, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private reject(code: Extract<HostMessage, { type: 'protocolError' }>['code'], message: string, requestId?: string): void {
    this.onRejected(`${code}: ${message}`);
    this.post({ type: 'protocolError', code, message, ...(requestId ? { requestId } : {}) });
  }

  private dispatch(m: Exclude<WebviewMessage, { type: 'ready' }>): Promise<void> | void {
    switch (m.type) {
      case 'send': return this.handlers.send(m);
      case 'cancel': return this.handlers.cancel(m);
      case 'pickFile': return this.handlers.pickFile(m);
      case 'export': return this.handlers.export(m);
      case 'importCurl': return this.handlers.importCurl(m);
      case 'saveRequest': return this.handlers.saveRequest(m);
      case 'openResult': return this.handlers.openResult(m);
      case 'saveResult': return this.handlers.saveResult(m);
      case 'loadHistory': return this.handlers.loadHistory(m);
      case 'clearHistory': return this.handlers.clearHistory(m);
      default: return assertNever(m, 'message');
    }
  }
}
