// Runs the integration suite (dist/test/suite.js) inside the real extension host of code-server, with
// the extension loaded from this folder (extensionDevelopmentPath), as docs/test-host.md describes.
// Usage: node --import tsx scripts/run-integration.ts [--grep text] [--counts file.json] [--timeout seconds]
// (or OPENAI_CONNECTOR_TEST_GREP=text npm run test:integration)
// Build first (node scripts/build.mjs). Exit code: 0 when every test passed.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, makeRunDir, REPO_ROOT, sleep, startCodeServer, type CodeServer } from './vscode-host';

interface Counts {
  passed: number;
  failed: number;
  pending: number;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** Prints the lines the suite appends to its log file while it runs. */
function follow(file: string): () => void {
  let offset = 0;
  let stopped = false;
  const flush = (): void => {
    if (!existsSync(file)) return;
    const size = statSync(file).size;
    if (size <= offset) return;
    const text = readFileSync(file).subarray(offset, size).toString('utf8');
    offset = size;
    process.stdout.write(text.replace(/^/gm, '  '));
  };
  const loop = async (): Promise<void> => {
    while (!stopped) {
      flush();
      await sleep(250);
    }
  };
  void loop();
  return () => {
    stopped = true;
    flush();
  };
}

async function main(): Promise<number> {
  const suite = join(REPO_ROOT, 'dist', 'test', 'suite.js');
  if (!existsSync(suite)) throw new Error(`${suite} is missing: run node scripts/build.mjs first`);
  const timeoutMs = Number(option('--timeout') ?? 600) * 1000;
  const runDir = makeRunDir('integration');
  const resultsFile = join(runDir, 'results.json');
  const logFile = join(runDir, 'mocha.log');
  const countsFile = option('--counts');
  const writeCounts = (counts: Counts): void => {
    if (countsFile) writeFileSync(countsFile, JSON.stringify(counts));
  };
  writeCounts({ passed: 0, failed: 1, pending: 0 }); // until proven otherwise

  let host: CodeServer | undefined;
  let browser: BrowserContext | undefined;
  const cleanup = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await host?.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void cleanup().finally(() => process.exit(130)));
  }

  const started = Date.now();
  const stopFollowing = follow(logFile);
  try {
    host = await startCodeServer({ runDir, smokeTestDriver: true });
    browser = await launchChromium(runDir);
    const page = browser.pages()[0] ?? (await browser.newPage());
    const consoleLog: string[] = [];
    page.on('console', (message) => consoleLog.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => consoleLog.push(`[pageerror] ${error.stack ?? error.message}`));

    let exitCode: (code: number) => void = () => undefined;
    const exited = new Promise<number>((resolve) => (exitCode = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number, logs?: { relativePath: string; contents: string }[]) => {
      // The workbench hands over its own logs (extension host, renderer) on exit: keep them for diagnosis.
      for (const log of logs ?? []) {
        const target = join(runDir, 'workbench-logs', log.relativePath.replace(/\.\.+/g, '_'));
        mkdirSync(join(target, '..'), { recursive: true });
        writeFileSync(target, log.contents);
      }
      exitCode(code);
    });

    const environment: Record<string, string> = {
      OPENAI_CONNECTOR_TEST: '1', // the extension exports its test hooks only then
      OPENAI_CONNECTOR_TEST_RESULTS: resultsFile,
      OPENAI_CONNECTOR_TEST_LOG: logFile,
      OPENAI_CONNECTOR_TEST_RUN_DIR: runDir,
    };
    const grep = option('--grep') ?? process.env.OPENAI_CONNECTOR_TEST_GREP;
    if (grep) environment.OPENAI_CONNECTOR_TEST_GREP = grep;
    const url = host.workbenchUrl([
      ['extensionDevelopmentPath', host.remoteUri(REPO_ROOT)],
      ['extensionTestsPath', host.remoteUri(suite)],
      ['extensionEnvironment', JSON.stringify(environment)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]);
    console.log(`integration: code-server ${host.baseUrl}, run folder ${runDir}`);
    await page.goto(url);

    const code = await Promise.race([exited, sleep(timeoutMs).then(() => -1)]);
    stopFollowing();
    writeFileSync(join(runDir, 'browser-console.log'), consoleLog.join('\n'));
    if (code === -1) {
      await page.screenshot({ path: join(runDir, 'timeout.png') }).catch(() => undefined);
      console.error(`integration: no result after ${timeoutMs / 1000} s; screenshot and logs in ${runDir}`);
    }

    const results = existsSync(resultsFile)
      ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Counts & { failures: { title: string; error: string }[] })
      : undefined;
    if (!results) {
      console.error('integration: the suite wrote no results (it failed to load or never ran). Last browser console lines:');
      for (const line of consoleLog.slice(-30)) console.error(`  ${line}`);
      console.error(`  (extension host logs: ${join(runDir, 'workbench-logs')})`);
      return 1;
    }
    const failed = results.failed + (code !== 0 && results.failed === 0 ? 1 : 0);
    writeCounts({ passed: results.passed, failed, pending: results.pending });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `integration: ${results.passed} passed, ${failed} failed, ${results.pending} pending, exit code ${code} (${seconds} s)`,
    );
    return code === 0 && failed === 0 ? 0 : 1;
  } finally {
    stopFollowing();
    await cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`integration: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exit(1);
  },
);
