import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** The only folder the webview may load from: the built bundle and its stylesheet. */
export function webviewRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableForms: false, localResourceRoots: [webviewRoot(extensionUri)] };
}

/** A fresh, unguessable nonce per page load. */
export function newNonce(): string {
  return randomBytes(18).toString('base64').replace(/[+/=]/g, '');
}

/**
 * The page: a strict CSP first (nothing but our nonce'd module and its chunks, styles from the webview's own
 * origin, images and audio only from data:/blob:, no network at all), then the stylesheet and
 * the bundle.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = newNonce()): string {
  const root = webviewRoot(extensionUri);
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.css'));
  const csp = [
    "default-src 'none'",
    // The nonce admits main.js; the chunks it imports (CodeMirror, loaded later) come from the same
    // webview folder, which localResourceRoots limits to dist/webview.
    `script-src 'nonce-${nonce}' ${webview.cspSource}`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    'img-src data: blob:',
    'media-src data: blob:',
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
<title>OpenAI Request Builder</title>
</head>
<body>
<div id="root" class="loading">Loading the request builder…</div>
<script type="module" nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
