// A hostile server on the key's own origin (redirects, echoed keys) and the command surface, inside
// a real VS Code. The suite runs the extension in Test mode with OPENAI_CONNECTOR_TEST=1, the only
// place where scripted arguments exist; test/e2e covers the packaged extension in Production mode.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import type { KeyRecord } from '../../src/core/keys/key-index';
import type { BuilderRequest, HostMessage, RunEvent } from '../../src/protocol/protocol';
import type { KeysTreeNode } from '../../src/vscode/keys/keys-tree';
import type { KeyTestReport } from '../../src/vscode/commands/test-key';
import type { TestHooks } from '../../src/vscode/common/test-hooks';
import { MockOpenAI, startMockOpenAI } from '../fixtures/mock-openai-server';
import { makeKey } from '../unit/test-keys';
import { clearVault, eventually, hooks } from './extension-api';

/** A server that records every connection and request: it must see none. */
async function foreignServer(): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[]}'));
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => connections, close: () => new Promise((r) => server.close(() => r())) };
}

describe('hostile server and command surface', function () {
  this.timeout(60_000);
  let testing: TestHooks;
  let mock: MockOpenAI;
  let foreign: Awaited<ReturnType<typeof foreignServer>>;
  let key: string;
  let record: KeyRecord;

  before(async () => {
    testing = await hooks();
    mock = await startMockOpenAI();
    foreign = await foreignServer();
  });
  after(async () => {
    delete process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await mock.close();
    await foreign.close();
  });
  beforeEach(async () => {
    await clearVault(testing);
    mock.reset();
    key = makeKey.project();
    record = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: key, name: 'hostile-origin', baseUrl: mock.baseUrl }))!;
    assert.ok(record, 'the key was not added');
  });
  afterEach(() => assert.equal(foreign.connections(), 0, 'a request reached the redirect target'));

  const redirectEverything = (status: number): void =>
    mock.script('*', { kind: 'raw', status, contentType: 'text/plain', body: '', headers: { location: `${foreign.url}/v1/collect` } });

  it('Test Key shows a redirect as its status and target, and follows nothing', async () => {
    redirectEverything(302);
    const report = await vscode.commands.executeCommand<KeyTestReport>('openaiConnector.testKey', { keyId: record.id });
    assert.ok(report);
    assert.equal(report.status, 302);
    assert.ok(report.message.includes(`302 (redirect) to ${foreign.url}/v1/collect`), report.message);
  });

  it('Detect Permissions stops at a redirect, follows nothing and saves nothing', async () => {
    process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS = new URL(mock.baseUrl).origin;
    redirectEverything(307);
    const outcome = await vscode.commands.executeCommand('openaiConnector.detectPermissions', { keyId: record.id }, { save: true });
    assert.equal(outcome, undefined, 'Detect Permissions did not stop');
    assert.ok(mock.requests.length <= 3, `${mock.requests.length} probes were sent after the redirect`);
    assert.equal(testing.vault.get(record.id)?.permission.level, 'all');
  });

  describe('in the request builder', () => {
    let probe: NonNullable<TestHooks['requestBuilder']>;
    let counter = 0;
    beforeEach(async () => {
      probe = testing.requestBuilder!;
      await vscode.commands.executeCommand('openaiConnector.openRequestBuilder', { keyId: record.id });
      await eventually(() => assert.ok(probe.panel?.isReady, 'the builder page never said ready'), 20_000);
    });

    async function send(request: BuilderRequest): Promise<Extract<RunEvent, { kind: 'done' }>> {
      const id = `hostile-${++counter}`;
      let done: Extract<RunEvent, { kind: 'done' }> | undefined;
      const listener = probe.onDidPost((m) => {
        if (m.type === 'run' && m.requestId === id && m.event.kind === 'done') done = m.event;
      });
      try {
        await probe.receive({ type: 'send', requestId: id, keyId: record.id, request, override: false });
        await eventually(() => assert.ok(done, 'the run did not finish'), 20_000);
        return done!;
      } finally {
        listener.dispose();
      }
    }
    const post = (body: unknown): BuilderRequest => ({
      method: 'POST', path: '/responses', operationId: 'createResponse', pathParams: {}, query: [], headers: [{ name: 'X-Private', value: 'mine' }],
      bodyKind: 'json', body: JSON.stringify(body), form: [], stream: false,
    });

    for (const status of [301, 307, 308]) {
      it(`shows a ${status} as status and target and re-sends nothing`, async () => {
        redirectEverything(status);
        const done = await send(post({ model: 'gpt-4.1-mini', input: 'private' }));
        assert.equal(done.result.status, status);
        assert.ok(done.result.error?.message.includes(`${status} (redirect) to ${foreign.url}/v1/collect`), done.result.error?.message);
      });
    }

    it('masks every key shape an answer carries before it reaches the page, not only the vault\'s keys', async () => {
      const foreignKey = makeKey.admin();
      const jwt = `eyJ${'h'.repeat(20)}.eyJ${'p'.repeat(40)}.${'s'.repeat(43)}`;
      const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
      mock.script('POST /v1/responses', { kind: 'raw', contentType: 'application/json', body: `{"other":"${foreignKey}","jwt":"${jwt}","echo":"${escaped}"}`, times: 1 });
      const start = probe.posted.length;
      const done = await send(post({ model: 'gpt-4.1-mini', input: 'hi' }));
      assert.equal(done.result.status, 200);
      const posted = JSON.stringify(probe.posted.slice(start));
      for (const secret of [foreignKey, jwt, key, escaped]) assert.ok(!posted.includes(secret), `a message to the page carried ${secret.slice(0, 12)}…`);
    });

    it('imports a curl command with the key in any header, query or body field without sending it to the page', async () => {
      const curlKey = makeKey.project();
      const curl = `curl "${mock.baseUrl}/responses?apikey=${curlKey}" -H "OpenAI-Api-Key: ${curlKey}" -d '{"model":"gpt-4.1-mini","input":"Hi","api_key":"${curlKey}"}' --oauth2-bearer ${curlKey}`;
      const start = probe.posted.length;
      await vscode.commands.executeCommand('openaiConnector.importCurl', { text: curl, storeKey: false });
      await eventually(() => assert.ok(probe.posted.slice(start).some((m) => m.type === 'load')));
      const load = probe.posted.slice(start).find((m): m is Extract<HostMessage, { type: 'load' }> => m.type === 'load')!;
      assert.match(load.note ?? '', /removed from the request and not stored/);
      assert.ok(!JSON.stringify(probe.posted.slice(start)).includes(curlKey.slice(8, 30)), 'the curl key reached the page');
    });
  });

  describe('commands', () => {
    it('run with scripted arguments here, because the extension runs in Test mode with the test flag', async () => {
      await vscode.env.clipboard.writeText('before');
      await vscode.commands.executeCommand('openaiConnector.copyKey', { keyId: record.id, confirmed: true });
      assert.equal(await vscode.env.clipboard.readText(), key);
      await vscode.env.clipboard.writeText('');
    });

    it('take a key node of our own tree as target, and a look-alike node as nothing', async () => {
      const nodes = testing.keysTree.getChildren().flatMap((group) => testing.keysTree.getChildren(group));
      const own = nodes.find((n): n is Extract<KeysTreeNode, { type: 'key' }> => n.type === 'key' && n.record.id === record.id);
      assert.ok(own, 'the key is not in the tree');
      await vscode.env.clipboard.writeText('sentinel');
      await vscode.commands.executeCommand('openaiConnector.copyMaskedKey', own);
      assert.match(await vscode.env.clipboard.readText(), new RegExp(`…${key.slice(-4)}$`));

      // A look-alike is no target: the command asks which key instead (closed here: nothing happens).
      await vscode.env.clipboard.writeText('sentinel');
      let settled = false;
      const pending = vscode.commands.executeCommand('openaiConnector.copyMaskedKey', { type: 'key', record: { id: record.id } }).then(() => (settled = true));
      while (!settled) {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        await Promise.race([pending, new Promise((r) => setTimeout(r, 100))]);
      }
      assert.equal(await vscode.env.clipboard.readText(), 'sentinel');
    });
  });
});
