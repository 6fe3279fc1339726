/**
 * Registers the request builder at activation without loading it: its commands, the panel
 * serializer and the Saved Requests view all load request-builder.lazy on first use.
 */
import * as vscode from 'vscode';
import { Services, registerCommand } from '../services';
import type { ImportCurlArgs, RequestBuilder } from './request-builder';
import { builderProbe } from './test-probe';
import { VIEW_TYPE } from './view-type';

/** The Saved Requests view, which loads the builder only when the view is shown. */
class LazySavedRequestsView implements vscode.TreeDataProvider<unknown>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private inner: vscode.TreeDataProvider<unknown> | undefined;
  private subscription: vscode.Disposable | undefined;

  constructor(private readonly load: () => Promise<RequestBuilder>) {}

  async getChildren(element?: unknown): Promise<unknown[]> {
    const inner = await this.attach();
    return (await inner.getChildren(element)) ?? [];
  }

  async getTreeItem(element: unknown): Promise<vscode.TreeItem> {
    return (await this.attach()).getTreeItem(element);
  }

  private async attach(): Promise<vscode.TreeDataProvider<unknown>> {
    if (!this.inner) {
      const inner = (await this.load()).savedTree as vscode.TreeDataProvider<unknown>;
      this.subscription = inner.onDidChangeTreeData?.(() => this.changed.fire());
      this.inner = inner;
    }
    return this.inner;
  }

  dispose(): void {
    this.subscription?.dispose();
    this.changed.dispose();
  }
}

/** Registers the request builder's commands, panel serializer and Saved Requests view. */
export function registerRequestBuilder(services: Services): void {
  let loading: Promise<RequestBuilder> | undefined;
  const builder = (): Promise<RequestBuilder> => {
    loading ??= import('./request-builder.lazy').then((m) => {
      const created = new m.RequestBuilder(services, builderProbe);
      services.context.subscriptions.push(created);
      return created;
    }, (error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const view = new LazySavedRequestsView(builder);
  services.context.subscriptions.push(
    view,
    vscode.window.createTreeView('openaiConnector.savedRequests', { treeDataProvider: view }),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel: vscode.WebviewPanel) => {
        (await builder()).adopt(panel);
      },
    }),
  );
  registerCommand(services, 'openaiConnector.openRequestBuilder', 'Open Request Builder', async (arg?: unknown) => (await builder()).openWithKey(arg));
  registerCommand(services, 'openaiConnector.importCurl', 'Import Request from curl', async (arg?: ImportCurlArgs | string) =>
    (await builder()).importCurl(undefined, typeof arg === 'string' ? { text: arg } : arg ?? {}));
  registerCommand(services, 'openaiConnector.clearHistory', 'Clear Request History', async (arg?: unknown) => (await builder()).clearHistory(arg));
  registerCommand(services, 'openaiConnector.runSavedRequest', 'Run Saved Request', async (arg?: unknown) => (await builder()).openSaved(arg, true));
  registerCommand(services, 'openaiConnector.tree.openSavedRequest', 'Open Saved Request', async (arg?: unknown) => (await builder()).openSaved(arg, false));
}
