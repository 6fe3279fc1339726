/**
 * The Usage page's budgets and spend controls. Budgets: this month's spend against each key's and
 * project's monthly budget, with an inline field to set or clear it (the host parses and validates
 * the amount, and says what is wrong in words). Spend controls: OpenAI's hard limits and alerts, with
 * buttons that run the host's own flows (their prompts and confirmations happen in VS Code).
 * A spend that could not be read shows as "not read", never as a number.
 */
import type { BudgetView, SpendOwnerView } from '../protocol/usage-protocol';
import type { UsageBridge } from './usage-bridge';
import { el } from './usage-dom';

const usd = (v: number): string => `$${v.toFixed(2)}`;

export class SpendSection {
  readonly budgetsElement = el('section', { id: 'budgets', 'aria-labelledby': 'budgets-heading' });
  readonly controlsElement = el('section', { id: 'spend-controls', 'aria-labelledby': 'spend-controls-heading' });
  private readonly budgetStatus = el('p', { id: 'budgets-status', role: 'status', 'aria-live': 'polite' });
  private readonly budgetProblems = el('div', { id: 'budgets-problems', role: 'alert' });
  private readonly budgetTable = el('table', { class: 'totals', id: 'budgets-table' });
  private readonly controlsStatus = el('p', { id: 'spend-controls-status', role: 'status', 'aria-live': 'polite' });
  private readonly controlsList = el('div', { id: 'spend-controls-list' });
  private rows: BudgetView[] = [];
  private owners: readonly SpendOwnerView[] = [];
  private focusProjectId: string | undefined;

  constructor(private readonly bridge: UsageBridge) {
    this.budgetsElement.append(el('h2', { id: 'budgets-heading' }, 'Monthly budgets'), this.budgetStatus, this.budgetProblems, this.budgetTable);
    this.controlsElement.append(el('h2', { id: 'spend-controls-heading' }, 'Spend limits and alerts at OpenAI'), this.controlsStatus, this.controlsList);
  }

  /** Reads budgets against this month's spend (after each complete report: its keys and projects). */
  refreshBudgets(): void {
    this.budgetStatus.textContent = 'Reading this month’s spend…';
    this.bridge.request({ type: 'budgets' }).then((reply) => {
      this.rows = [...reply.rows];
      this.budgetProblems.replaceChildren(...reply.problems.map((p) => el('p', { class: 'problem', 'data-kind': 'budgets' }, p)));
      this.budgetStatus.textContent = `Spend in ${reply.month} (UTC) against monthly budgets. Type an amount in USD, or clear it to remove the budget.`;
      this.renderBudgets();
    }, (error: Error) => {
      this.budgetProblems.replaceChildren(el('p', { class: 'problem', 'data-kind': 'budgets' }, `Budgets could not be read: ${error.message}`));
      this.budgetStatus.textContent = '';
    });
  }

  refreshControls(): void {
    this.controlsStatus.textContent = 'Reading spend limits and alerts…';
    this.bridge.request({ type: 'spendControls' }).then((reply) => {
      this.owners = reply.owners;
      this.controlsStatus.textContent = '';
      this.renderControls();
    }, (error: Error) => {
      this.owners = [];
      this.controlsList.replaceChildren(el('p', { class: 'problem', 'data-kind': 'spend-controls' }, `Spend limits and alerts could not be read: ${error.message}`));
      this.controlsStatus.textContent = '';
    });
  }

  /** Shows the organization and this project only ('' or undefined: every project). */
  setFocus(projectId: string | undefined): void {
    this.focusProjectId = projectId;
    this.renderControls();
  }

  private renderBudgets(): void {
    const head = el('tr', {}, ...['Name', 'Kind', 'Spent this month', 'Monthly budget', 'Used', 'Set budget (USD)'].map((h, i) => el('th', { scope: 'col', class: i >= 2 && i <= 4 ? 'num' : '' }, h)));
    const body = el('tbody', {}, ...this.rows.map((row) => this.budgetRow(row)));
    if (this.rows.length === 0) body.append(el('tr', {}, el('td', { colspan: '6' }, 'No keys or projects in this range, and no budgets set.')));
    this.budgetTable.replaceChildren(el('caption', {}, `Monthly budgets (${this.rows.length} rows)`), el('thead', {}, head), body);
  }

