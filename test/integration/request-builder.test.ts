// The request builder inside a real VS Code, against the recording mock on 127.0.0.1. The test talks
// to the panel's host as its page would (through the test probe), while the real page runs beside it;
// every message posted to the page is recorded, so the tests can prove the key never reaches it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KeyRecord } from '../../src/core/keys/key-index';
import type { BuilderRequest, HostMessage, RunEvent, RunOutcome } from '../../src/protocol/protocol';
import type { BuilderProbe } from '../../src/vscode/request-builder/test-probe';
import type { TestHooks } from '../../src/vscode/common/test-hooks';
import { MockOpenAI, TINY_PNG_BASE64, expectedStreamText, mockErrors, startMockOpenAI } from '../fixtures/mock-openai-server';
import { makeKey } from '../unit/test-keys';
import { clearVault, eventually, hooks } from './extension-api';

function request(patch: Partial<BuilderRequest> = {}): BuilderRequest {
  return {
    method: 'POST', path: '/responses', operationId: 'createResponse', pathParams: {}, query: [], headers: [],
    bodyKind: 'json', body: JSON.stringify({ model: 'gpt-4.1-mini', input: 'Say hello.' }), form: [], stream: false, ...patch,
  };
}

const streaming = (): BuilderRequest => request({ body: JSON.stringify({ model: 'gpt-4.1-mini', input: 'Say hello.', stream: true }), stream: true });

interface RunLog {
  readonly events: RunEvent[];
  readonly messages: HostMessage[];
  done(): Extract<RunEvent, { kind: 'done' }> | undefined;
}

