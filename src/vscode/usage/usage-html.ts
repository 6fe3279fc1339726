import * as vscode from 'vscode';
import { newNonce } from '../request-builder/webview-html';

/** The only folder the Usage page may load from: its bundle and stylesheet. */
export function usageRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'usage');
}

export function usageWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableForms: false, localResourceRoots: [usageRoot(extensionUri)] };
}

/**
 * The page: the request builder's CSP (only our nonce'd script, styles from the webview's own
 * origin, no network at all: `connect-src 'none'`), then the stylesheet and the bundle. uPlot
 * styles through the CSSOM, which the CSP does not restrict, and injects no <style>.
 */
export function usageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = newNonce()): string {
  const root = usageRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.css'));
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    'img-src data:',
    `font-src ${webview.cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>Usage and Costs</title>
</head>
<body>
<div id="root" class="loading">Loading usage and costs…</div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
