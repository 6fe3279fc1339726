// The workspace's key at work inside a real VS Code: new terminals get OPENAI_API_KEY from the active
// key (read back as a SHA-256, never printed), rotation and switching update the collection, Open
// Terminal with Active Key, and Node debug sessions where the key's variables win over the launch
// configuration's env; a launch configuration, env file or terminal setting that points the key at
// another server gets no key, and says why; a workspace cannot turn injection on.
// Untrusted workspaces cannot be reached here (code-server runs with --disable-workspace-trust): the
// decision is unit-tested in test/unit/leak-environment.test.ts.
import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { KeyRecord } from '../../src/core/keys/key-index';
import { clearVault, eventually, hooks } from './extension-api';

const MARKER = ['T3Blbk', 'FJ'].join('');
const newKey = (): string => `${['sk', 'proj', ''].join('-')}${randomBytes(40).toString('base64url')}${MARKER}${randomBytes(40).toString('base64url')}`;
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

interface Fingerprint {
  persistent: boolean;
  variables: Record<string, string>;
  withheld: string[];
}

async function fingerprint(): Promise<Fingerprint> {
  const result = await vscode.commands.executeCommand<Fingerprint>('openaiConnector.test.terminalEnvironment');
  assert.ok(result);
  return result;
}

async function add(args: Record<string, unknown>): Promise<KeyRecord> {
  const record = await vscode.commands.executeCommand<KeyRecord | undefined>('openaiConnector.addKey', args);
  assert.ok(record, 'Add API Key returned nothing');
  return record;
}

async function setConfig(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('openaiConnector').update(key, value, vscode.ConfigurationTarget.Global);
}

