/**
 * Registers the request builder at activation without loading it: its commands, the panel
 * serializer and the Saved Requests view all load request-builder.lazy on first use.
 */
import * as vscode from 'vscode';
import { scriptedKeyId } from '../commands/command-surface';
import { markOwn } from '../commands/own-tree-nodes';
import { registerCommands } from '../commands/register-commands';
import { Services } from '../common/services';
import type { RequestBuilder } from './request-builder';
import { BuilderProbe } from './test-probe';
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
    // Marked as ours: a command run from this view trusts only these items as its target.
    return markOwn(((await inner.getChildren(element)) ?? []).filter((n): n is object => typeof n === 'object' && n !== null));
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

/**
 * Registers the request builder's commands, panel serializer and Saved Requests view. In test
 * mode it returns the probe through which the tests watch the builder.
 */
export function registerRequestBuilder(services: Services): BuilderProbe | undefined {
  const builderProbe = services.testMode ? new BuilderProbe() : undefined;
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
  registerCommands(services, [
    'openaiConnector.openRequestBuilder', 'openaiConnector.importCurl', 'openaiConnector.clearHistory',
    'openaiConnector.runSavedRequest', 'openaiConnector.tree.openSavedRequest',
  ], async () => {
    const b = await builder();
    return {
      'openaiConnector.openRequestBuilder': ({ target, script }) => b.openWithKey(target ?? scriptedKeyId(script?.[0])),
      'openaiConnector.importCurl': ({ script }) => {
        const args = script?.[0];
        return b.importCurl(undefined, typeof args === 'string' ? { text: args } : args ?? {});
      },
      // Without a test's { confirm: false }, the user confirms.
      'openaiConnector.clearHistory': ({ script }) => b.clearHistory(script?.[0]?.confirm === false ? { confirm: false } : undefined),
      'openaiConnector.runSavedRequest': ({ target, script }) => b.openSaved(target ?? script?.[0], true),
      'openaiConnector.tree.openSavedRequest': ({ target, script }) => b.openSaved(target ?? script?.[0], false),
    };
  });
  return builderProbe;
}
