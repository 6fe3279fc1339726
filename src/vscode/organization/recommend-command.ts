import * as vscode from 'vscode';
import { Comparison, Recommendation, UsedRoute, compare, describeComparison, describeMatrix, recommend } from '../../core/admin/least-privilege';
import { loadRouteCatalogue } from '../../core/catalogue/route-catalogue';
import { parseHistory } from '../../core/requests/history';
import { SavedRequestStore } from '../request-builder/saved-requests';
import { Services } from '../common/services';

const HISTORY_STATE_KEY = 'openaiConnector.requestHistory';

/** The routes this workspace's saved requests and request history call. */
export async function workspaceRoutes(services: Services): Promise<UsedRoute[]> {
  const routes: UsedRoute[] = [];
  const saved = new SavedRequestStore(() => services.vault.knownSecrets());
  try {
    for (const item of await saved.list()) {
      if (item.error) {
        services.logger.warn('organization', `Skipped saved request ${item.label}: ${item.error}`);
        continue;
      }
      const { request } = await saved.read(item.uri);
      routes.push({ method: request.method, path: request.path });
    }
  } finally {
    saved.dispose();
  }
  for (const entry of parseHistory(services.context.workspaceState.get(HISTORY_STATE_KEY), services.vault.knownSecrets())) {
    routes.push({ method: entry.method, path: entry.path });
  }
  return routes;
}

export interface RecommendOutcome {
  readonly recommendation: Recommendation;
  readonly routes: number;
  /** Stored project keys visible here, compared with the recommendation. */
  readonly keys: readonly { readonly name: string; readonly comparison: Comparison; readonly text: string }[];
}

export async function computeRecommendation(services: Services): Promise<RecommendOutcome> {
  const routes = await workspaceRoutes(services);
  const recommendation = recommend(routes, await loadRouteCatalogue());
  const keys = services.vault.visibleKeys().filter((k) => k.kind !== 'admin').map((k) => {
    const comparison = compare(k.permission, recommendation);
    return { name: k.name, comparison, text: describeComparison(k.name, comparison) };
  });
  return { recommendation, routes: routes.length, keys };
}

/** Recommend Least Privilege: the smallest matrix for this workspace's requests, beside each key's level. */
export async function recommendLeastPrivilege(services: Services, interactive: boolean): Promise<RecommendOutcome> {
  const outcome = await computeRecommendation(services);
  const { recommendation: rec } = outcome;
  const lines = [
    `Smallest permissions for the ${outcome.routes} request(s) in this workspace's saved requests and history: ${describeMatrix(rec.matrix)}.`,
    ...Object.entries(rec.because).map(([group, calls]) => `• ${group}: ${[...new Set(calls)].join(', ')}`),
    ...(rec.unknown.length ? [`Not official OpenAI routes, so their permissions are unknown: ${rec.unknown.join(', ')}.`] : []),
    ...(rec.adminOnly.length ? [`Admin-key routes (no project key setting): ${rec.adminOnly.join(', ')}.`] : []),
    '',
    ...outcome.keys.map((k) => k.text),
  ];
  services.logger.info('organization', lines.join('\n'));
  if (interactive) {
    const choice = await vscode.window.showInformationMessage('Recommended least privilege for this workspace', { modal: true, detail: lines.join('\n') }, 'Create Key for This Workspace');
    if (choice) void vscode.commands.executeCommand('openaiConnector.createWorkspaceKey');
  }
  return outcome;
}