async function waitForFile(file: string, timeoutMs = 20_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (existsSync(file)) {
      const text = await readFile(file, 'utf8');
      if (text.endsWith('\n')) return text;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file} was not written within ${timeoutMs} ms`);
}

/** The SHA-256 of OPENAI_API_KEY as a shell sees it: the value itself never reaches a screen or file. */
const HASH_SCRIPT = (out: string): string => `printf %s "$OPENAI_API_KEY" | sha256sum | cut -d' ' -f1 > '${out}.tmp' && mv '${out}.tmp' '${out}'`;

describe('key environment', function () {
  this.timeout(90_000);
  let dir: string;
  let counter = 0;
  const outFile = (): string => path.join(dir, `out-${counter++}.txt`);

  /** Opens a terminal that writes the hash of its OPENAI_API_KEY, and returns that hash. */
  async function terminalKeyHash(): Promise<string> {
    const out = outFile();
    const terminal = vscode.window.createTerminal({ name: 'env check', shellPath: '/bin/sh', shellArgs: ['-c', HASH_SCRIPT(out)] });
    try {
      return (await waitForFile(out)).trim();
    } finally {
      terminal.dispose();
    }
  }

  before(async () => {
    await hooks();
    dir = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, `env-${randomBytes(4).toString('hex')}`);
    await mkdir(dir, { recursive: true });
  });
  beforeEach(async () => clearVault(await hooks()));
  after(async () => {
    await setConfig('terminal.injectActiveKey', undefined);
    await setConfig('debug.injectActiveKey', undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('gives new terminals the active key when opted in, in a collection that is not persistent', async () => {
    const key = newKey();
    await add({ secret: key, name: 'terminal app', scope: 'workspace', baseUrl: 'http://127.0.0.1:9/v1', project: 'proj_env' });
    await setConfig('terminal.injectActiveKey', false);
    await eventually(async () => assert.deepEqual((await fingerprint()).variables, {}));

    await setConfig('terminal.injectActiveKey', true);
    await eventually(async () => {
      const fp = await fingerprint();
      assert.equal(fp.persistent, false);
      assert.deepEqual(fp.variables, { OPENAI_API_KEY: sha256(key), OPENAI_BASE_URL: sha256('http://127.0.0.1:9/v1'), OPENAI_PROJECT_ID: sha256('proj_env') });
    });
    await eventually(async () => assert.equal(await terminalKeyHash(), sha256(key)), 30_000);

    await setConfig('terminal.injectActiveKey', false);
    await eventually(async () => assert.deepEqual((await fingerprint()).variables, {}));
    await eventually(async () => assert.equal(await terminalKeyHash(), sha256('')), 30_000);
  });

  it('follows rotation and a switch of the active key', async () => {
    const t = await hooks();
    const first = newKey();
    const record = await add({ secret: first, name: 'rotating app', scope: 'workspace' });
    await setConfig('terminal.injectActiveKey', true);
    await eventually(async () => assert.equal((await fingerprint()).variables.OPENAI_API_KEY, sha256(first)));

    const rotated = newKey();
    await vscode.commands.executeCommand('openaiConnector.rotateKey', { keyId: record.id }, { secret: rotated });
    await eventually(async () => assert.equal((await fingerprint()).variables.OPENAI_API_KEY, sha256(rotated)));
    await eventually(async () => assert.equal(await terminalKeyHash(), sha256(rotated)), 30_000);

    const other = newKey();
    const second = await add({ secret: other, name: 'second app', scope: 'global' });
    await vscode.commands.executeCommand('openaiConnector.setActiveKey', { keyId: second.id });
    assert.equal(t.vault.activeKey()?.id, second.id);
    await eventually(async () => assert.equal((await fingerprint()).variables.OPENAI_API_KEY, sha256(other)));

    await t.vault.remove(second.id);
    await eventually(async () => assert.deepEqual((await fingerprint()).variables, {}), 5000);
  });

  it('Open Terminal with Active Key gives the key whatever the setting', async () => {
    const key = newKey();
    await add({ secret: key, name: 'explicit terminal', scope: 'workspace' });
    await setConfig('terminal.injectActiveKey', false);
    const out = outFile();
    await vscode.commands.executeCommand('openaiConnector.openTerminalWithKey', { shellPath: '/bin/sh', shellArgs: ['-c', HASH_SCRIPT(out)] });
    assert.equal((await waitForFile(out)).trim(), sha256(key));
    for (const terminal of vscode.window.terminals.filter((x) => x.name === 'OpenAI: explicit terminal')) terminal.dispose();
  });

  it('adds the key to Node launch configurations when opted in; the key\'s variables win over the configuration\'s env', async () => {
    const key = newKey();
    await add({ secret: key, name: 'debug app', scope: 'workspace', project: 'proj_from_key' });
    const script = path.join(dir, 'env-check.js');
    await writeFile(script, [
      "const { createHash } = require('node:crypto');",
      "const { writeFileSync } = require('node:fs');",
      "const v = process.env.OPENAI_API_KEY;",
      "const out = { key: v === undefined ? null : createHash('sha256').update(v).digest('hex'), project: process.env.OPENAI_PROJECT_ID ?? null, baseUrl: process.env.OPENAI_BASE_URL ?? null };",
      "writeFileSync(process.argv[2] + '.tmp', JSON.stringify(out) + '\\n');",
      "require('node:fs').renameSync(process.argv[2] + '.tmp', process.argv[2]);",
    ].join('\n'));
    const folder = vscode.workspace.workspaceFolders![0]!;
    type Seen = { key: string | null; project: string | null; baseUrl: string | null };
    const run = async (env: Record<string, string>, extra: Record<string, unknown> = {}): Promise<Seen> => {
      const out = outFile();
      const started = await vscode.debug.startDebugging(folder, { type: 'node', request: 'launch', name: 'env check', program: script, args: [out], env, console: 'internalConsole', ...extra });
      assert.equal(started, true, 'the debug session did not start');
      return JSON.parse(await waitForFile(out, 45_000)) as Seen;
    };
    const ours = { key: sha256(key), project: 'proj_from_key', baseUrl: 'https://api.openai.com/v1' };

    await setConfig('debug.injectActiveKey', true);
    assert.deepEqual(await run({ OPENAI_PROJECT_ID: 'proj_from_config' }), ours);
    assert.deepEqual(await run({ OPENAI_API_KEY: 'from-config' }), ours);
    assert.deepEqual(await run({ OPENAI_BASE_URL: 'https://api.openai.com/v1/' }), ours, 'the key\'s own origin is no redirect');

    // A configuration that names another server for the key gets no key, and is told why.
    const before = (await fingerprint()).withheld.length;
    assert.deepEqual(await run({ OPENAI_BASE_URL: 'http://127.0.0.1:9/collector' }), { key: null, project: null, baseUrl: 'http://127.0.0.1:9/collector' });
    const envFile = path.join(dir, 'redirect.env');
    await writeFile(envFile, 'OPENAI_API_BASE=http://127.0.0.1:9/collector\n');
    assert.deepEqual(await run({}, { envFile }), { key: null, project: null, baseUrl: null });
    const withheld = (await fingerprint()).withheld.slice(before);
    assert.equal(withheld.length, 2, JSON.stringify(withheld));
    assert.match(withheld[0]!, /gets no key: .*sets OPENAI_BASE_URL to http:\/\/127\.0\.0\.1:9\/collector, not the base URL of key 'debug app'/);
    assert.match(withheld[1]!, /env file .*sets OPENAI_API_BASE/);

    await setConfig('debug.injectActiveKey', false);
    assert.deepEqual(await run({}), { key: null, project: null, baseUrl: null });
  });

  it('gives terminals no key while a terminal env setting points it at another server, and says why', async () => {
    const key = newKey();
    await add({ secret: key, name: 'redirected terminal', scope: 'workspace' });
    await setConfig('terminal.injectActiveKey', true);
    await eventually(async () => assert.equal((await fingerprint()).variables.OPENAI_BASE_URL, sha256('https://api.openai.com/v1')));
    const platform = process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'osx' : 'linux';
    const terminalEnv = vscode.workspace.getConfiguration('terminal.integrated.env');
    try {
      await terminalEnv.update(platform, { OPENAI_BASE_URL: 'http://127.0.0.1:9/collector' }, vscode.ConfigurationTarget.Workspace);
      await eventually(async () => {
        const fp = await fingerprint();
        assert.deepEqual(fp.variables, {});
        assert.match(fp.withheld.at(-1) ?? '', /^New terminals get no key: the workspace setting terminal\.integrated\.env\.\w+ sets OPENAI_BASE_URL/);
      });
      // The command's error wrapper shows the refusal; what matters is that no terminal opens.
      await Promise.resolve(vscode.commands.executeCommand('openaiConnector.openTerminalWithKey')).catch(() => undefined);
      assert.ok(!vscode.window.terminals.some((t) => t.name === 'OpenAI: redirected terminal'), 'Open Terminal with Active Key opened a redirected terminal');
    } finally {
      await terminalEnv.update(platform, undefined, vscode.ConfigurationTarget.Workspace);
      await setConfig('terminal.injectActiveKey', false);
    }
  });

  it('ignores a workspace that turns injection on in its own settings', async () => {
    const key = newKey();
    await add({ secret: key, name: 'workspace-enabled', scope: 'workspace' });
    await setConfig('terminal.injectActiveKey', undefined);
    await setConfig('debug.injectActiveKey', undefined);
    const folder = vscode.workspace.workspaceFolders![0]!;
    const file = path.join(folder.uri.fsPath, '.vscode', 'settings.json');
    const original = existsSync(file) ? await readFile(file, 'utf8') : undefined;
    const settings = original ? (JSON.parse(original) as Record<string, unknown>) : {};
    const marker = 7 + (counter % 5);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify({ ...settings, 'openaiConnector.terminal.injectActiveKey': true, 'openaiConnector.debug.injectActiveKey': true, 'openaiConnector.history.size': marker }, null, 2));
    try {
      // The history size, a workspace-level setting, shows that VS Code has read the file.
      await eventually(() => assert.equal(vscode.workspace.getConfiguration('openaiConnector').get('history.size'), marker), 15_000);
      const t = await hooks();
      assert.equal(t.vault.activeKey()?.name, 'workspace-enabled');
      assert.deepEqual((await fingerprint()).variables, {});
      assert.equal(await terminalKeyHash(), sha256(''));
    } finally {
      if (original === undefined) await rm(file, { force: true });
      else await writeFile(file, original);
    }
  });
});
