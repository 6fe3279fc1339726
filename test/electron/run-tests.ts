// Runs the same integration suite (dist/test/suite.js) in desktop VS Code through @vscode/test-electron,
// for machines that can download VS Code. Here (no internet) scripts/run-integration.ts runs it in
// code-server instead. Usage: npm run build && npx tsx test/electron/run-tests.ts
// VSCODE_TEST_VERSION picks the VS Code version (default: the oldest supported, from engines.vscode).
import { runTests } from '@vscode/test-electron';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

async function main(): Promise<void> {
  const root = resolve(__dirname, '..', '..');
  const suite = join(root, 'dist', 'test', 'suite.js');
  if (!existsSync(suite)) throw new Error(`${suite} is missing: run npm run build first`);
  const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { vscode: string } }).engines;
  const version = process.env.VSCODE_TEST_VERSION ?? engines.vscode.replace(/^\^/, '');

  const run = join(root, '.test-run', `electron-${Date.now()}`);
  const workspace = join(run, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const code = await runTests({
    version,
    extensionDevelopmentPath: root,
    extensionTestsPath: suite,
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions stay out of the test
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir', join(run, 'user-data'),
      '--extensions-dir', join(run, 'extensions'),
    ],
    extensionTestsEnv: {
      OPENAI_CONNECTOR_TEST: '1',
      OPENAI_CONNECTOR_TEST_RESULTS: join(run, 'results.json'),
      OPENAI_CONNECTOR_TEST_LOG: join(run, 'mocha.log'),
      OPENAI_CONNECTOR_TEST_RUN_DIR: run,
    },
  });
  process.exitCode = code;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
