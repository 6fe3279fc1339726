// Steps the attack suite repeats in each window: keys added through the UI as a user does, commands
// started the way another extension (or the palette) starts them, and the checks made from outside.
import * as assert from 'node:assert/strict';
import { sleep } from '../../scripts/vscode-host';
import type { HostileRepo } from '../fixtures/hostile-repo';
import type { RecordingServer } from '../fixtures/hostile-server';
import { addKeyViaUi, type UiKey } from '../e2e/harness/add-key';
import { closeLeftovers, refuseDialogsUntil, type AttackSession, type ExecResult } from './harness/attack-session';

/** The suite's keys: added from the palette for this workspace with the All level (test/e2e/harness/add-key.ts). */
export type SuiteKey = Pick<UiKey, 'name' | 'secret' | 'baseUrl' | 'organization' | 'project'>;
export { addKeyViaUi };

/**
 * Runs a command as the palette does (no arguments), picks `pick` in its first quick pick, then
 * refuses every dialog until the command ends. Returns the dialog texts seen.
 */
export async function runPicking(session: AttackSession, command: string, pick: string | undefined, timeoutMs = 60_000): Promise<{ exec: ExecResult; dialogs: string[] }> {
  const wb = session.workbench;
  const exec = session.rpc<ExecResult>('exec', { command, timeoutMs });
  if (pick) {
    await wb.quickInputBox.waitFor({ timeout: 20_000 });
    await wb.pickQuickPickItem(pick);
  }
  const { result, dialogs } = await refuseDialogsUntil(wb, exec, { pickFirst: false });
  await closeLeftovers(wb);
  return { exec: result, dialogs };
}

/** Waits until `check` returns true; false when the time runs out (for outcomes that may never come). */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return true;
    await sleep(200);
  }
  return check();
}

/**
 * Waits for a positive signal (the extension has handled the action) and FAILS when it never comes:
 * the negative check that follows then proves something.
 */
export async function expectSoon(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  assert.ok(await waitFor(check, timeoutMs), `${what} (no signal within ${timeoutMs / 1000} s)`);
}

/** The outcome every attack must leave: no git program ran, nothing reached the foreign server. */
export function assertNothingEscaped(repo: HostileRepo, foreign: RecordingServer, what: string): void {
  assert.deepEqual(repo.markers(), [], `${what}: a repository-configured git program ran`);
  assert.deepEqual(
    foreign.requests.map((r) => `${r.method} ${r.url} (headers: ${Object.keys(r.headers).join(', ')})`),
    [],
    `${what}: a request reached the foreign server`,
  );
}

/** No request to `server` carried `text` anywhere (URL, headers, body). */
export function assertNotSent(server: RecordingServer, text: string, what: string): void {
  const carrying = server.requests.filter((r) => r.url.includes(text) || JSON.stringify(r.headers).includes(text) || r.body.includes(text));
  assert.deepEqual(carrying.map((r) => `${r.method} ${r.url}`), [], `${what}: ${server.origin} received it`);
}

// Plain JavaScript, so the test runner's transform adds no helpers that do not exist in the page.
const DEEP_TEXT = new Function(`
  const out = [];
  const visit = (root) => {
    for (const el of Array.from(root.querySelectorAll('*'))) {
      for (const attr of Array.from(el.attributes)) out.push(attr.value);
      if (typeof el.value === 'string') out.push(el.value);
      if (el.shadowRoot) { out.push(el.shadowRoot.textContent || ''); visit(el.shadowRoot); }
    }
  };
  out.push(document.documentElement ? document.documentElement.textContent || '' : '');
  visit(document);
  return out.join('\\n');
`) as () => string;

/** How the builder shows each image of a result: refused (a note with its URL) or an <img> and whether it finished loading. */
const IMAGE_STATES = new Function(`
  const out = [];
  for (const img of Array.from(document.querySelectorAll('img.result-image'))) out.push({ src: img.getAttribute('src') || '', done: img.complete });
  for (const p of Array.from(document.querySelectorAll('p.note'))) {
    const code = p.querySelector('code');
    if (code && /remote images are not loaded/.test(p.textContent || '')) out.push({ src: code.textContent || '', done: true });
  }
  return out;
`) as () => { src: string; done: boolean }[];

/** Every image the builder's result shows, across the webview frames. */
export async function imageStates(session: AttackSession): Promise<{ src: string; done: boolean }[]> {
  const states: { src: string; done: boolean }[] = [];
  for (const frame of session.page.frames()) {
    if (!/webview|vscode-cdn|vscode-resource/i.test(frame.url())) continue;
    states.push(...(((await frame.evaluate(IMAGE_STATES).catch(() => [])) as { src: string; done: boolean }[]) ?? []));
  }
  return states;
}

/** Text of every webview frame (DOM, attributes, input values, shadow roots). */
export async function webviewText(session: AttackSession): Promise<string> {
  const parts: string[] = [];
  for (const frame of session.page.frames()) {
    if (!/webview|vscode-cdn|vscode-resource/i.test(frame.url())) continue;
    parts.push(await frame.content().catch(() => ''));
    parts.push(((await frame.evaluate(DEEP_TEXT).catch(() => '')) as string) ?? '');
  }
  return parts.join('\n');
}
