/** The builder's top bar: the key choice and its facts, the route picker's current route, method and path. */
import type { RouteInfo } from '../core/catalogue/route-types';
import { HTTP_METHODS, HttpMethod, KeySummary } from '../protocol/protocol';
import { select, textField } from './controls';
import { h, replaceChildren } from './dom';
import type { Layout } from './layout';
import type { RoutePicker } from './route-picker';

export interface TopBarModel {
  readonly keys: readonly KeySummary[];
  readonly keyId: string | undefined;
  readonly key: KeySummary | undefined;
  readonly route: RouteInfo | undefined;
  readonly method: HttpMethod;
  readonly path: string;
}

export interface TopBarActions {
  chooseKey(id: string): void;
  chooseMethod(method: HttpMethod): void;
  typePath(path: string): void;
}

/** Draws the bar; returns the path field (Custom path focuses it). */
export function renderTopBar(l: Layout, picker: RoutePicker, m: TopBarModel, act: TopBarActions): HTMLElement {
  const keyChoices = m.keys.map((k) => ({
    value: k.id,
    label: `${k.active ? '● ' : ''}${k.name}`,
    description: `${k.kindLabel} · ${k.levelLabel} · ${k.masked}${k.secretMissing ? ' · secret missing' : ''}`,
  }));
  replaceChildren(l.keySlot, m.keys.length
    ? select(keyChoices, m.keyId ?? '', 'Key', (id) => act.chooseKey(id), 'key-select')
    : h('span', { class: 'note', id: 'key-select' }, 'No keys yet: add one in the OpenAI Keys view.'));
  l.keyInfo.textContent = m.key ? `${m.key.kindLabel} · ${m.key.levelLabel} · ${m.key.masked} · ${m.key.origin}` : '';
  picker.setAdmin(m.key?.admin ?? false);
  picker.setCurrent(m.route, m.path !== '' && !m.route);

  replaceChildren(l.methodSlot, select(HTTP_METHODS.map((method) => ({ value: method, label: method })), m.method, 'HTTP method', (method) => act.chooseMethod(method as HttpMethod), 'method-select'));
  const pathField = textField(m.path, { label: 'Path', placeholder: '/responses', id: 'path-field' }, (path) => act.typePath(path));
  replaceChildren(l.pathSlot, pathField);
  return pathField;
}
