// One end-to-end session: a plain code-server with the packaged extension installed as users do, and a
// fresh headless Chromium profile, both under a throwaway run folder. Closing it stops both.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchChromium, makeRunDir, REPO_ROOT, startCodeServer, type CodeServer } from '../../../scripts/vscode-host';
import { Workbench } from './workbench';

export interface SessionOptions {
  /** Names the run folder, e.g. "keys-lifecycle". */
  label: string;
  /** The package to install; defaults to $OPENAI_CONNECTOR_VSIX, then dist/openai-connector.vsix. */
  vsix?: string;
  /** Files written into the workspace folder before the workbench opens (path → text). */
  workspaceFiles?: Record<string, string>;
  /** Other extensions to install beside it (e.g. a benchmark's baseline extension). */
  extraVsix?: string[];
  /** User settings on top of the quiet defaults. */
  settings?: Record<string, unknown>;
  /** Environment for code-server and the extension host (OPENAI_* of the caller never pass through). */
  env?: Record<string, string>;
}

export interface Session {
  readonly runDir: string;
  readonly host: CodeServer;
  readonly browser: BrowserContext;
  readonly page: Page;
  readonly workbench: Workbench;
  /** Console errors and page errors seen so far. */
  readonly pageErrors: string[];
  /** Where, if anywhere, `secret` appears: files of the host and browser, the DOM of every frame. */
  findSecret(secret: string): Promise<string[]>;
  screenshot(name: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export function defaultVsix(): string {
  const vsix = process.env.OPENAI_CONNECTOR_VSIX ?? join(REPO_ROOT, 'dist', 'openai-connector.vsix');
  if (!existsSync(vsix)) {
    throw new Error(`No packaged extension at ${vsix}: run \`npm run build && npm run package\` first (npm test does both)`);
  }
  return vsix;
}

/** Starts code-server with the extension installed, opens the workbench and waits for our icon. */
export async function openSession(options: SessionOptions): Promise<Session> {
  const runDir = makeRunDir(`e2e-${options.label}`);
  const workspace = join(runDir, 'workspace');
  for (const [path, text] of Object.entries(options.workspaceFiles ?? {})) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), text);
  }
  const host = await startCodeServer({
    runDir,
    workspace,
    vsix: options.vsix ?? defaultVsix(),
    ...(options.extraVsix ? { extraVsix: options.extraVsix } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  let browser: BrowserContext | undefined;
  try {
    browser = await launchChromium(runDir);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(20_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
    const workbench = new Workbench(page);
    const session: Session = {
      runDir,
      host,
      browser,
      page,
      workbench,
      pageErrors,
      findSecret: (secret) => findSecret(secret, [host.dirs.userData, host.dirs.workspace, join(runDir, 'browser-profile')], page),
      screenshot: (name) => screenshot(page, runDir, name),
      close: async () => {
        await browser?.close().catch(() => undefined);
        await host.stop();
      },
    };
    // As long as waitForReady allows: on a loaded machine the first load alone can pass 20 s.
    await page.goto(host.workbenchUrl(), { timeout: 90_000 });
    try {
      await workbench.waitForReady();
    } catch (error) {
      await session.screenshot('workbench-not-ready');
      throw error;
    }
    return session;
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await host.stop();
    throw error;
  }
}

async function screenshot(page: Page, runDir: string, name: string): Promise<string | undefined> {
  const dir = join(runDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name.replace(/[^\w.-]+/g, '-').slice(0, 80)}.png`);
  try {
    await page.screenshot({ path, timeout: 10_000 });
    return path;
  } catch {
    return undefined;
  }
}

function* filesUnder(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile()) yield path;
  }
}

/**
 * Searches files byte for byte, in UTF-8 and UTF-16 (Chromium's localStorage keeps strings as
 * UTF-16), and the DOM of every frame, webviews included.
 */
export async function findSecret(secret: string, dirs: string[], page: Page): Promise<string[]> {
  const needles = [Buffer.from(secret, 'utf8'), Buffer.from(secret, 'utf16le')];
  const found: string[] = [];
  for (const dir of dirs) {
    for (const file of filesUnder(dir)) {
      // Chromium deletes cache files while it runs: a file gone between listing and reading held nothing.
      const bytes = readIfPresent(file);
      if (!bytes) continue;
      if (needles.some((n) => bytes.includes(n))) found.push(relative(REPO_ROOT, file));
    }
  }
  for (const frame of page.frames()) {
    const html = await frame.content().catch(() => '');
    const values = await frame
      .evaluate(() => Array.from(document.querySelectorAll('input, textarea')).map((e) => (e as HTMLInputElement).value))
      .catch(() => [] as string[]);
    if (html.includes(secret) || values.some((v) => v.includes(secret))) found.push(`DOM of frame ${frame.url() || '(main)'}`);
  }
  return found;
}

/** The file's bytes, or undefined when it is over 64 MB or was removed meanwhile. */
function readIfPresent(file: string): Buffer | undefined {
  try {
    return statSync(file).size > 64 * 1024 * 1024 ? undefined : readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