describe('request builder', function () {
  this.timeout(60_000);
  let testing: TestHooks;
  let probe: BuilderProbe;
  let mock: MockOpenAI;
  let key: string;
  let record: KeyRecord;
  let counter = 0;
  const listeners: { dispose(): void }[] = [];

  before(async () => {
    testing = await hooks();
    assert.ok(testing.requestBuilder, 'the request builder probe is missing');
    probe = testing.requestBuilder;
    mock = await startMockOpenAI();
  });

  after(async () => {
    delete process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('openaiConnector').update('request.streamIdleTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    await mock.close();
  });

  beforeEach(async () => {
    await clearVault(testing);
    mock.reset();
    key = makeKey.project();
    record = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: key, name: 'builder-key', baseUrl: mock.baseUrl }))!;
    assert.ok(record, 'the key was not added');
    await vscode.commands.executeCommand('openaiConnector.openRequestBuilder', { keyId: record.id });
    // The real page loads and says ready; the host answers with init.
    await eventually(() => assert.ok(probe.panel?.isReady, 'the builder page never said ready'), 20_000);
  });

  afterEach(() => {
    for (const l of listeners.splice(0)) l.dispose();
    const posted = JSON.stringify(probe.posted);
    assert.ok(!posted.includes(key), 'a message posted to the page contained the key');
  });

  /** Sends as the page does and collects everything posted for that request id. */
  async function send(req: BuilderRequest, opts: { override?: boolean; keyId?: string; onEvent?: (e: RunEvent, id: string) => void } = {}): Promise<RunLog & { id: string }> {
    const id = `it-run-${++counter}`;
    const messages: HostMessage[] = [];
    const events: RunEvent[] = [];
    const listener = probe.onDidPost((m) => {
      if (!('requestId' in m) || m.requestId !== id) return;
      messages.push(m);
      if (m.type === 'run') {
        events.push(m.event);
        opts.onEvent?.(m.event, id);
      }
    });
    listeners.push(listener);
    await probe.receive({ type: 'send', requestId: id, keyId: opts.keyId ?? record.id, request: req, override: opts.override ?? false });
    return { id, events, messages, done: () => events.find((e): e is Extract<RunEvent, { kind: 'done' }> => e.kind === 'done') };
  }

  async function finished(run: RunLog, timeoutMs = 20_000): Promise<Extract<RunEvent, { kind: 'done' }>> {
    await eventually(() => assert.ok(run.done(), 'the run did not finish'), timeoutMs);
    return run.done()!;
  }

  function expectOutcome(done: Extract<RunEvent, { kind: 'done' }>, outcome: RunOutcome): void {
    assert.equal(done.outcome, outcome, `expected ${outcome}, got ${done.outcome}: ${done.result.error?.message ?? ''}`);
  }

  it('runs a non-streaming call and shows status, headers and pretty JSON', async () => {
    const run = await send(request());
    const done = await finished(run);
    expectOutcome(done, 'completed');
    assert.equal(done.result.status, 200);
    assert.equal(done.result.body.kind, 'json');
    assert.match(done.result.body.kind === 'json' ? done.result.body.text : '', /"object": "response"/);
    assert.ok(done.result.headers.some((h) => h.name === 'x-request-id' && h.highlight), 'x-request-id is not highlighted');
    // The result carries status and headers; a headers message comes first only when the body took
    // longer than the hold (a cold first request on a loaded machine may).
    assert.match(run.events.map((e) => e.kind).join(','), /^started,(headers,)?done$/);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0]!.path, '/v1/responses');
    assert.equal(mock.requests[0]!.headers.authorization, `Bearer ${key}`, 'the host did not add the key at send time');
  });

  it('streams a call: events arrive in batches, nothing is dropped, and the text is assembled', async () => {
    mock.script('POST /v1/responses', { kind: 'stream', events: 2000, times: 1 });
    const run = await send(streaming());
    const done = await finished(run);
    expectOutcome(done, 'completed');
    const batches = run.events.filter((e): e is Extract<RunEvent, { kind: 'events' }> => e.kind === 'events');
    const received = batches.reduce((n, b) => n + b.events.length, 0);
    assert.ok(received >= 2000, `only ${received} events arrived`);
    assert.equal(batches.at(-1)!.total, received);
    assert.ok(batches.length < received / 10, `${batches.length} messages for ${received} events: not batched`);
    assert.equal(batches.map((b) => b.text).join(''), expectedStreamText(2000));
    assert.equal(done.result.body.kind, 'stream');
  });

  it('cancels mid-stream: the result reads cancelled, not completed', async () => {
    mock.script('POST /v1/responses', { kind: 'stall', events: 3, times: 1 });
    let cancelled = false;
    const run = await send(streaming(), {
      onEvent: (e, id) => {
        if (e.kind === 'events' && !cancelled) {
          cancelled = true;
          void probe.receive({ type: 'cancel', requestId: id });
        }
      },
    });
    const done = await finished(run, 10_000);
    assert.ok(cancelled, 'no event arrived before the stall');
    expectOutcome(done, 'cancelled');
  });

  it('cancels before the headers arrive, and right after sending', async () => {
    mock.script('POST /v1/responses', { kind: 'stall', beforeHeaders: true, times: 1 });
    const waiting = await send(request(), {
      onEvent: (e, id) => {
        if (e.kind === 'started') setTimeout(() => void probe.receive({ type: 'cancel', requestId: id }), 300);
      },
    });
    expectOutcome(await finished(waiting, 10_000), 'cancelled');
    assert.ok(!waiting.events.some((e) => e.kind === 'headers'));

    const id = `it-run-${++counter}`;
    const events: RunEvent[] = [];
    listeners.push(probe.onDidPost((m) => {
      if (m.type === 'run' && m.requestId === id) events.push(m.event);
    }));
    const sending = probe.receive({ type: 'send', requestId: id, keyId: record.id, request: request(), override: false });
    await probe.receive({ type: 'cancel', requestId: id });
    await sending;
    const done = events.find((e): e is Extract<RunEvent, { kind: 'done' }> => e.kind === 'done');
    assert.ok(done, 'the run did not finish');
    expectOutcome(done, 'cancelled');
  });

  it('cancels during the wait after a 429 and sends no retry', async () => {
    mock.script('POST /v1/responses', mockErrors.rateLimited(20, 1));
    const run = await send(request(), {
      onEvent: (e, id) => {
        if (e.kind === 'retrying') void probe.receive({ type: 'cancel', requestId: id });
      },
    });
    const started = Date.now();
    const done = await finished(run, 10_000);
    expectOutcome(done, 'cancelled');
    const retry = run.events.find((e) => e.kind === 'retrying');
    assert.ok(retry && retry.kind === 'retrying' && /429/.test(retry.reason), 'the wait was not shown with its reason');
    assert.ok(Date.now() - started < 8000, 'cancel waited for the retry');
    assert.equal(mock.requests.length, 1, 'a retry was sent after cancel');
  });

  it('ends a stalled stream with the idle timeout error', async () => {
    await vscode.workspace.getConfiguration('openaiConnector').update('request.streamIdleTimeoutSeconds', 1, vscode.ConfigurationTarget.Global);
    try {
      mock.script('POST /v1/responses', { kind: 'stall', events: 1, times: 1 });
      const done = await finished(await send(streaming()), 15_000);
      expectOutcome(done, 'failed');
      assert.equal(done.result.error?.kind, 'stream-idle');
    } finally {
      await vscode.workspace.getConfiguration('openaiConnector').update('request.streamIdleTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('refuses to send the key to a foreign origin', async () => {
    for (const path of ['https://example.invalid/v1/models', '//example.invalid/v1/models', `http://127.0.0.1:${mock.port + 1}/v1/models`]) {
      // Refused by the send decision, through the one channel for refusals: no "Send anyway", no run.
      const refused = await send(request({ method: 'GET', path, operationId: undefined, bodyKind: 'none', body: '' }), { override: true });
      await eventually(() => assert.ok(refused.messages.some((m) => m.type === 'permission')));
      const p = refused.messages.find((m): m is Extract<HostMessage, { type: 'permission' }> => m.type === 'permission')!;
      assert.equal(p.prompt.canOverride, false);
      assert.match(p.prompt.reason, /^Refused/);
      assert.ok(!refused.messages.some((m) => m.type === 'run'), 'a refused request started a run');
    }
    assert.equal(mock.requests.length, 0);
  });

  it('asks before a denied call, sends anyway on request, and refuses an admin key on a model route', async () => {
    process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS = new URL(mock.baseUrl).origin;
    const readOnly = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', {
      secret: makeKey.project(), name: 'read-only', baseUrl: mock.baseUrl, permission: { level: 'read-only' },
    }))!;
    const denied = await send(request(), { keyId: readOnly.id });
    await eventually(() => assert.ok(denied.messages.some((m) => m.type === 'permission')));
    const prompt = denied.messages.find((m): m is Extract<HostMessage, { type: 'permission' }> => m.type === 'permission')!;
    assert.equal(prompt.prompt.canOverride, true);
    assert.match(prompt.prompt.reason, /Read only/);
    assert.equal(mock.requests.length, 0, 'a denied request was sent without asking');
    expectOutcome(await finished(await send(request(), { keyId: readOnly.id, override: true })), 'completed');
    assert.equal(mock.requests.length, 1);

    const admin = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: makeKey.admin(), name: 'admin', baseUrl: mock.baseUrl }))!;
    for (const override of [false, true]) {
      const refused = await send(request(), { keyId: admin.id, override });
      await eventually(() => assert.ok(refused.messages.some((m) => m.type === 'permission')));
      const p = refused.messages.find((m): m is Extract<HostMessage, { type: 'permission' }> => m.type === 'permission')!;
      assert.equal(p.prompt.canOverride, false);
    }
    assert.equal(mock.requests.length, 1, 'the admin key was sent to a model route');
  });

  it('answers a malformed message with a typed error and sends nothing', async () => {
    const before = probe.posted.length;
    await probe.receive({ type: 'send', requestId: 'bad-1', keyId: record.id, request: { ...request(), method: 'TRACE' }, override: false });
    await probe.receive({ type: 'storeSecret', requestId: 'bad-2', secret: key });
    const answers = probe.posted.slice(before);
    assert.deepEqual(answers.map((m) => m.type === 'protocolError' && m.code), ['invalid-field', 'unknown-type']);
    assert.equal(mock.requests.length, 0);
  });

  it('masks a key that a server echoes back before it reaches the page', async () => {
    mock.script('POST /v1/responses', { kind: 'json', body: { echoed: key, note: `Bearer ${key}` }, times: 1 });
    const done = await finished(await send(request()));
    expectOutcome(done, 'completed');
    const text = done.result.body.kind === 'json' ? done.result.body.text : '';
    assert.ok(!text.includes(key));
    assert.match(text, /redacted/);
  });

  it('keeps history without the key or an Authorization header, and clears it', async () => {
    expectOutcome(await finished(await send(request())), 'completed');
    expectOutcome(await finished(await send(request({ headers: [{ name: 'X-Trace', value: 'on' }] }))), 'completed');
    const raw = JSON.stringify(probe.historyRaw());
    assert.match(raw, /\/responses/);
    assert.match(raw, /X-Trace/);
    assert.ok(!raw.includes(key), 'history holds the key');
    assert.ok(!/authorization/i.test(raw), 'history holds an Authorization header');
    const refused = await send(request({ headers: [{ name: 'Authorization', value: `Bearer ${key}` }] }));
    await eventually(() => assert.ok(refused.messages.some((m) => m.type === 'reply' && !m.ok)));
    await vscode.commands.executeCommand('openaiConnector.clearHistory', { confirm: false });
    assert.deepEqual(probe.historyRaw(), []);
  });

  it('exports curl with $OPENAI_API_KEY and imports a curl command, offering its key for the vault', async () => {
    const before = probe.posted.length;
    await probe.receive({ type: 'export', requestId: 'exp-1', format: 'curl', request: request(), keyId: record.id });
    const reply = probe.posted.slice(before).find((m) => m.type === 'reply' && m.requestId === 'exp-1');
    assert.ok(reply && reply.type === 'reply' && reply.ok && reply.body.kind === 'exported');
    assert.match(reply.body.text, /\$OPENAI_API_KEY/);
    assert.ok(reply.body.text.startsWith(`curl ${mock.baseUrl}/responses`));
    assert.equal(await vscode.env.clipboard.readText(), reply.body.text);

    const other = makeKey.project();
    const curl = `curl ${mock.baseUrl}/responses -H "Authorization: Bearer ${other}" -H "Content-Type: application/json" -d '{"model":"gpt-4.1-mini","input":"Hi"}'`;
    const start = probe.posted.length;
    await vscode.commands.executeCommand('openaiConnector.importCurl', { text: curl, storeKey: true, keyName: 'from-curl' });
    const stored = testing.vault.allKeys().find((k) => k.name === 'from-curl');
    assert.ok(stored, 'the key of the curl command was not stored');
    assert.equal(await testing.vault.getSecret(stored.id), other);
    await eventually(() => assert.ok(probe.posted.slice(start).some((m) => m.type === 'load')));
    const load = probe.posted.slice(start).find((m): m is Extract<HostMessage, { type: 'load' }> => m.type === 'load')!;
    assert.equal(load.keyId, stored.id);
    assert.equal(load.request.operationId, 'createResponse');
    assert.ok(!JSON.stringify(probe.posted).includes(other), 'the imported key reached the page');
  });

  it('renders images and audio inline, uploads a picked file, and previews a large body', async () => {
    const image = await finished(await send(request({ path: '/images/generations', operationId: 'createImage', body: JSON.stringify({ model: 'gpt-image-1', prompt: 'a dot' }) })));
    expectOutcome(image, 'completed');
    assert.match(image.result.images[0]?.src ?? '', /^data:image\/png;base64,iVBOR/);

    mock.script('POST /v1/images/generations', { kind: 'json', body: { created: 1, data: [{ url: `${mock.baseUrl}/pixel.png` }] }, times: 1 });
    mock.script('GET /v1/pixel.png', { kind: 'raw', contentType: 'image/png', body: Buffer.from(TINY_PNG_BASE64, 'base64'), times: 1 });
    const remote = await finished(await send(request({ path: '/images/generations', operationId: 'createImage', body: JSON.stringify({ model: 'dall-e-2', prompt: 'a dot' }) })));
    assert.match(remote.result.images[0]?.src ?? '', /^data:image\/png;base64,/, 'a URL image was not inlined');
    assert.equal(mock.requests.at(-1)!.headers.authorization, undefined, 'the image was fetched with the key');

    const speech = await finished(await send(request({ path: '/audio/speech', operationId: 'createSpeech', body: JSON.stringify({ model: 'tts-1', input: 'hi', voice: 'alloy' }) })));
    assert.equal(speech.result.body.kind, 'audio');
    assert.match(speech.result.body.kind === 'audio' ? speech.result.body.src ?? '' : '', /^data:audio\/mpeg;base64,/);
    assert.equal(speech.result.canSave, true);

    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const upload = vscode.Uri.joinPath(folder, 'batch.jsonl');
    await vscode.workspace.fs.writeFile(upload, new TextEncoder().encode('{"custom_id":"1"}\n'));
    probe.pickFile = upload;
    const before = probe.posted.length;
    await probe.receive({ type: 'pickFile', requestId: 'pick-1', field: 'file' });
    const picked = probe.posted.slice(before).find((m) => m.type === 'reply' && m.requestId === 'pick-1');
    assert.ok(picked && picked.type === 'reply' && picked.ok && picked.body.kind === 'file');
    assert.deepEqual({ ...picked.body.file, fileId: 'x' }, { fileId: 'x', filename: 'batch.jsonl', size: 18 });
    probe.pickFile = undefined;
    const uploaded = await finished(await send(request({
      path: '/files', operationId: 'createFile', bodyKind: 'multipart', body: '',
      form: [{ kind: 'field', name: 'purpose', value: 'batch' }, { kind: 'file', name: 'file', file: picked.body.file }],
    })));
    expectOutcome(uploaded, 'completed');
    const sent = mock.requests.at(-1)!;
    assert.match(sent.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
    assert.match(sent.body, /filename="batch.jsonl"/);
    assert.match(sent.body, /\{"custom_id":"1"\}/);

    mock.script('GET /v1/models', { kind: 'raw', contentType: 'application/json', body: JSON.stringify({ data: 'x'.repeat(3 * 1024 * 1024) }), times: 1 });
    const big = await send(request({ method: 'GET', path: '/models', operationId: 'listModels', bodyKind: 'none', body: '' }));
    const large = await finished(big);
    assert.equal(large.result.body.kind === 'json' && large.result.body.truncated, true, 'a 3 MB body was not cut to a preview');
    assert.ok(large.result.sizeBytes > 3 * 1024 * 1024);
    assert.equal(large.result.canOpenInEditor, true);
    const opened = probe.posted.length;
    await probe.receive({ type: 'openResult', requestId: 'open-1', runId: big.id });
    const reply = probe.posted.slice(opened).find((m) => m.type === 'reply' && m.requestId === 'open-1');
    assert.ok(reply && reply.type === 'reply' && reply.ok, JSON.stringify(reply));
    assert.ok((vscode.window.activeTextEditor?.document.getText().length ?? 0) > 3 * 1024 * 1024, 'the whole body did not open in an editor');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('replays the last run to a page rebuilt after hide and show (no retained context)', async () => {
    const run = await send(request());
    expectOutcome(await finished(run), 'completed');
    await vscode.commands.executeCommand('workbench.action.files.newUntitledFile');
    await eventually(() => assert.equal(probe.panel?.isReady, false, 'the hidden page was not torn down'), 10_000);
    const start = probe.posted.length;
    await vscode.commands.executeCommand('openaiConnector.openRequestBuilder');
    await eventually(() => {
      const after = probe.posted.slice(start);
      assert.ok(after.some((m) => m.type === 'init'), 'no init for the rebuilt page');
      assert.ok(after.some((m) => m.type === 'run' && m.requestId === run.id && m.event.kind === 'done'), 'the last run was not replayed');
    }, 20_000);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor').then(undefined, () => undefined);
  });

  it('saves a request without secrets and runs it from the Saved Requests commands through the real page', async () => {
    const before = probe.posted.length;
    await probe.receive({ type: 'saveRequest', requestId: 'save-1', request: request(), keyId: record.id, name: 'Say hello' });
    const reply = probe.posted.slice(before).find((m) => m.type === 'reply' && m.requestId === 'save-1');
    assert.ok(reply && reply.type === 'reply' && reply.ok && reply.body.kind === 'saved', JSON.stringify(reply));
    assert.equal(reply.body.relativePath, '.vscode/openai-requests/say-hello.json');
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const file = vscode.Uri.joinPath(folder, '.vscode', 'openai-requests', 'say-hello.json');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    assert.ok(!text.includes(key));
    assert.match(text, /"key": "builder-key"/);

    // The page loads it and sends it itself (autoSend): a run whose id the page chose.
    mock.reset();
    const start = probe.posted.length;
    await vscode.commands.executeCommand('openaiConnector.runSavedRequest', { uri: file });
    await eventually(() => {
      const done = probe.posted.slice(start).find((m) => m.type === 'run' && m.event.kind === 'done');
      assert.ok(done, 'the page did not send the saved request');
    }, 20_000);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0]!.path, '/v1/responses');
    await vscode.workspace.fs.delete(file);
  });
});
