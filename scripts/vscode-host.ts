// Starts and stops the real VS Code test host: code-server (VS Code's workbench and Node extension host)
// driven by Debian's Chromium, as described in docs/test-host.md. Every start gets its own folders
// under a throwaway run folder so nothing leaks into the home folder or /tmp, and every process it
// starts is recorded so scripts/test.sh can stop it even when a runner dies.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const REPO_ROOT = resolve(__dirname, '..');
export const EXTENSION_ID = 'openai-connector.openai-connector';

/** Paths written by scripts/setup-test-host.sh; a clear error when the host is not installed yet. */
export function testHostPaths(): { node: string; codeServerEntry: string; cache: string } {
  const cache =
    process.env.OPENAI_CONNECTOR_TEST_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'openai-connector-test-host');
  const read = (name: string): string => {
    const file = join(cache, name);
    if (!existsSync(file)) {
      throw new Error(`The VS Code test host is not installed (${file} is missing). Run: bash scripts/setup-test-host.sh`);
    }
    return readFileSync(file, 'utf8').trim();
  };
  return { node: read('node-path'), codeServerEntry: read('code-server-entry'), cache };
}

/** A fresh folder under .test-run/ (or under $OPENAI_CONNECTOR_TEST_RUN when scripts/test.sh runs us). */
export function makeRunDir(label: string): string {
  const root = process.env.OPENAI_CONNECTOR_TEST_RUN ?? join(REPO_ROOT, '.test-run', `manual-${stamp()}`);
  for (let i = 0; ; i++) {
    const dir = join(root, i === 0 ? label : `${label}-${i}`);
    if (!existsSync(dir)) {
      mkdirSync(dir, { recursive: true });
      return dir;
    }
  }
}

/**
 * A temp folder with a short path: Chromium and VS Code put Unix sockets in TMPDIR, and a socket path
 * longer than 107 bytes fails, which a temp folder inside a deep clone easily reaches. scripts/test.sh
 * points OPENAI_CONNECTOR_TEST_TMP at one folder per run and deletes it at the end.
 */
export function shortTmpDir(label: string): string {
  const base = process.env.OPENAI_CONNECTOR_TEST_TMP ?? tmpdir();
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${label}-`));
}

function stamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
}

/** Records a process group so scripts/test.sh's trap can stop it if this runner never gets to. */
export function trackProcess(pid: number | undefined): void {
  const file = process.env.OPENAI_CONNECTOR_TEST_PIDS;
  if (file && pid) appendFileSync(file, `${pid}\n`);
}

/** `preferred` when it is free on 127.0.0.1, otherwise any free port. */
export async function freePort(preferred = 0): Promise<number> {
  const tryPort = (port: number): Promise<number | undefined> =>
    new Promise((done) => {
      const server = createServer();
      server.once('error', () => done(undefined));
      server.listen(port, '127.0.0.1', () => {
        const address = server.address();
        const got = typeof address === 'object' && address ? address.port : undefined;
        server.close(() => done(got));
      });
    });
  if (preferred) {
    const port = await tryPort(preferred);
    if (port) return port;
  }
  const port = await tryPort(0);
  if (!port) throw new Error('No free port on 127.0.0.1');
  return port;
}

/** Settings that keep the workbench quiet: no start page, tips, telemetry, updates or AI panels. */
export const QUIET_SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

export interface HostDirs {
  run: string;
  userData: string;
  extensions: string;
  workspace: string;
  tmp: string;
  logs: string;
}

export interface HostOptions {
  /** Fresh folder for this start; created by makeRunDir when absent. */
  runDir?: string;
  /** Folder opened in the workbench; defaults to <runDir>/workspace (created empty). */
  workspace?: string;
  /** Preferred port (a free one is used when taken). */
  port?: number;
  /** Adds `--vscode-option enable-smoke-test-driver` (extension test runs; hides toasts and dialogs). */
  smokeTestDriver?: boolean;
  /** A packaged extension to install before starting, as users do. */
  vsix?: string;
  /** More packaged extensions to install the same way (e.g. the attack suite's second extension). */
  extraVsix?: string[];
  /** Extra user settings merged over QUIET_SETTINGS. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host. */
  env?: Record<string, string>;
  /** Print code-server's output to this process's stderr as well as to the log file. */
  echoOutput?: boolean;
  /**
   * Starts code-server WITH workspace trust (no --disable-workspace-trust). 'untrusted' opens folders in
   * Restricted Mode (startup prompt "never"); 'prompt' shows the trust dialog at startup, which a test
   * answers (trustWorkspace in test/e2e/harness/trust.ts). Without this option trust stays disabled.
   */
  workspaceTrust?: 'untrusted' | 'prompt';
}

/** User settings that turn workspace trust on, for HostOptions.workspaceTrust. */
export function trustSettings(mode: 'untrusted' | 'prompt'): Record<string, unknown> {
  return {
    'security.workspace.trust.enabled': true,
    'security.workspace.trust.startupPrompt': mode === 'untrusted' ? 'never' : 'always',
    'security.workspace.trust.banner': 'never',
    'security.workspace.trust.emptyWindow': false,
    'security.workspace.trust.untrustedFiles': 'open',
  };
}

export interface CodeServer {
  port: number;
  baseUrl: string;
  dirs: HostDirs;
  /** Workbench URL for a folder, with an optional payload (extension development/test options). */
  workbenchUrl(payload?: [string, string][], folder?: string): string;
  /** vscode-remote:// URI of a path on this machine, as the payload expects. */
  remoteUri(path: string): string;
  stop(): Promise<void>;
}

function hostDirs(runDir: string, workspace?: string): HostDirs {
  const dirs: HostDirs = {
    run: runDir,
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    workspace: workspace ?? join(runDir, 'workspace'),
    tmp: shortTmpDir('cs'),
    logs: join(runDir, 'logs'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dirs.logs, 'tmpdir.txt'), `${dirs.tmp}\n`);
  for (const sub of ['config', 'data', 'cache']) mkdirSync(join(runDir, 'xdg', sub), { recursive: true });
  return dirs;
}

/** code-server and everything it starts see only this environment: no OPENAI_* from the caller. */
function hostEnv(dirs: HostDirs, node: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^OPENAI_(?!CONNECTOR_TEST_)/.test(k)) env[k] = v;
  return {
    ...env,
    PATH: `${resolve(node, '..')}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(dirs.run, 'xdg', 'config'),
    XDG_DATA_HOME: join(dirs.run, 'xdg', 'data'),
    XDG_CACHE_HOME: join(dirs.run, 'xdg', 'cache'),
    TMPDIR: dirs.tmp,
    ...extra,
  };
}

