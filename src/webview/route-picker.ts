/**
 * The route picker: a combobox over the catalogue, grouped by resource and filtered as the user
 * types. Deprecated and shut-down routes are marked; admin routes show only for admin keys.
 * Keyboard: arrows move, Enter picks, Escape closes.
 */
import { groupByTag, searchRoutes } from '../core/catalogue/route-search';
import type { RouteInfo } from '../core/catalogue/route-types';
import { h, replaceChildren } from './dom';

export type Pick = { readonly kind: 'route'; readonly route: RouteInfo } | { readonly kind: 'custom' };

export class RoutePicker {
  readonly element: HTMLElement;
  private readonly input: HTMLInputElement;
  private readonly list: HTMLElement;
  private routes: readonly RouteInfo[] = [];
  private admin = false;
  private options: { el: HTMLElement; pick: Pick }[] = [];
  private active = -1;
  private open = false;
  private currentLabel = '';

  constructor(private readonly onPick: (pick: Pick) => void) {
    this.input = h('input', {
      id: 'route-search',
      class: 'route-input',
      type: 'text',
      role: 'combobox',
      'aria-expanded': 'false',
      'aria-controls': 'route-list',
      'aria-autocomplete': 'list',
      'aria-label': 'Route: search by path, name or group',
      placeholder: 'Loading routes…',
      autocomplete: 'off',
      spellcheck: 'false',
    });
    this.list = h('div', { id: 'route-list', class: 'route-list', role: 'listbox', 'aria-label': 'Routes', hidden: true });
    this.element = h('div', { class: 'route-picker' }, this.input, this.list);
    this.input.addEventListener('focus', () => {
      this.input.select();
      this.show();
    });
    this.input.addEventListener('input', () => {
      this.show();
      this.render();
    });
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('blur', () => setTimeout(() => {
      if (!this.element.contains(document.activeElement)) this.hide(true);
    }, 150));
    this.list.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
  }

  setRoutes(routes: readonly RouteInfo[]): void {
    this.routes = routes;
    this.input.placeholder = `Search ${routes.length} routes by path, name or group`;
    if (this.open) this.render();
  }

  setAdmin(admin: boolean): void {
    this.admin = admin;
    if (this.open) this.render();
  }

  /** Shows the chosen route (or the custom path) in the closed box. */
  setCurrent(route: RouteInfo | undefined, custom: boolean): void {
    this.currentLabel = route ? `${route.method} ${route.path}${route.fixedQuery ? `?${route.fixedQuery}` : ''} · ${route.summary}` : custom ? 'Custom path' : '';
    if (!this.open) this.input.value = this.currentLabel;
  }

  focus(): void {
    this.input.focus();
  }

  private show(): void {
    if (this.open) return;
    this.open = true;
    if (this.input.value === this.currentLabel) this.input.value = '';
    this.list.hidden = false;
    this.input.setAttribute('aria-expanded', 'true');
    this.render();
  }

  private hide(restore: boolean): void {
    this.open = false;
    this.list.hidden = true;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
    if (restore) this.input.value = this.currentLabel;
  }

  private render(): void {
    const groups = groupByTag(searchRoutes(this.routes, this.input.value, { admin: this.admin, order: 'catalogue' }));
    this.options = [];
    const children: HTMLElement[] = [];
    const custom = this.option({ kind: 'custom' }, h('span', { class: 'route-path' }, 'Custom path…'), h('span', { class: 'route-summary' }, 'type any path, e.g. for a compatible server'));
    children.push(custom);
    for (const [tag, routes] of groups) {
      const label = h('div', { class: 'route-group-label', role: 'presentation' }, tag);
      const group = h('div', { role: 'group', 'aria-label': tag }, label);
      for (const route of routes) {
        group.appendChild(this.option(
          { kind: 'route', route },
          h('span', { class: `method method-${route.method.toLowerCase()}` }, route.method),
          h('span', { class: 'route-path' }, route.fixedQuery ? `${route.path}?${route.fixedQuery}` : route.path),
          h('span', { class: 'route-summary' }, route.summary),
          route.shutDown ? h('span', { class: 'badge badge-warn', title: `Shut down on ${route.shutDown}` }, `shut down ${route.shutDown}`) : route.deprecated ? h('span', { class: 'badge badge-warn' }, 'deprecated') : null,
          route.adminOnly ? h('span', { class: 'badge' }, 'admin') : null,
          route.streaming ? h('span', { class: 'badge' }, 'stream') : null,
        ));
      }
      children.push(group);
    }
    if (groups.size === 0) {
      children.push(h('div', { class: 'route-empty' }, this.routes.length === 0 ? 'Routes are loading…' : this.admin ? 'No admin route matches. Admin keys only call the admin API.' : 'No route matches; pick "Custom path" to type one.'));
    }
    replaceChildren(this.list, ...children);
    this.setActive(this.options.length > 1 && this.input.value.trim() ? 1 : 0);
  }

  private option(pick: Pick, ...content: (HTMLElement | null)[]): HTMLElement {
    const index = this.options.length;
    const el = h('div', { id: `route-opt-${index}`, class: 'route-option', role: 'option', 'aria-selected': 'false', 'data-pick': pick.kind === 'route' ? pick.route.operationId : 'custom' }, ...content);
    if (pick.kind === 'route' && (pick.route.deprecated || pick.route.shutDown)) el.classList.add('route-deprecated');
    el.addEventListener('click', () => this.choose(index));
    this.options.push({ el, pick });
    return el;
  }

  private setActive(index: number): void {
    this.options[this.active]?.el.setAttribute('aria-selected', 'false');
    this.active = Math.max(0, Math.min(index, this.options.length - 1));
    const current = this.options[this.active];
    if (!current) return;
    current.el.setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', current.el.id);
    current.el.scrollIntoView({ block: 'nearest' });
  }

  private choose(index: number): void {
    const option = this.options[index];
    if (!option) return;
    this.hide(false);
    this.onPick(option.pick);
    this.input.value = this.currentLabel;
  }

  private onKey(e: KeyboardEvent): void {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!this.open) this.show();
      else this.setActive(this.active + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'PageDown' || e.key === 'PageUp') {
      e.preventDefault();
      this.setActive(this.active + (e.key === 'PageDown' ? 10 : -10));
    } else if (e.key === 'Enter' && this.open && !(e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      this.choose(this.active);
    } else if (e.key === 'Escape' && this.open) {
      e.preventDefault();
      e.stopPropagation();
      this.hide(true);
    }
  }
}
