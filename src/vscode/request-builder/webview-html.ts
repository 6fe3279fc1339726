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

/** What a page may load beyond the common floor (our nonce'd script, no network, no frames or forms). */
export interface PagePolicy {
  /** Scripts the nonce'd entry imports later (chunks) from the webview's own folder. */
  readonly scriptChunks?: boolean;
  /** Styles set by our nonce'd code (CodeMirror) besides the stylesheet. */
  readonly styleNonce?: boolean;
  /** blob: images and data:/blob: audio (results the host sends as bytes). */
  readonly media?: boolean;
}

/** A webview page: a strict CSP first, then the stylesheet, a loading line and the bundle. */
export function webviewPage(webview: vscode.Webview, page: { nonce: string; policy: PagePolicy; script: vscode.Uri; style: vscode.Uri; title: string; loading: string; module?: boolean }): string {
  const { nonce, policy } = page;
  const csp = [
    "default-src 'none'",
    // The nonce admits the entry; chunks it imports come from the same webview folder, which
    // localResourceRoots limits to the page's own dist folder.
    `script-src 'nonce-${nonce}'${policy.scriptChunks ? ` ${webview.cspSource}` : ''}`,
    `style-src ${webview.cspSource}${policy.styleNonce ? ` 'nonce-${nonce}'` : ''}`,
    policy.media ? 'img-src data: blob:' : 'img-src data:',
    ...(policy.media ? ['media-src data: blob:'] : []),
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
<link rel="stylesheet" href="${page.style.toString()}">
<title>${page.title}</title>
</head>
<body>
<div id="root" class="loading">${page.loading}</div>
<script${page.module ? ' type="module"' : ''} nonce="${nonce}" src="${page.script.toString()}"></script>
</body>
</html>`;
}

/** The request builder's page: its module entry loads CodeMirror later as a chunk; results may carry media. */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = newNonce()): string {
  const root = webviewRoot(extensionUri);
  return webviewPage(webview, {
    nonce,
    policy: { scriptChunks: true, styleNonce: true, media: true },
    script: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')),
    style: webview.asWebviewUri(vscode.Uri.joinPath(root, 'webview.css')),
    title: 'OpenAI Request Builder',
    loading: 'Loading the request builder…',
    module: true,
  });
}
