// Serves VS Code (code-server) on 127.0.0.1 with the packaged extension installed, for trying the
// extension without a desktop VS Code. Used by scripts/start.sh; stays up until Ctrl+C.
// Usage: node --import tsx scripts/serve.ts <file.vsix> [folder]   (PORT: preferred port, default 8080)
// State (user data, keys' encryption half) persists in .test-run/start/ between starts; the keys
// themselves live in the browser's storage for this origin.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT, startCodeServer } from './vscode-host';

async function main(): Promise<void> {
  const vsix = process.argv[2];
  if (!vsix) throw new Error('usage: serve.ts <file.vsix> [folder]');
  const runDir = join(REPO_ROOT, '.test-run', 'start');
  const workspace = resolve(process.argv[3] ?? join(runDir, 'workspace'));
  mkdirSync(workspace, { recursive: true });
  const host = await startCodeServer({
    runDir,
    workspace,
    vsix,
    port: Number(process.env.PORT ?? 8080),
    settings: { 'workbench.startupEditor': 'none' },
  });
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
