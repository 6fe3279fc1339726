// One window of the attack suite: code-server WITH workspace trust, the packaged extension installed as
// users install it (so it runs in Production mode), the hostile repository open, trusted through the
// startup dialog or left in Restricted Mode, and a second extension (test/fixtures/attacker-extension)
// in the same extension host that the test drives over a loopback port: another extension, as any
// marketplace extension could be.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, REPO_ROOT, sleep, startCodeServer, type CodeServer } from '../../../scripts/vscode-host';
import { defaultVsix, findSecret } from '../../e2e/harness/session';
import { Workbench } from '../../e2e/harness/workbench';

export type TrustMode = 'trusted' | 'untrusted';

export const ATTACKER_EXTENSION = join(REPO_ROOT, 'test', 'fixtures', 'attacker-extension');

let attackerVsix: string | undefined;

/** Packages the attacker extension once per run with vsce, so it installs like any other extension. */
function packageAttacker(runDir: string): string {
  if (attackerVsix && existsSync(attackerVsix)) return attackerVsix;
  const out = join(runDir, 'attacker.vsix');
  const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], {
    cwd: ATTACKER_EXTENSION,
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  attackerVsix = out;
  return out;
}

export interface AttackSession {
  readonly trust: TrustMode;
  readonly host: CodeServer;
  readonly browser: BrowserContext;
  readonly page: Page;
  readonly workbench: Workbench;
  /** Runs an operation of the attacker extension (see its extension.js). */
  rpc<T = unknown>(op: string, params?: Record<string, unknown>): Promise<T>;
  /** Where `secret` appears: host and browser files, logs, the DOM of every frame, the clipboard. */
  findSecret(secret: string): Promise<string[]>;
  screenshot(name: string): Promise<string | undefined>;
  /** The extension's log (its output channel's files, oldest window first): the suite's positive signals. */
  extensionLog(): string;
  /**
   * Reloads the window through VS Code's own shutdown, which writes storage and logs to disk, and
   * resolves once the new window and extension host answer. An explicit flush, not a pause.
   */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface AttackSessionOptions {
  readonly runDir: string;
  readonly folder: string;
  readonly trust: TrustMode;
  readonly settings?: Record<string, unknown>;
}

/** Result of the attacker's `exec` operation. */
export interface ExecResult {
  readonly status: 'resolved' | 'rejected' | 'pending';
  readonly value?: string;
  readonly error?: string;
}

export async function openAttackSession(options: AttackSessionOptions): Promise<AttackSession> {
  const portFile = join(options.runDir, 'attacker-port');
  const host = await startCodeServer({
    runDir: options.runDir,
    workspace: options.folder,
    vsix: defaultVsix(),
    extraVsix: [packageAttacker(options.runDir)],
    workspaceTrust: options.trust === 'trusted' ? 'prompt' : 'untrusted',
    // VS Code asks for workspace trust (a modal dialog) before it starts any terminal process in
    // Restricted Mode, so the suite's terminal probes never ran there. A user may allow terminals in
    // untrusted workspaces (a user-only setting); the probes then run in both windows, and the
    // extension must still inject no key in Restricted Mode.
    settings: { 'terminal.integrated.allowInUntrustedWorkspace': true, ...options.settings },
    // The test flag without VS Code's Test mode: an installed extension must not open its test hooks.
    env: { OPENAI_CONNECTOR_TEST: '1', OPENAI_CONNECTOR_ATTACKER_PORT_FILE: portFile },
  });
  let browser: BrowserContext | undefined;
  try {
    browser = await launchChromium(options.runDir);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(20_000);
    const workbench = new Workbench(page);
    // Two cores shared by many: the page's "load" can take long, the workbench check below is the signal.
    await page.goto(host.workbenchUrl([['skipWelcome', 'true']]), { waitUntil: 'domcontentloaded', timeout: 120_000 });
    if (options.trust === 'trusted') await acceptTrustDialog(page);
    await workbench.waitForReady();
    let port = await waitForFile(portFile, 60_000);
    const rpc = async <T>(op: string, params: Record<string, unknown> = {}): Promise<T> => {
      const response = await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: JSON.stringify({ op, ...params }) });
      const reply = (await response.json()) as { ok: boolean; result?: T; error?: string };
      if (!reply.ok) throw new Error(`attacker ${op}: ${reply.error}`);
      return reply.result as T;
    };
    const session: AttackSession = {
      trust: options.trust,
      host,
      browser,
      page,
      workbench,
      rpc,
      findSecret: async (secret) => {
        const found = await findSecret(secret, [host.dirs.userData, host.dirs.workspace, host.dirs.logs, join(options.runDir, 'browser-profile')], page);
        const clipboard = await rpc<string>('clipboard').catch(() => '');
        if (clipboard.includes(secret)) found.push('the clipboard');
        return found;
      },
      screenshot: async (name) => {
        const path = join(options.runDir, 'screenshots', `${name.replace(/[^\w.-]+/g, '-').slice(0, 80)}.png`);
        return page.screenshot({ path, timeout: 10_000 }).then(() => path, () => undefined);
      },
      extensionLog: () => extensionLogFiles(join(host.dirs.userData, 'logs')).map((f) => readFileSync(f, 'utf8')).join('\n'),
      reload: async () => {
        // The attacker extension writes a new port once the new extension host has started, which
        // happens only after the old window's shutdown has run (storage closed, logs written).
        rmSync(portFile, { force: true });
        await rpc('exec', { command: 'workbench.action.reloadWindow', timeoutMs: 5_000 }).catch(() => undefined);
        port = await waitForFile(portFile, 120_000);
        await workbench.waitForReady();
        await expectTrustMode(session);
      },
      close: async () => {
        await browser?.close().catch(() => undefined);
        await host.stop();
      },
    };
    await expectTrustMode(session);
    return session;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await host.stop();
    throw error;
  }
}

