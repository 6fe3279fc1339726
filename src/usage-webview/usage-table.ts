/**
 * The sortable totals table: a plain <table> with a caption, column headers that are buttons
 * (keyboard reachable) and `aria-sort` on the sorted column, so screen readers announce the order.
 * It is also the text alternative of the charts.
 */
import type { UsageSubjectKind, UsageTotalsRow } from '../core/usage/usage-report';
import { el } from './usage-dom';
import { TABLE_COLUMNS, TableColumn, TableSort, formatCell, nextSort, tableRows } from './usage-view-model';

const HEADERS: Record<TableColumn, string> = {
  label: 'Name', costUsd: 'Cost (USD)', inputTokens: 'Input tokens', outputTokens: 'Output tokens', cachedInputTokens: 'Cached input tokens', requests: 'Requests',
};
const KIND_NAMES: Record<Exclude<UsageSubjectKind, 'lineItem'>, string> = { apiKey: 'API key', project: 'project', model: 'model' };

export class TotalsTable {
  private sort: TableSort = { column: 'costUsd', direction: 'descending' };
  private kind: Exclude<UsageSubjectKind, 'lineItem'> = 'apiKey';
  private totals: readonly UsageTotalsRow[] = [];
  readonly element = el('table', { class: 'totals', id: 'totals-table' });

  setKind(kind: Exclude<UsageSubjectKind, 'lineItem'>): void {
    this.kind = kind;
    this.render();
  }

  update(totals: readonly UsageTotalsRow[]): void {
    this.totals = totals;
    this.render();
  }

  private render(): void {
    const rows = tableRows(this.totals, this.kind, this.sort);
    const caption = el('caption', {}, `Totals per ${KIND_NAMES[this.kind]} (${rows.length} ${rows.length === 1 ? 'row' : 'rows'}), sorted by ${HEADERS[this.sort.column]} ${this.sort.direction}`);
    const head = el('tr', {}, ...TABLE_COLUMNS.map((column) => {
      const button = el('button', { type: 'button', class: 'sort', 'data-column': column }, HEADERS[column]);
      button.addEventListener('click', () => {
        this.sort = nextSort(this.sort, column);
        this.render();
        (this.element.querySelector(`button[data-column="${column}"]`) as HTMLButtonElement | null)?.focus();
      });
      const th = el('th', { scope: 'col', class: column === 'label' ? '' : 'num' }, button);
      th.setAttribute('aria-sort', this.sort.column === column ? this.sort.direction : 'none');
      return th;
    }));
    const body = el('tbody', {}, ...rows.map((row) => el('tr', { 'data-id': row.subject.id }, ...TABLE_COLUMNS.map((column) =>
      column === 'label' ? el('th', { scope: 'row' }, formatCell(row, column)) : el('td', { class: 'num' }, formatCell(row, column))))));
    if (rows.length === 0) body.append(el('tr', {}, el('td', { colspan: String(TABLE_COLUMNS.length) }, 'No rows in this range.')));
    this.element.replaceChildren(caption, el('thead', {}, head), body);
  }
}
