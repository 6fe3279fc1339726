/**
 * OpenAI's own spend controls, through the admin client: hard spend limits (organization and per
 * project) and spend alerts (email at a monthly threshold). Amounts go to OpenAI in cents.
 */
import { AdminApiError, AdminClient } from '../admin/admin-client';

export interface SpendLimit {
  readonly thresholdUsd: number;
  readonly currency: string;
  readonly interval: string;
  /** 'enforcing' once spend reached the limit, else 'inactive'. */
  readonly enforcement: string;
}

export interface SpendAlert {
  readonly id: string;
  readonly thresholdUsd: number;
  readonly interval: string;
  readonly recipients: readonly string[];
}

/** '' = the organization, else a project id. */
export type SpendOwner = string;

function base(owner: SpendOwner): string {
  return owner ? `/organization/projects/${encodeURIComponent(owner)}` : '/organization';
}

function cents(usdAmount: number): number {
  if (!Number.isFinite(usdAmount) || usdAmount < 0.01) throw new AdminApiError('refused', 'A spend amount must be at least $0.01.');
  return Math.round(usdAmount * 100);
}

function parseLimit(v: unknown): SpendLimit {
  const o = (v ?? {}) as Record<string, unknown>;
  const enforcement = (o.enforcement ?? {}) as { status?: unknown };
  return {
    thresholdUsd: typeof o.threshold_amount === 'number' ? o.threshold_amount / 100 : 0,
    currency: typeof o.currency === 'string' ? o.currency : 'USD',
    interval: typeof o.interval === 'string' ? o.interval : 'month',
    enforcement: typeof enforcement.status === 'string' ? enforcement.status : 'unknown',
  };
}

function parseAlert(v: unknown): SpendAlert {
  const o = (v ?? {}) as Record<string, unknown>;
  const channel = (o.notification_channel ?? {}) as { recipients?: unknown };
  if (typeof o.id !== 'string') throw new Error('A spend alert in the answer has no id.');
  return {
    id: o.id,
    thresholdUsd: typeof o.threshold_amount === 'number' ? o.threshold_amount / 100 : 0,
    interval: typeof o.interval === 'string' ? o.interval : 'month',
    recipients: Array.isArray(channel.recipients) ? channel.recipients.filter((r): r is string => typeof r === 'string') : [],
  };
}

/** The hard limit, or undefined when none is set (OpenAI answers 404). */
export async function getSpendLimit(client: AdminClient, owner: SpendOwner, signal?: AbortSignal): Promise<SpendLimit | undefined> {
  try {
    return parseLimit(await client.request('GET', `${base(owner)}/spend_limit`, undefined, signal));
  } catch (error) {
    if (error instanceof AdminApiError && error.kind === 'not-found') return undefined;
    throw error;
  }
}

export async function setSpendLimit(client: AdminClient, owner: SpendOwner, usdAmount: number, signal?: AbortSignal): Promise<SpendLimit> {
  return parseLimit(await client.request('POST', `${base(owner)}/spend_limit`, { threshold_amount: cents(usdAmount), currency: 'USD', interval: 'month' }, signal));
}

export async function deleteSpendLimit(client: AdminClient, owner: SpendOwner, signal?: AbortSignal): Promise<void> {
  await client.request('DELETE', `${base(owner)}/spend_limit`, undefined, signal);
}

export function listSpendAlerts(client: AdminClient, owner: SpendOwner, signal?: AbortSignal): Promise<SpendAlert[]> {
  return client.listAll(`${base(owner)}/spend_alerts`, {}, parseAlert, signal);
}

export async function createSpendAlert(client: AdminClient, owner: SpendOwner, usdAmount: number, recipients: readonly string[], signal?: AbortSignal): Promise<SpendAlert> {
  if (recipients.length === 0) throw new AdminApiError('refused', 'A spend alert needs at least one email address.');
  return parseAlert(await client.request('POST', `${base(owner)}/spend_alerts`, {
    threshold_amount: cents(usdAmount), currency: 'USD', interval: 'month', notification_channel: { type: 'email', recipients },
  }, signal));
}
