// The Usage panel's host code, loaded on the first Show Usage and Costs (a separate chunk; see
// scripts/build.mjs). Keeps dist/extension.js small. (usage.lazy.ts is the spend monitor's chunk.)
import * as vscode from 'vscode';
import { UserError } from '../../core/common/user-error';
import type { CommandHandlers } from '../commands/command-surface';
import type { Services } from '../common/services';
import { adminKeyLoader, replayLoader } from './usage-loader';
import { usageCsv } from '../../core/usage/usage-csv';
import { USAGE_VIEW_TYPE, UsagePanel } from './usage-panel';
import { UsagePanelState, UsageProbe, UsageProbeAction } from './usage-probe';
import { UsageService } from './usage-service';

export type UsageCommandId = 'openaiConnector.showUsage' | 'openaiConnector.test.usagePanel';

interface Open {
  readonly panel: UsagePanel;
  readonly adminKeyId: string;
}

/** The admin key to read with: the node's, the only one stored, or the one the user picks. */
async function chooseAdminKey(services: Services, wanted: string | undefined): Promise<{ id: string; name: string }> {
  const admins = services.vault.allKeys().filter((k) => k.kind === 'admin' && !services.vault.isSecretMissing(k.id));
  const named = wanted ? admins.find((k) => k.id === wanted) : undefined;
  if (named) return named;
  if (wanted) throw new UserError('That admin key is no longer stored. Choose another admin key, or add one with Add API Key.');
  if (admins.length === 0) throw new UserError('Usage and costs are read with an admin key. Add one with Add API Key (an sk-admin-… key from your organization settings).');
  if (admins.length === 1 && admins[0]) return admins[0];
  const pick = await vscode.window.showQuickPick(admins.map((k) => ({ label: k.name, id: k.id })), { title: 'Show Usage and Costs', placeHolder: 'Read usage with which admin key?' });
  if (!pick) throw new UserError('No admin key was chosen.');
  return { id: pick.id, name: pick.label };
}

export function usageHandlers(services: Services): CommandHandlers<UsageCommandId> {
  let open: Open | undefined;
  const probe = services.testMode ? new UsageProbe() : undefined;

  const show = async (adminKeyId: string | undefined, projectId: string | undefined): Promise<void> => {
    const admin = await chooseAdminKey(services, adminKeyId ?? open?.adminKeyId);
    if (open && open.adminKeyId !== admin.id) open.panel.panel.dispose();
    if (!open) {
      const usage = new UsageService(services, undefined, admin.id);
      const live = adminKeyLoader(usage, admin.id);
      const webview = vscode.window.createWebviewPanel(USAGE_VIEW_TYPE, 'Usage and Costs', vscode.ViewColumn.Active, { retainContextWhenHidden: true });
      const panel = new UsagePanel(webview, {
        services,
        adminKeyName: admin.name,
        usage,
        loader: (range, onReport, token) => (probe?.replay ? replayLoader(probe.replay) : live)(range, onReport, token),
        csv: usageCsv,
        ...(probe ? { observe: (m) => probe.record(m), saveOverride: () => (probe.savePath === undefined ? undefined : { uri: probe.savePath ? vscode.Uri.file(probe.savePath) : undefined }) } : {}),
      });
      const current: Open = { panel, adminKeyId: admin.id };
      open = current;
      panel.onDidDispose(() => {
        if (open === current) open = undefined;
      });
    }
    open.panel.show(projectId);
  };

  const state = (): UsagePanelState => ({
    open: open !== undefined,
    ready: open?.panel.isReady ?? false,
    messages: probe?.messages ?? [],
    reportsPosted: probe?.reportsPosted ?? 0,
    ...(probe?.lastReport ? { lastReport: probe.lastReport } : {}),
  });

  const act = async (action: UsageProbeAction | undefined): Promise<UsagePanelState> => {
    if (!probe || !action) return state();
    switch (action.kind) {
      case 'state': break;
      case 'post':
        if (!open) throw new UserError('No Usage panel is open.');
        await open.panel.receive(action.message);
        break;
      case 'saveTo': probe.savePath = action.path; break;
      case 'replay': probe.replay = action.reports; break;
      case 'clear': probe.clear(); break;
    }
    return state();
  };

  return {
    'openaiConnector.showUsage': ({ target, script }) => show(target?.adminId ?? script?.[0]?.adminKeyId, target?.projectId ?? script?.[0]?.projectId),
    'openaiConnector.test.usagePanel': ({ script }) => act(script?.[0]),
  };
}
