/** Export (Copy as curl / Node / Python), Save Request… and Import from curl: requests to the host about the composed request. */
import type { BuilderRequest, ExportFormat } from '../protocol/protocol';
import { button } from './controls';
import { renderCurlImport } from './curl-import-view';
import type { HostBridge } from './host-bridge';
import type { Layout } from './layout';

export interface ExportHost {
  request(): BuilderRequest;
  keyId(): string | undefined;
  notify(message: string): void;
}

const FORMAT_LABEL: Readonly<Record<ExportFormat, string>> = { curl: 'curl', node: 'Node', python: 'Python' };

export function buildExportBar(l: Layout, bridge: HostBridge, host: ExportHost): void {
  const keyField = (): { keyId?: string } => {
    const keyId = host.keyId();
    return keyId ? { keyId } : {};
  };
  const fail = (error: unknown): void => host.notify((error as Error).message);

  const exportAs = async (format: ExportFormat): Promise<void> => {
    try {
      const reply = await bridge.request({ type: 'export', format, request: host.request(), ...keyField() });
      l.snippet.hidden = false;
      l.snippet.textContent = reply.text;
      host.notify(reply.copied ? `Copied as ${FORMAT_LABEL[format]}; the key is read from $OPENAI_API_KEY.` : 'Could not reach the clipboard; copy the text below.');
    } catch (error) {
      fail(error);
    }
  };
  const saveRequest = async (): Promise<void> => {
    try {
      const reply = await bridge.request({ type: 'saveRequest', request: host.request(), ...keyField() });
      host.notify(`Saved as ${reply.relativePath}.`);
    } catch (error) {
      fail(error);
    }
  };

  l.exportSlot.append(
    button('Copy as curl', () => void exportAs('curl'), { secondary: true, id: 'copy-curl' }),
    button('Copy Node', () => void exportAs('node'), { secondary: true, id: 'copy-node' }),
    button('Copy Python', () => void exportAs('python'), { secondary: true, id: 'copy-python' }),
    button('Save Request…', () => void saveRequest(), { secondary: true, id: 'save-request' }),
  );
  renderCurlImport(l.curlSlot, async (text) => {
    try {
      await bridge.request({ type: 'importCurl', ...(text.trim() ? { text } : {}) });
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  });
}
