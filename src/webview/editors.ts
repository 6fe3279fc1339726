/**
 * CodeMirror (json-editor.ts and its libraries, about half of the page's code) is a separate chunk,
 * loaded on first use or once the page is idle after its routes are listed, so the first paint parses
 * only the page itself. The chunk comes from the same webview folder as main.js (the CSP allows it).
 */
type Editors = typeof import('./json-editor');

let loading: Promise<Editors> | undefined;

export function loadEditors(): Promise<Editors> {
  loading ??= import('./json-editor');
  return loading;
}

/** Starts loading when the page has nothing else to do, so the editor is ready before it is needed. */
export function preloadEditors(): void {
  const start = (): void => void loadEditors();
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 1000 });
  else setTimeout(start, 0);
}
