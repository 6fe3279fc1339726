/** The builder's page skeleton: top bar, request and response tabs, export and history. */
import { h } from './dom';

export interface Layout {
  readonly root: HTMLElement;
  readonly keySlot: HTMLElement;
  readonly keyInfo: HTMLElement;
  readonly routeSlot: HTMLElement;
  readonly methodSlot: HTMLElement;
  readonly pathSlot: HTMLElement;
  readonly sendSlot: HTMLElement;
  readonly permission: HTMLElement;
  readonly problems: HTMLElement;
  readonly notice: HTMLElement;
  readonly requestTabs: HTMLElement;
  readonly paramsPanel: HTMLElement;
  readonly headersPanel: HTMLElement;
  readonly bodyPanel: HTMLElement;
  readonly resultStatus: HTMLElement;
  readonly resultTabs: HTMLElement;
  readonly responsePanel: HTMLElement;
  readonly streamPanel: HTMLElement;
  readonly resultHeadersPanel: HTMLElement;
  readonly exportSlot: HTMLElement;
  readonly snippet: HTMLElement;
  readonly curlSlot: HTMLElement;
  readonly historySlot: HTMLElement;
}

function tabs(id: string, label: string, names: readonly string[], panels: readonly HTMLElement[]): HTMLElement {
  const el = h('vscode-tabs', { id, 'aria-label': label, panel: true });
  names.forEach((name, i) => {
    // vscode-tabs assigns the ids of its headers and panels itself.
    el.appendChild(h('vscode-tab-header', { slot: 'header', 'data-tab': name.toLowerCase() }, name));
    el.appendChild(h('vscode-tab-panel', {}, panels[i] as HTMLElement));
  });
  return el;
}

export function buildLayout(): Layout {
  const slot = (cls: string, id?: string): HTMLElement => h('div', { class: cls, id });
  const l = {
    keySlot: slot('key-slot', 'key-slot'),
    keyInfo: h('span', { class: 'note', id: 'key-info' }),
    routeSlot: slot('route-slot'),
    methodSlot: slot('method-slot'),
    pathSlot: slot('path-slot'),
    sendSlot: slot('send-slot'),
    permission: h('div', { class: 'banner banner-warn', id: 'permission-banner', role: 'alert', hidden: true }),
    problems: h('ul', { class: 'problems', id: 'problems', 'aria-live': 'polite' }),
    notice: h('div', { class: 'notice', id: 'notice', role: 'status', 'aria-live': 'polite' }),
    paramsPanel: slot('panel'),
    headersPanel: slot('panel'),
    bodyPanel: slot('panel'),
    resultStatus: slot('result-status'),
    responsePanel: slot('panel'),
    streamPanel: slot('panel'),
    resultHeadersPanel: slot('panel'),
    exportSlot: slot('row toolbar', 'export-bar'),
    snippet: h('pre', { class: 'snippet', id: 'snippet', tabindex: '0', hidden: true, 'aria-label': 'Exported request' }),
    curlSlot: slot('curl-import', 'curl-import'),
    historySlot: slot('history', 'history'),
  };
  const requestTabs = tabs('request-tabs', 'Request', ['Params', 'Headers', 'Body'], [l.paramsPanel, l.headersPanel, l.bodyPanel]);
  const resultTabs = tabs('result-tabs', 'Response', ['Response', 'Stream', 'Headers'], [l.responsePanel, l.streamPanel, l.resultHeadersPanel]);
  const root = h('div', { class: 'app' },
    h('header', { class: 'top' },
      h('div', { class: 'row' }, h('label', { class: 'row-label', for: 'key-select' }, 'Key'), l.keySlot, l.keyInfo),
      h('div', { class: 'row' }, h('label', { class: 'row-label', for: 'route-search' }, 'Route'), l.routeSlot),
      h('div', { class: 'row' }, h('span', { class: 'row-label' }, 'Request'), l.methodSlot, l.pathSlot, l.sendSlot),
      l.permission, l.problems, l.notice),
    h('main', { class: 'split' },
      h('section', { class: 'request-side', 'aria-label': 'Request' }, requestTabs),
      h('section', { class: 'response-side', 'aria-label': 'Response' }, l.resultStatus, resultTabs)),
    h('footer', { class: 'bottom' },
      h('section', { 'aria-label': 'Export and import' }, l.exportSlot, l.snippet, l.curlSlot),
      h('section', { 'aria-label': 'History' }, l.historySlot)));
  return { root, requestTabs, resultTabs, ...l };
}
