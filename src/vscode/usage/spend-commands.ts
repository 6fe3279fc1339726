import * as vscode from 'vscode';
import type { AdminProject } from '../../core/admin/admin-types';
import { usd } from '../../core/usage/budgets';
import { SpendAlert, SpendLimit, createSpendAlert, deleteSpendLimit, getSpendLimit, listSpendAlerts, setSpendLimit } from '../../core/usage/spend-controls';
import { Cancelled, UserError } from '../../core/common/user-error';
import { UsageService } from './usage-service';

/** Scripted answers (test mode only). `projectId` '' = the organization. */
export interface SpendLimitArgs {
  readonly projectId: string;
  /** USD per month; 0 removes the limit. */
  readonly amountUsd: number;
  readonly confirm: boolean;
}

export interface SpendLimitOutcome {
  readonly projectId: string;
  readonly limit?: SpendLimit;
  readonly removed: boolean;
}

export interface SpendControls {
  readonly owners: readonly { readonly projectId: string; readonly name: string; readonly limit?: SpendLimit; readonly alerts: readonly SpendAlert[]; readonly error?: string }[];
}

async function projects(usage: UsageService): Promise<AdminProject[]> {
  const { client } = await usage.client();
  return client.listProjects();
}

function parseAmount(text: string): number | undefined {
  const n = Number(text.trim().replace(/^\$/, ''));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** Set Spend Limit: OpenAI's hard monthly limit for a project (or the organization), after a modal confirmation. */
export async function setSpendLimitCommand(usage: UsageService, target: { projectId: string } | undefined, args: Partial<SpendLimitArgs>): Promise<SpendLimitOutcome> {
  const { client, record } = await usage.client();
  let projectId = target?.projectId ?? args.projectId;
  let name = projectId ? projectId : 'the organization';
  if (projectId === undefined) {
    const picked = await vscode.window.showQuickPick([{ label: 'Organization', projectId: '' }, ...(await projects(usage)).map((p) => ({ label: p.name, description: p.id, projectId: p.id }))], { title: 'Set Spend Limit', placeHolder: 'Whose monthly hard limit?', ignoreFocusOut: true });
    if (!picked) throw new Cancelled();
    projectId = picked.projectId;
    name = picked.projectId ? `${picked.label} (${picked.projectId})` : 'the organization';
  }
  const current = await getSpendLimit(client, projectId);
  let amount = args.amountUsd;
  if (amount === undefined) {
    const text = await vscode.window.showInputBox({
      title: `Set Spend Limit: ${name}`, prompt: `Monthly hard limit in USD${current ? ` (now ${usd(current.thresholdUsd)})` : ' (none set now)'}; 0 removes it. OpenAI stops serving requests past it.`,
      value: current ? String(current.thresholdUsd) : '', ignoreFocusOut: true, validateInput: (v) => (parseAmount(v) === undefined ? 'A number of dollars, e.g. 50' : undefined),
    });
    if (text === undefined) throw new Cancelled();
    amount = parseAmount(text);
  }
  if (amount === undefined || !Number.isFinite(amount) || amount < 0) throw new UserError('The spend limit must be a number of dollars, 0 or more.');
  const what = amount === 0 ? `Remove the hard spend limit of ${name}?` : `Set the hard spend limit of ${name} to ${usd(amount)} a month?`;
  const detail = amount === 0 ? 'Requests are no longer stopped by a limit.' : `Once spend this month reaches ${usd(amount)}, OpenAI refuses further requests of ${projectId ? 'this project' : 'the organization'} until the month ends or the limit is raised. Uses admin key '${record.name}'.`;
  const button = amount === 0 ? 'Remove Limit' : 'Set Limit';
  const confirmed = args.confirm ?? (await vscode.window.showWarningMessage(what, { modal: true, detail }, button)) === button;
  if (!confirmed) throw new Cancelled();
  if (amount === 0) {
    await deleteSpendLimit(client, projectId);
    void vscode.window.showInformationMessage(`The hard spend limit of ${name} is removed.`);
    return { projectId, removed: true };
  }
  const limit = await setSpendLimit(client, projectId, amount);
  void vscode.window.showInformationMessage(`The hard spend limit of ${name} is ${usd(limit.thresholdUsd)} a month.`);
  return { projectId, limit, removed: false };
}

/** Scripted (test mode only): read quietly, and optionally add an alert without prompts. */
export interface SpendControlsArgs {
  readonly quiet: boolean;
  readonly addAlert: { readonly projectId: string; readonly amountUsd: number; readonly recipients: readonly string[]; readonly confirm: boolean };
}

/**
 * Show Spend Controls: the organization's and every project's hard limit and spend alerts, read from
 * OpenAI; picking one offers to set its hard limit or add an email alert.
 */
export async function showSpendControls(usage: UsageService, args: Partial<SpendControlsArgs> = {}): Promise<SpendControls & { added?: SpendAlert }> {
  const { client } = await usage.client();
  const owners = [{ projectId: '', name: 'Organization' }, ...(await projects(usage)).map((p) => ({ projectId: p.id, name: p.name }))];
  const read: SpendControls['owners'] = await Promise.all(owners.map(async (o) => {
    try {
      const [limit, alerts] = await Promise.all([getSpendLimit(client, o.projectId), listSpendAlerts(client, o.projectId)]);
      return { ...o, ...(limit ? { limit } : {}), alerts };
    } catch (error) {
      return { ...o, alerts: [], error: error instanceof Error ? error.message : String(error) };
    }
  }));
  if (args.addAlert) return { owners: read, added: await addSpendAlertFlow(usage, args.addAlert.projectId, args.addAlert) };
  if (args.quiet) return { owners: read };
  const items = read.map((o) => ({
    label: o.name, description: o.projectId,
    detail: o.error ? `Not read: ${o.error}` : `Hard limit: ${o.limit ? `${usd(o.limit.thresholdUsd)}/${o.limit.interval} (${o.limit.enforcement})` : 'none'} · Alerts: ${o.alerts.length ? o.alerts.map((a) => `${usd(a.thresholdUsd)} → ${a.recipients.length} recipient(s)`).join(', ') : 'none'}`,
    projectId: o.projectId,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Spend Limits and Alerts at OpenAI', placeHolder: 'Pick one to set its hard limit or add an email alert', matchOnDetail: true });
  if (!picked) return { owners: read };
  const action = await vscode.window.showQuickPick(['Set Hard Limit', 'Add Email Alert'], { title: `Spend controls: ${picked.label}` });
  if (action === 'Set Hard Limit') await setSpendLimitCommand(usage, { projectId: picked.projectId }, {});
  if (action === 'Add Email Alert') return { owners: read, added: await addSpendAlertFlow(usage, picked.projectId, {}) };
  return { owners: read };
}

/** Add Email Alert: amount and recipients asked (or scripted), then a confirmation naming both. */
export async function addSpendAlertFlow(usage: UsageService, projectId: string, args: Partial<SpendControlsArgs['addAlert']>): Promise<SpendAlert> {
  const whose = projectId ? `project ${projectId}` : 'the organization';
  let amount = args.amountUsd;
  if (amount === undefined) {
    const text = await vscode.window.showInputBox({ title: `Add Email Alert: ${whose}`, prompt: 'Monthly spend in USD that sends the email', ignoreFocusOut: true, validateInput: (v) => (parseAmount(v) ? undefined : 'A number of dollars above 0, e.g. 50') });
    if (text === undefined) throw new Cancelled();
    amount = parseAmount(text);
  }
  let recipients = args.recipients;
  if (!recipients) {
    const text = await vscode.window.showInputBox({ title: `Add Email Alert: ${whose}`, prompt: 'Email addresses, separated by commas', ignoreFocusOut: true, validateInput: (v) => (v.split(',').every((r) => /^[^\s@]+@[^\s@]+$/.test(r.trim())) ? undefined : 'e.g. finance@example.com, dev@example.com') });
    if (text === undefined) throw new Cancelled();
    recipients = text.split(',').map((r) => r.trim());
  }
  if (!amount || recipients.length === 0) throw new UserError('A spend alert needs an amount above $0 and at least one email address.');
  const confirmed = args.confirm ?? (await vscode.window.showWarningMessage(`Email ${recipients.join(', ')} when ${whose} spends ${usd(amount)} in a month?`, { modal: true }, 'Add Alert')) === 'Add Alert';
  if (!confirmed) throw new Cancelled();
  const { client } = await usage.client();
  const alert = await createSpendAlert(client, projectId, amount, recipients);
  void vscode.window.showInformationMessage(`Spend alert added for ${whose}: ${usd(alert.thresholdUsd)} a month.`);
  return alert;
}
