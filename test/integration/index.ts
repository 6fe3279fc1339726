// Entry of the integration suite that runs inside a real VS Code extension host: code-server here
// (scripts/run-integration.ts) and desktop VS Code through @vscode/test-electron (test/electron/run-tests.ts).
// esbuild bundles this file into dist/test/suite.js, so test files are imported statically below:
// add one `import './xyz.test';` line per file. suite-setup must stay the first import.
import { appendFileSync, writeFileSync } from 'node:fs';
import { format } from 'node:util';
import { Mocha, mocha } from './suite-setup';

import './smoke.test';
import './vault.test';
import './key-requests.test';
import './key-import.test';
import './leaks.test';
import './environment.test';
import './request-builder.test';
import './hostile-server.test';
import './repository-guards.test';
import './walkthrough.test';
import './organization.test';
import './usage-panel.test';
import './usage.test';

interface SuiteResults {
  passed: number;
  failed: number;
  pending: number;
  failures: { title: string; error: string }[];
}

/** Called by VS Code once the extension host is up; resolves when every test passed. */
export function run(): Promise<void> {
  const logFile = process.env.OPENAI_CONNECTOR_TEST_LOG;
  const resultsFile = process.env.OPENAI_CONNECTOR_TEST_RESULTS;
  // The spec reporter prints through Base.consoleLog; a copy goes to a file the runner streams, since
  // the extension host's console is not the terminal's.
  const base = Mocha.reporters.Base as unknown as { consoleLog: (...args: unknown[]) => void };
  const original = base.consoleLog;
  base.consoleLog = (...args: unknown[]) => {
    original(...args);
    if (logFile) appendFileSync(logFile, `${format(...args)}\n`);
  };

  const results: SuiteResults = { passed: 0, failed: 0, pending: 0, failures: [] };
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        base.consoleLog = original;
        if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
      runner.on('pass', () => results.passed++);
      runner.on('pending', () => results.pending++);
      runner.on('fail', (test, error: unknown) => {
        results.failed++;
        results.failures.push({ title: test.fullTitle(), error: error instanceof Error ? error.stack ?? error.message : String(error) });
      });
    } catch (error) {
      base.consoleLog = original;
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify({ ...results, failed: results.failed + 1 }, null, 2));
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