/** Answers the startup trust dialog with "Yes, I trust the authors". */
async function acceptTrustDialog(page: Page): Promise<void> {
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 90_000 });
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: /Yes, I trust/ }).first().click();
  await dialog.waitFor({ state: 'hidden' });
}

/** Checks the mode from the outside (status bar) and from inside the host (workspace.isTrusted). */
export async function expectTrustMode(session: AttackSession): Promise<void> {
  const restricted = session.page.locator('.part.statusbar').getByText('Restricted Mode');
  if (session.trust === 'untrusted') await restricted.first().waitFor();
  else assert.equal(await restricted.count(), 0, 'a trusted window shows "Restricted Mode"');
  const state = await session.rpc<{ trusted: boolean }>('state');
  assert.equal(state.trusted, session.trust === 'trusted', 'workspace.isTrusted in the extension host');
}

/** Every 'OpenAI Connector.log' under the host's log folder (one per window session), oldest first. */
function extensionLogFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...extensionLogFiles(path));
    else if (entry.name === 'OpenAI Connector.log') found.push(path);
  }
  return found;
}

async function waitForFile(path: string, timeoutMs: number): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8').trim();
      if (text) return text;
    }
    await sleep(200);
  }
  throw new Error(`the attacker extension did not start (no ${path}); is it loaded?`);
}

/**
 * Plays a careful user while something runs: every modal dialog is recorded and refused (Cancel or
 * Escape), every quick pick gets its first item, every input box is escaped. Stops when `until`
 * settles; returns the dialog texts seen.
 */
export async function refuseDialogsUntil<T>(wb: Workbench, until: Promise<T>, options: { pickFirst?: boolean } = {}): Promise<{ result: T; dialogs: string[] }> {
  const dialogs: string[] = [];
  let settled = false;
  const done = until.finally(() => (settled = true));
  while (!settled) {
    const dialog = wb.page.locator('.monaco-dialog-box');
    if (await dialog.isVisible().catch(() => false)) {
      dialogs.push(await wb.dialogText(2_000).catch(() => '(unreadable dialog)'));
      const cancel = dialog.locator('.dialog-buttons .monaco-button', { hasText: /^\s*Cancel\s*$/ });
      if (await cancel.count()) await cancel.first().click().catch(() => undefined);
      else await wb.page.keyboard.press('Escape');
    } else if (await wb.quickInput.isVisible().catch(() => false)) {
      const rows = await wb.quickPickRows.count().catch(() => 0);
      const type = await wb.quickInputBox.getAttribute('type').catch(() => null);
      if (options.pickFirst !== false && rows > 0 && type !== 'password') await wb.quickInputBox.press('Enter').catch(() => undefined);
      else await wb.page.keyboard.press('Escape');
    }
    await Promise.race([done.catch(() => undefined), sleep(300)]);
  }
  return { result: await done, dialogs };
}

/** Closes whatever dialog or quick input is still open. */
export async function closeLeftovers(wb: Workbench): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const open = (await wb.page.locator('.monaco-dialog-box').isVisible().catch(() => false)) || (await wb.quickInput.isVisible().catch(() => false));
    if (!open) return;
    await wb.page.keyboard.press('Escape');
    await sleep(200);
  }
}
