/**
 * Host-side entry of every Usage page message: validate, enforce the ready handshake, dispatch.
 * A malformed, unknown or early message gets a typed `protocolError` and reaches no handler.
 * No 'vscode' import: unit-tested under Node.
 */
import { USAGE_PROTOCOL_VERSION, UsageHostMessage, UsageProtocolErrorCode, UsageReplyMap, UsageWebviewMessage, assertNeverUsage } from '../../protocol/usage-protocol';
import { validateUsageMessage } from '../../protocol/usage-protocol-validation';

type Of<T extends UsageWebviewMessage['type']> = Extract<UsageWebviewMessage, { type: T }>;

/** One handler per request type; each returns the reply its type calls for. */
export interface UsageHandlers {
  ready(): Promise<void> | void;
  load(m: Of<'load'>): Promise<UsageReplyMap['load']> | UsageReplyMap['load'];
  cancel(m: Of<'cancel'>): Promise<UsageReplyMap['cancel']> | UsageReplyMap['cancel'];
  exportCsv(m: Of<'exportCsv'>): Promise<UsageReplyMap['exportCsv']> | UsageReplyMap['exportCsv'];
  budgets(m: Of<'budgets'>): Promise<UsageReplyMap['budgets']> | UsageReplyMap['budgets'];
  setBudget(m: Of<'setBudget'>): Promise<UsageReplyMap['setBudget']> | UsageReplyMap['setBudget'];
  spendControls(m: Of<'spendControls'>): Promise<UsageReplyMap['spendControls']> | UsageReplyMap['spendControls'];
  spendAction(m: Of<'spendAction'>): Promise<UsageReplyMap['spendAction']> | UsageReplyMap['spendAction'];
}

export class UsageRouter {
  private ready = false;

  constructor(
    private readonly handlers: UsageHandlers,
    private readonly post: (message: UsageHostMessage) => void,
    private readonly onRejected: (reason: string) => void = () => undefined,
  ) {}

  reset(): void {
    this.ready = false;
  }

  get isReady(): boolean {
    return this.ready;
  }

  async receive(raw: unknown): Promise<void> {
    const checked = validateUsageMessage(raw);
    if (!checked.ok) {
      this.reject(checked.code, checked.message, checked.requestId);
      return;
    }
    const message = checked.message;
    if (message.type === 'ready') {
      if (message.protocol !== USAGE_PROTOCOL_VERSION) {
        this.reject('unsupported-version', `The page speaks protocol ${message.protocol}, the host ${USAGE_PROTOCOL_VERSION}; reopen the panel.`);
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
      const body = await this.dispatch(message);
      this.post({ type: 'reply', requestId: message.requestId, ok: true, body });
    } catch (error) {
      this.post({ type: 'reply', requestId: message.requestId, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private reject(code: UsageProtocolErrorCode, message: string, requestId?: string): void {
    this.onRejected(`${code}: ${message}`);
    this.post({ type: 'protocolError', code, message, ...(requestId ? { requestId } : {}) });
  }

  private dispatch(m: Exclude<UsageWebviewMessage, { type: 'ready' }>): Promise<UsageReplyMap[typeof m.type]> | UsageReplyMap[typeof m.type] {
    switch (m.type) {
      case 'load': return this.handlers.load(m);
      case 'cancel': return this.handlers.cancel(m);
      case 'exportCsv': return this.handlers.exportCsv(m);
      case 'budgets': return this.handlers.budgets(m);
      case 'setBudget': return this.handlers.setBudget(m);
      case 'spendControls': return this.handlers.spendControls(m);
      case 'spendAction': return this.handlers.spendAction(m);
      default: return assertNeverUsage(m, 'message');
    }
  }
}
