// What a repository's own content can make the extension do, inside a real VS Code: git config
// programs never run (the index is read without git), saved requests cannot send files from outside
// the workspace folder (.. or symlinks) nor files the user did not confirm, and another workspace's
// key cannot be used by id. The window is trusted here (code-server runs with workspace trust off);
// untrusted windows are covered by the attack suite and the unit tests of each decision.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { KeyRecord } from '../../src/core/keys/key-index';
import type { ScanResult } from '../../src/vscode/leaks/workspace-scan';
import type { HostMessage } from '../../src/protocol/protocol';
import { MockOpenAI, startMockOpenAI } from '../fixtures/mock-openai-server';
import { makeKey } from '../unit/test-keys';
import { clearVault, eventually, hooks } from './extension-api';

const workspaceRoot = (): string => vscode.workspace.workspaceFolders![0]!.uri.fsPath;

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'ignore' });
}

describe('repository guards', function () {
  this.timeout(90_000);
  let mock: MockOpenAI;
  const cleanup: string[] = [];

  before(async () => {
    mock = await startMockOpenAI();
  });
  beforeEach(async () => {
    await clearVault(await hooks());
    mock.reset();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
    await mock.close();
  });

  it('scans and imports from a repository whose core.fsmonitor is a program, without running it', async () => {
    const repo = path.join(workspaceRoot(), `hostile-git-${randomBytes(4).toString('hex')}`);
    const marker = `${repo}-fsmonitor-ran`;
    cleanup.push(repo, marker);
    await mkdir(repo, { recursive: true });
    const secret = makeKey.project();
    await writeFile(path.join(repo, '.env'), `OPENAI_API_KEY=${secret}\n`);
    git(repo, 'init', '-q');
    git(repo, 'add', '.env');
    git(repo, 'config', 'core.fsmonitor', `touch '${marker}'; false`);

    const result = await vscode.commands.executeCommand<ScanResult | undefined>('openaiConnector.scanWorkspace');
    assert.ok(result, 'the scan returned nothing');
    const finding = result.findings.find((f) => f.path.endsWith(`${path.basename(repo)}/.env`));
    assert.ok(finding, 'the key in the tracked .env was not found');
    assert.equal(finding.tracked, true, 'the index was not read: the file is tracked');

    const record = await vscode.commands.executeCommand<KeyRecord | undefined>('openaiConnector.importFromDotEnv', {
      uri: vscode.Uri.file(path.join(repo, '.env')), removeLine: false, add: { name: 'from hostile repo', scope: 'global' },
    });
    assert.ok(record, 'the key was not imported');
    assert.equal(existsSync(marker), false, 'the repository\'s fsmonitor program ran');
  });

  describe('saved requests that name files', () => {
    let record: KeyRecord;
    let dir: string;
    let outside: string;
    const requestsDir = (): string => path.join(workspaceRoot(), '.vscode', 'openai-requests');

    before(async () => {
      dir = path.join(workspaceRoot(), `upload-${randomBytes(4).toString('hex')}`);
      outside = path.join(path.dirname(workspaceRoot()), `outside-${randomBytes(4).toString('hex')}`);
      cleanup.push(dir, outside);
      await mkdir(dir, { recursive: true });
      await mkdir(outside, { recursive: true });
      await writeFile(path.join(outside, 'id_rsa'), 'PRIVATE KEY MATERIAL\n');
      await writeFile(path.join(dir, 'train.jsonl'), '{"a":1}\n');
      await symlink(path.join(outside, 'id_rsa'), path.join(dir, 'innocent.jsonl'));
    });

    beforeEach(async () => {
      record = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: makeKey.project(), name: 'upload-key', baseUrl: mock.baseUrl, scope: 'global' }))!;
      assert.ok(record, 'the key was not added');
      const probe = (await hooks()).requestBuilder!;
      await vscode.commands.executeCommand('openaiConnector.openRequestBuilder', { keyId: record.id });
      await eventually(() => assert.ok(probe.panel?.isReady, 'the builder page never said ready'), 20_000);
    });

    afterEach(async () => {
      (await hooks()).requestBuilder!.confirmFiles = undefined;
    });

    async function savedRequest(name: string, filePath: string): Promise<vscode.Uri> {
      await mkdir(requestsDir(), { recursive: true });
      const file = path.join(requestsDir(), `${name}.json`);
      cleanup.push(file);
      await writeFile(file, JSON.stringify({
        version: 1, name, key: 'upload-key', origin: mock.baseUrl,
        request: { method: 'POST', path: '/files', bodyKind: 'multipart', form: [{ kind: 'field', name: 'purpose', value: 'batch' }, { kind: 'file', name: 'file', path: filePath }] },
      }));
      return vscode.Uri.file(file);
    }

    /** Runs a saved request and returns the load message the page got, if any. */
    async function run(uri: vscode.Uri): Promise<Extract<HostMessage, { type: 'load' }> | undefined> {
      const probe = (await hooks()).requestBuilder!;
      const start = probe.posted.length;
      await vscode.commands.executeCommand('openaiConnector.runSavedRequest', { uri });
      return probe.posted.slice(start).find((m): m is Extract<HostMessage, { type: 'load' }> => m.type === 'load');
    }

    it('refuses a path that leaves the folder with .., and sends nothing', async () => {
      const loaded = await run(await savedRequest('dotdot', `../${path.basename(outside)}/id_rsa`));
      assert.equal(loaded, undefined, 'the request was loaded');
      assert.equal(mock.requests.length, 0);
    });

    it('refuses a symlink that leads outside the folder, and sends nothing', async () => {
      const loaded = await run(await savedRequest('symlink-out', `${path.basename(dir)}/innocent.jsonl`));
      assert.equal(loaded, undefined, 'the request was loaded');
      assert.equal(mock.requests.length, 0);
    });

    it('sends a file inside the folder only after the user confirms', async () => {
      const probe = (await hooks()).requestBuilder!;
      const asked: string[] = [];
      const uri = await savedRequest('upload-train', `${path.basename(dir)}/train.jsonl`);

      probe.confirmFiles = (message, detail) => (asked.push(`${message}\n${detail}`), false);
      const declined = await run(uri);
      assert.ok(declined, 'the request was not loaded');
      assert.equal(declined.autoSend, false);
      assert.match(declined.note ?? '', /not confirmed/);
      assert.equal(asked.length, 1);
      assert.match(asked[0]!, new RegExp(`${path.basename(dir)}/train\\.jsonl`));

      probe.confirmFiles = () => true;
      const confirmed = await run(uri);
      assert.equal(confirmed?.autoSend, true);
      await eventually(() => assert.equal(mock.requests.length, 1, 'the confirmed request was not sent'), 20_000);
      assert.equal(mock.requests[0]!.path, '/v1/files');
      assert.match(mock.requests[0]!.body, /\{"a":1\}/);
    });

    it('does not send with a key for another origin than the request names', async () => {
      const file = path.join(requestsDir(), 'elsewhere.json');
      cleanup.push(file);
      await writeFile(file, JSON.stringify({ version: 1, name: 'elsewhere', key: 'upload-key', origin: 'https://collector.example', request: { method: 'GET', path: '/models' } }));
      const loaded = await run(vscode.Uri.file(file));
      assert.ok(loaded);
      assert.equal(loaded.autoSend, false);
      assert.equal(loaded.keyId, undefined);
      assert.match(loaded.note ?? '', /saved for https:\/\/collector\.example/);
      assert.equal(mock.requests.length, 0);
    });
  });

  it('refuses, by id, a key scoped to another workspace', async () => {
    const testing = await hooks();
    const theirs = await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: makeKey.project(), name: 'their key', baseUrl: mock.baseUrl, scope: 'workspace' });
    assert.ok(theirs);
    // As if another window's workspace had added it: same shared index, another workspace id.
    const index = testing.globalState.get<{ keys: KeyRecord[] }>('openaiConnector.keyIndex')!;
    const moved = { ...index, keys: index.keys.map((k) => (k.id === theirs.id ? { ...k, scope: { kind: 'workspace', workspaceId: 'another-workspace', workspaceName: 'Another' } } : k)) };
    await testing.globalState.update('openaiConnector.keyIndex', moved);
    await testing.vault.refresh();
    assert.equal(testing.vault.isVisibleHere(testing.vault.get(theirs.id)!), false);

    await vscode.commands.executeCommand('openaiConnector.testKey', { keyId: theirs.id });
    await vscode.commands.executeCommand('openaiConnector.testKey', theirs.id);
    assert.equal(mock.requests.length, 0, 'Test Key sent with another workspace\'s key');

    const probe = testing.requestBuilder!;
    await vscode.commands.executeCommand('openaiConnector.openRequestBuilder');
    await eventually(() => assert.ok(probe.panel?.isReady, 'the builder page never said ready'), 20_000);
    const start = probe.posted.length;
    await probe.receive({ type: 'send', requestId: 'other-ws-send', keyId: theirs.id, request: { method: 'GET', path: '/models', pathParams: {}, query: [], headers: [], bodyKind: 'none', body: '', form: [], stream: false }, override: false });
    await eventually(() => {
      const reply = probe.posted.slice(start).find((m) => m.type === 'reply' && m.requestId === 'other-ws-send');
      assert.ok(reply && reply.type === 'reply' && !reply.ok, 'the send was not refused');
      assert.match(reply.message, /belongs to the workspace Another/);
    });
    assert.equal(mock.requests.length, 0, 'the builder sent with another workspace\'s key');
  });
});
