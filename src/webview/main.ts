// Entry of the request builder's browser bundle (dist/webview/main.js, an ES module; CodeMirror is a
// chunk beside it, loaded later). It registers the VS Code-styled controls it uses and starts the app.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { App } from './app';

// The nonce the host put on this script; CodeMirror needs it for the styles it injects. A module
// script has no document.currentScript, so it is found by its attribute.
const nonce = document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || undefined;

function start(): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('The request builder page has no #root element.');
  new App(nonce).start(root);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
