// Reaches the extension's test hooks from the suite: exported only in test mode (Test extension mode,
// which extensionDevelopmentPath + extensionTestsPath give, and OPENAI_CONNECTOR_TEST=1).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ExtensionApi } from '../../src/extension';
import type { TestHooks } from '../../src/vscode/common/test-hooks';

export const EXTENSION_ID = 'openai-connector.openai-connector';

export async function hooks(): Promise<TestHooks> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, 'extension not loaded');
  const api = ext.isActive ? ext.exports : await ext.activate();
  assert.ok(api.testing, 'test hooks missing: the extension must run in Test mode (extensionTestsPath) with OPENAI_CONNECTOR_TEST=1');
  return api.testing;
}

/** Waits until `check` passes or the time is up, then runs it once more so the failure is reported. */
export async function eventually(check: () => void | Promise<void>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Removes every key, so each test starts from an empty vault. */
export async function clearVault(testing: TestHooks): Promise<void> {
  for (const k of [...testing.vault.allKeys()]) await testing.vault.remove(k.id);
}