  private budgetRow(row: BudgetView): HTMLTableRowElement {
    const id = `budget-${row.kind}-${row.subjectId}`;
    const input = el('input', { type: 'text', inputmode: 'decimal', id, size: '8', 'aria-label': `Monthly budget in USD for ${row.kind} ${row.label}`, value: row.budgetUsd !== undefined ? String(row.budgetUsd) : '' });
    const save = el('button', { type: 'button', class: 'secondary' }, 'Save');
    const form = el('form', { class: 'budget-form' }, input, save);
    const submit = (event?: Event): void => {
      event?.preventDefault();
      this.budgetStatus.textContent = `Saving the budget of ${row.label}…`;
      this.bridge.request({ type: 'setBudget', kind: row.kind, subjectId: row.subjectId, amount: input.value }).then((reply) => {
        const next: BudgetView = { ...reply.row, label: row.label, ...(row.spentUsd !== undefined ? { spentUsd: row.spentUsd } : {}) };
        this.rows = this.rows.map((r) => (r.kind === row.kind && r.subjectId === row.subjectId ? next : r));
        this.renderBudgets();
        this.budgetStatus.textContent = next.budgetUsd !== undefined ? `The monthly budget of ${row.label} is ${usd(next.budgetUsd)}.` : `The budget of ${row.label} is removed.`;
      }, (error: Error) => {
        this.budgetStatus.textContent = `Not saved: ${error.message}`;
      });
    };
    form.addEventListener('submit', submit);
    save.addEventListener('click', () => submit());
    const spent = row.spentUsd !== undefined ? usd(row.spentUsd) : 'not read';
    const used = row.spentUsd !== undefined && row.budgetUsd !== undefined ? `${Math.floor((row.spentUsd / row.budgetUsd) * 100)}%` : '—';
    const over = row.spentUsd !== undefined && row.budgetUsd !== undefined && row.spentUsd >= row.budgetUsd;
    return el('tr', { 'data-id': row.subjectId, 'data-kind': row.kind, ...(over ? { class: 'over-budget' } : {}) },
      el('th', { scope: 'row' }, row.label), el('td', {}, row.kind === 'key' ? 'API key' : 'Project'),
      el('td', { class: 'num' }, spent), el('td', { class: 'num' }, row.budgetUsd !== undefined ? usd(row.budgetUsd) : 'none'),
      el('td', { class: 'num' }, used), el('td', {}, form));
  }

  private renderControls(): void {
    const shown = this.owners.filter((o) => !this.focusProjectId || o.projectId === '' || o.projectId === this.focusProjectId);
    this.controlsList.replaceChildren(...shown.map((o) => this.owner(o)));
  }

  private owner(o: SpendOwnerView): HTMLElement {
    const limit = o.limit ? `${usd(o.limit.thresholdUsd)} a ${o.limit.interval} (${o.limit.enforcement})` : 'none';
    const alerts = o.alerts.length ? o.alerts.map((a) => `${usd(a.thresholdUsd)} → ${a.recipients} recipient(s)`).join(', ') : 'none';
    const action = (kind: 'setLimit' | 'addAlert', text: string): HTMLButtonElement => {
      const button = el('button', { type: 'button', class: 'secondary', 'data-action': kind, 'aria-label': `${text} (${o.name})` }, text);
      button.addEventListener('click', () => {
        this.controlsStatus.textContent = 'Continue in the VS Code prompt…';
        this.bridge.request({ type: 'spendAction', action: kind, projectId: o.projectId }).then((reply) => {
          this.controlsStatus.textContent = reply.done ? 'Done.' : 'Cancelled: nothing was changed.';
          if (reply.done) this.refreshControls();
        }, (error: Error) => {
          this.controlsStatus.textContent = `Failed: ${error.message}`;
        });
      });
      return button;
    };
    return el('div', { class: 'spend-owner', 'data-project': o.projectId },
      el('h3', {}, o.projectId ? `${o.name} (${o.projectId})` : o.name),
      o.error ? el('p', { class: 'problem', 'data-kind': 'spend-controls' }, `Not read: ${o.error}`) : el('p', {}, `Hard limit: ${limit} · Alerts: ${alerts}`),
      el('div', { class: 'controls' }, action('setLimit', 'Set Spend Limit…'), action('addAlert', 'Add Spend Alert…')));
  }
}
