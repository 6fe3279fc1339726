// Serves VS Code (code-server) on 127.0.0.1 with the packaged extension installed, for trying the
// extension without a desktop VS Code. Used by scripts/start.sh; stays up until Ctrl+C.
// Usage: node --import tsx scripts/serve.ts <file.vsix> [--check] [folder]   (PORT: preferred port, default 8080)
// State (user data, keys' encryption half) persists in .test-run/start/ between starts; the keys
// themselves live in the browser's storage for this origin. --check starts it in a throwaway folder,
// proves it serves the workbench with the extension installed, stops it and exits (0 when it does).
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EXTENSION_ID, REPO_ROOT, makeRunDir, startCodeServer, type CodeServer } from './vscode-host';

/** What a user gets from `npm start`: /healthz, the workbench page, and the extension in the host. */
async function check(host: CodeServer, vsix: string): Promise<string> {
  const health = await fetch(`${host.baseUrl}/healthz`);
  if (!health.ok) throw new Error(`/healthz answered ${health.status}`);
  const page = await fetch(host.workbenchUrl());
  const html = await page.text();
  if (!page.ok || !/workbench/i.test(html)) throw new Error(`the workbench page answered ${page.status} without the workbench`);
  const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  const installed = readdirSync(host.dirs.extensions).filter((name) => name.startsWith(`${EXTENSION_ID}-${version}`));
  if (installed.length === 0) throw new Error(`${vsix} is not installed in ${host.dirs.extensions}`);
  return `code-server answered /healthz and served the workbench at ${host.baseUrl} with ${installed[0]} installed`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const checkOnly = args.includes('--check');
  const [vsix, folder] = args.filter((a) => a !== '--check');
  if (!vsix || !existsSync(vsix)) throw new Error('usage: serve.ts <file.vsix> [--check] [folder]');
  const runDir = checkOnly ? makeRunDir('start-check') : join(REPO_ROOT, '.test-run', 'start');
  const workspace = resolve(folder ?? join(runDir, 'workspace'));
  mkdirSync(workspace, { recursive: true });
  const host = await startCodeServer({
    runDir,
    workspace,
    vsix,
    port: checkOnly ? 0 : Number(process.env.PORT ?? 8080),
    settings: { 'workbench.startupEditor': 'none' },
  });
  if (checkOnly) {
    try {
      console.log(`start: check passed: ${await check(host, vsix)}.`);
    } finally {
      await host.stop();
    }
    return;
  }
  const url = host.workbenchUrl();
  console.log(`\nOpenAI Connector is installed in VS Code (code-server) at:\n\n  ${url}\n\nOpen it in a browser. Logs: ${host.dirs.logs}. Press Ctrl+C to stop.`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping code-server…');
    void host.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => undefined, 1 << 30); // stay in the foreground
}

main().catch((error: unknown) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
