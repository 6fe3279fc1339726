import * as vscode from 'vscode';
import { newNonce, webviewPage } from '../request-builder/webview-html';

/** The only folder the Usage page may load from: its bundle and stylesheet. */
export function usageRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'usage');
}

export function usageWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableForms: false, localResourceRoots: [usageRoot(extensionUri)] };
}

/**
 * The page, under the request builder's CSP floor: only our nonce'd script, styles from the webview's
 * own origin, no network at all (`connect-src 'none'`). uPlot styles through the CSSOM, which the CSP
 * does not restrict, and injects no <style>.
 */
export function usageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = newNonce()): string {
  const root = usageRoot(extensionUri);
  return webviewPage(webview, {
    nonce,
    policy: {},
    script: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')),
    style: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css')),
    title: 'Usage and Costs',
    loading: 'Loading usage and costs…',
  });
}