/**
 * code-server puts a Unix socket in the user-data folder; through a short symlink in the temp folder its
 * path stays under the 107-byte limit however deep the clone is.
 */
function baseArgs(dirs: HostDirs): string[] {
  const link = join(dirs.tmp, 'user-data');
  if (!existsSync(link)) symlinkSync(dirs.userData, link);
  return ['--user-data-dir', link, '--extensions-dir', dirs.extensions];
}

/** Installs a .vsix into the host's extensions folder, as `code --install-extension` does. */
export function installVsix(vsix: string, dirs: HostDirs): void {
  const { node, codeServerEntry } = testHostPaths();
  const result = spawnSync(node, [codeServerEntry, ...baseArgs(dirs), '--install-extension', resolve(vsix), '--force'], {
    env: hostEnv(dirs, node),
    encoding: 'utf8',
    timeout: 120_000,
  });
  writeFileSync(join(dirs.logs, 'install-extension.log'), `${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout ?? '')) {
    throw new Error(`Installing ${vsix} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** Starts code-server on 127.0.0.1 and resolves once /healthz answers. */
export async function startCodeServer(options: HostOptions = {}): Promise<CodeServer> {
  const { node, codeServerEntry } = testHostPaths();
  const dirs = hostDirs(options.runDir ?? makeRunDir('code-server'), options.workspace);
  const settingsDir = join(dirs.userData, 'User');
  mkdirSync(settingsDir, { recursive: true });
  writeFileSync(join(settingsDir, 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...(options.workspaceTrust ? trustSettings(options.workspaceTrust) : {}), ...options.settings }, null, 2));
  if (options.vsix) installVsix(options.vsix, dirs);
  for (const vsix of options.extraVsix ?? []) installVsix(vsix, dirs);

  const port = await freePort(options.port ?? 0);
  const args = [
    codeServerEntry,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    ...baseArgs(dirs),
    '--disable-telemetry',
    '--disable-update-check',
    ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    '--ignore-last-opened',
    '--reconnection-grace-time', '5',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    dirs.workspace,
  ];
  const logFile = join(dirs.logs, 'code-server.log');
  const log = createWriteStream(logFile);
  const child = spawn(node, args, {
    env: hostEnv(dirs, node, options.env),
    detached: true, // own process group, so stop() also ends the extension host and pty host
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackProcess(child.pid);
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      if (options.echoOutput) process.stderr.write(chunk);
    });
  }

  const baseUrl = `http://127.0.0.1:${port}`;
  const server: CodeServer = {
    port,
    baseUrl,
    dirs,
    remoteUri: (path) => `vscode-remote://127.0.0.1:${port}${encodeURI(resolve(path))}`,
    workbenchUrl(payload, folder = dirs.workspace) {
      const query = new URLSearchParams({ folder: resolve(folder) });
      if (payload?.length) query.set('payload', JSON.stringify(payload));
      return `${baseUrl}/?${query.toString()}`;
    },
    stop: () =>
      stopGroup(child).finally(() => {
        log.end();
        rmSync(dirs.tmp, { recursive: true, force: true });
      }),
  };
  try {
    await waitForHealth(baseUrl, child, logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForHealth(baseUrl: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`code-server did not answer ${baseUrl}/healthz within 60 s; see ${logFile}`);
}

/** Ends a detached child's whole process group: TERM, then KILL after a grace period. */
export async function stopGroup(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-child.pid!, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const finished = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  // The group may still hold children after the leader exits (extension host, watchers).
  signal('SIGKILL');
  if (!finished) await Promise.race([exited, sleep(1_000)]);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Flags from docs/test-host.md; the profile and temp files stay inside the run folder. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches headless Chromium with a fresh profile under `runDir`. */
export async function launchChromium(runDir: string, options: { headless?: boolean } = {}): Promise<BrowserContext> {
  const { chromium } = await import('playwright-core');
  const profile = join(runDir, 'browser-profile');
  const tmp = shortTmpDir('chromium');
  mkdirSync(profile, { recursive: true });
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.OPENAI_CONNECTOR_CHROMIUM ?? '/usr/bin/chromium',
    headless: options.headless ?? true,
    args: CHROMIUM_ARGS,
    env: { ...env, TMPDIR: tmp, XDG_CONFIG_HOME: join(runDir, 'browser-xdg', 'config'), XDG_CACHE_HOME: join(runDir, 'browser-xdg', 'cache') },
    viewport: { width: 1440, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
    handleSIGINT: false, // the runner closes the browser itself
  }).catch((error: unknown) => {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  });
  context.on('close', () => rmSync(tmp, { recursive: true, force: true }));
  return context;
}
