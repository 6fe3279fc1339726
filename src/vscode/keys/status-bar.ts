import * as vscode from 'vscode';
import { KEY_KIND_LABELS, maskFromParts } from '../../core/keys/key-format';
import { PERMISSION_LEVEL_LABELS } from '../../core/permissions/permission-model';
import { Services } from '../common/services';

/** The workspace's active key in the status bar: name and level, never the key. Click to switch. */
export function registerStatusBar(services: Services): void {
  const { vault } = services;
  const item = vscode.window.createStatusBarItem('openaiConnector.activeKey', vscode.StatusBarAlignment.Right, 100);
  item.name = 'OpenAI Connector: Active Key';
  item.command = 'openaiConnector.setActiveKey';

  const update = (): void => {
    const active = vault.activeKey();
    if (!vault.workspace || (!active && vault.visibleKeys().length === 0)) {
      item.hide();
      return;
    }
    if (!active) {
      item.text = '$(key) No active key';
      item.tooltip = 'This workspace has no active OpenAI key. Click to choose one.';
      item.backgroundColor = undefined;
    } else {
      const missing = vault.isSecretMissing(active.id);
      const level = PERMISSION_LEVEL_LABELS[active.permission.level];
      item.text = `${missing ? '$(warning)' : '$(key)'} ${active.name.replace(/\$\(/g, '$\u200b(')} · ${level}`;
      item.backgroundColor = missing ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      item.tooltip = [
        `Active OpenAI key of this workspace: ${active.name}`,
        `${maskFromParts(active.kind, active.last4)} · ${KEY_KIND_LABELS[active.kind]} · ${level}`,
        ...(missing ? ['Its secret is missing from this keyring: re-enter it from the OpenAI Keys view.'] : []),
        'Click to switch the active key.',
      ].join('\n');
    }
    item.show();
  };
  services.context.subscriptions.push(item, vault.onDidChange(update));
  update();
}
