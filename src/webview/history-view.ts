/** The history list under the builder: one button per past request (never with its key). */
import type { HistorySummary } from '../protocol/protocol';
import { button } from './controls';
import { formatDuration, h, replaceChildren } from './dom';

export interface HistoryActions {
  load(entryId: string): void;
  clear(): void;
}

export function renderHistory(slot: HTMLElement, entries: readonly HistorySummary[], act: HistoryActions): void {
  const items = entries.map((e) => {
    const when = new Date(e.at).toLocaleTimeString();
    const result = e.outcome === 'completed' ? String(e.status ?? 'done') : `${e.outcome}${e.status !== undefined ? ` (${e.status})` : ''}`;
    const label = `${e.method} ${e.path} · ${result}${e.durationMs !== undefined ? ` · ${formatDuration(e.durationMs)}` : ''} · ${when}`;
    const item = h('button', { class: 'history-item', type: 'button', title: e.keyName ? `Sent with '${e.keyName}'` : undefined }, label);
    item.addEventListener('click', () => act.load(e.id));
    return h('li', {}, item);
  });
  replaceChildren(slot,
    h('div', { class: 'row' }, h('h2', {}, 'History'), entries.length ? button('Clear History', () => act.clear(), { secondary: true, id: 'clear-history' }) : null),
    entries.length ? h('ul', { class: 'history-list', id: 'history-list' }, ...items) : h('p', { class: 'note' }, 'Requests you send appear here (never with their key).'));
}
