// Import Key from Environment and from a .env file, inside a real VS Code.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KeyRecord } from '../../src/core/keys/key-index';
import { makeKey } from '../unit/test-keys';
import { clearVault, hooks } from './extension-api';

describe('key import', () => {
  beforeEach(async () => clearVault(await hooks()));

  it('imports OPENAI_API_KEY with its base URL, organization and project from the environment', async () => {
    const key = makeKey.project();
    const saved = { ...process.env };
    Object.assign(process.env, { OPENAI_API_KEY: key, OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', OPENAI_ORG_ID: 'org-env', OPENAI_PROJECT_ID: 'proj_env' });
    try {
      await vscode.commands.executeCommand('openaiConnector.importFromEnvironment', { name: 'from-env' });
    } finally {
      for (const name of ['OPENAI_API_KEY', 'OPENAI_BASE_URL', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
    const t = await hooks();
    const record = t.vault.allKeys().find((k) => k.name === 'from-env');
    assert.ok(record, 'the key was not imported');
    assert.equal(record.baseUrl, 'http://127.0.0.1:9/v1');
    assert.equal(record.organization, 'org-env');
    assert.equal(record.project, 'proj_env');
    assert.equal(await t.vault.getSecret(record.id), key);
  });

  it('says so when OPENAI_API_KEY is not set, and stores nothing', async () => {
    const saved = process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_API_KEY;
    try {
      assert.equal(await vscode.commands.executeCommand('openaiConnector.importFromEnvironment', { name: 'nothing' }), undefined);
    } finally {
      if (saved !== undefined) process.env.OPENAI_API_KEY = saved;
    }
    assert.equal((await hooks()).vault.allKeys().length, 0);
  });

  it('imports a key from a .env file and deletes only its line', async () => {
    const dir = mkdtempSync(join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'dotenv-'));
    const file = join(dir, '.env');
    const key = makeKey.serviceAccount();
    writeFileSync(file, `# settings\nDEBUG=1\nOPENAI_API_KEY="${key}"\nOPENAI_PROJECT_ID=proj_file\nPORT=3000\n`);
    try {
      const record = await vscode.commands.executeCommand<KeyRecord>('openaiConnector.importFromDotEnv', { uri: file, removeLine: true, add: { name: 'from-dotenv' } });
      assert.ok(record, 'the key was not imported');
      assert.equal(record.kind, 'service-account');
      assert.equal(record.project, 'proj_file');
      assert.equal(await (await hooks()).vault.getSecret(record.id), key);
      assert.equal(readFileSync(file, 'utf8'), '# settings\nDEBUG=1\nOPENAI_PROJECT_ID=proj_file\nPORT=3000\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
