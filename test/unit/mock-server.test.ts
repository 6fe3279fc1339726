import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startMockOpenAI, MockOpenAI, mockErrors, expectedStreamText, TINY_PNG_BASE64 } from '../fixtures/mock-openai-server';

describe('mock OpenAI server', () => {
  let mock: MockOpenAI;
  before(async () => {
    mock = await startMockOpenAI();
  });
  after(() => mock.close());

  const post = (p: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${mock.baseUrl}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

  test('lists models on 127.0.0.1 with OpenAI headers, and records the request', async () => {
    mock.reset();
    assert.match(mock.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await fetch(`${mock.baseUrl}/models?limit=2`, { headers: { authorization: 'Bearer test-token' } });
    assert.equal(res.status, 200);
    const json = (await res.json()) as { object: string; data: { id: string }[] };
    assert.equal(json.object, 'list');
    assert.ok(json.data.some((m) => m.id === 'gpt-4o-mini'));
    assert.match(res.headers.get('x-request-id') ?? '', /^req_/);
    assert.ok(res.headers.get('openai-processing-ms'));
    assert.ok(res.headers.get('x-ratelimit-remaining-requests'));
    assert.equal(mock.requests.length, 1);
    const [seen] = mock.requests;
    assert.deepEqual({ method: seen?.method, path: seen?.path }, { method: 'GET', path: '/v1/models?limit=2' });
    assert.equal(seen?.headers.authorization, 'Bearer test-token');
  });

  test('answers the common routes with their shapes', async () => {
    const chat = (await (await post('/chat/completions', { model: 'm', messages: [] })).json()) as { object: string };
    assert.equal(chat.object, 'chat.completion');
    const resp = (await (await post('/responses', { model: 'm', input: 'hi' })).json()) as { object: string; status: string };
    assert.deepEqual([resp.object, resp.status], ['response', 'completed']);
    const emb = (await (await post('/embeddings', { model: 'm', input: ['a', 'b'] })).json()) as { data: unknown[] };
    assert.equal(emb.data.length, 2);
    const mod = (await (await post('/moderations', { input: 'x' })).json()) as { results: unknown[] };
    assert.equal(mod.results.length, 1);
    const img = (await (await post('/images/generations', { prompt: 'x' })).json()) as { data: { b64_json: string }[] };
    assert.equal(img.data[0]?.b64_json, TINY_PNG_BASE64);
    const speech = await post('/audio/speech', { input: 'x' });
    assert.equal(speech.headers.get('content-type'), 'audio/mpeg');
    assert.equal(Buffer.from(await speech.arrayBuffer()).subarray(0, 3).toString(), 'ID3');
    const missing = await post('/no/such/route', {});
    assert.equal(missing.status, 404);
  });

  test('streams chat chunks ending in [DONE] and responses events ending in response.completed', async () => {
    mock.script('POST /v1/chat/completions', { kind: 'stream', events: 1000, times: 1 });
    const chatText = await (await post('/chat/completions', { stream: true })).text();
    const chunks = chatText.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)) as { object: string; choices: { delta: { content?: string } }[] });
    assert.equal(chunks.length, 1002); // role chunk + 1000 deltas + finish chunk
    assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk'));
    assert.equal(chunks.map((c) => c.choices[0]?.delta.content ?? '').join(''), expectedStreamText(1000));
    assert.ok(chatText.trimEnd().endsWith('data: [DONE]'));

    const respText = await (await post('/responses', { stream: true })).text();
    const types = [...respText.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    assert.equal(types[0], 'response.created');
    assert.equal(types.at(-1), 'response.completed');
    assert.equal(types.filter((t) => t === 'response.output_text.delta').length, 5);
  });

  test('scripted errors apply the given number of times, then the route falls back', async () => {
    mock.script('POST /v1/responses', mockErrors.rateLimited(2, 1));
    const limited = await post('/responses', {});
    assert.equal(limited.status, 429);
    assert.equal(limited.headers.get('retry-after'), '2');
    assert.match(limited.headers.get('x-request-id') ?? '', /^req_/);
    assert.equal(((await limited.json()) as { error: { code: string } }).error.code, 'rate_limit_exceeded');
    assert.equal((await post('/responses', {})).status, 200);

    mock.script('/v1/models', mockErrors.missingScopes(['api.model.read'], undefined, 1));
    const denied = await fetch(`${mock.baseUrl}/models`);
    assert.equal(denied.status, 401);
    const body = (await denied.json()) as { error: { message: string; type: string; param: null; code: null } };
    assert.match(body.error.message, /^You have insufficient permissions for this operation\. Missing scopes: api\.model\.read\. Check that/);
    assert.deepEqual([body.error.type, body.error.param, body.error.code], ['invalid_request_error', null, null]);

    mock.script('/v1/models', mockErrors.missingScopes(['api.management.read'], null, 1));
    const admin = (await (await fetch(`${mock.baseUrl}/models`)).json()) as { error: { message: string } };
    assert.equal(admin.error.message, 'You have insufficient permissions for this operation. Missing scopes: api.management.read.');
  });

  test('a stall sends headers and some events, then holds the connection until the client leaves', async () => {
    mock.script('POST /v1/chat/completions', { kind: 'stall', events: 3, times: 1 });
    const controller = new AbortController();
    const res = await fetch(`${mock.baseUrl}/chat/completions`, { method: 'POST', body: JSON.stringify({ stream: true }), signal: controller.signal });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/data: /g) ?? []).length < 4) text += new TextDecoder().decode((await reader.read()).value);
    const next = reader.read().then(() => 'data', () => 'aborted');
    const winner = await Promise.race([next, new Promise((r) => setTimeout(() => r('silent'), 150))]);
    assert.equal(winner, 'silent');
    controller.abort();
    assert.equal(await next, 'aborted');
  });

  test('the HTTP control endpoints script and list requests', async () => {
    mock.reset();
    const ok = await fetch(`http://127.0.0.1:${mock.port}/__mock/script`, { method: 'POST', body: JSON.stringify({ route: 'GET /v1/models', behaviour: { kind: 'json', status: 503, body: { error: { message: 'down' } }, times: 1 } }) });
    assert.equal(ok.status, 200);
    assert.equal((await fetch(`${mock.baseUrl}/models`)).status, 503);
    const bad = await fetch(`http://127.0.0.1:${mock.port}/__mock/script`, { method: 'POST', body: '{}' });
    assert.equal(bad.status, 400);
    const recorded = (await (await fetch(`http://127.0.0.1:${mock.port}/__mock/requests`)).json()) as { path: string }[];
    assert.deepEqual(recorded.map((r) => r.path), ['/v1/models']);
  });
});

test('runs standalone and prints its base URL', async () => {
  const tsxCli = require.resolve('tsx/cli');
  const child = spawn(process.execPath, [tsxCli, path.join(__dirname, '../fixtures/mock-openai-server.ts'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const baseUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\/v1/.exec(out);
        if (m) resolve(m[0]);
      });
      child.once('exit', (code) => reject(new Error(`mock exited with ${code}`)));
    });
    const res = await fetch(`${baseUrl}/models`);
    assert.equal(res.status, 200);
  } finally {
    child.kill('SIGTERM');
  }
});
