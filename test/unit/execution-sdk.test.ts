// Execution through the real openai SDK against the local mock. The SDK needs Node >= 22:
// run with `$(cat ~/.cache/openai-connector-test-host/node-path) --import tsx --test test/unit/execution-sdk.test.ts`.
import { describe, test, before, after, beforeEach } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMockOpenAI, MockOpenAI, mockErrors, expectedStreamText } from '../fixtures/mock-openai-server';
import { ClientCache, KeyTarget } from '../../src/core/execution/client-cache';
import { executeRequest, ExecutionResult, RetryNotice } from '../../src/core/execution/execute';
import { StreamBatcher, StreamBatch } from '../../src/core/execution/stream-batcher';
import { testKey } from '../../src/core/execution/test-key';
import { RequestModel, toExecutable } from '../../src/core/requests/request-model';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const skip = NODE_MAJOR < 22 ? 'the openai SDK needs Node >= 22; run this file with Node 24' : false;

/** A key-shaped secret built at run time (never a literal in the repo). */
const SECRET = 'sk-proj-' + 'Q7'.repeat(24) + 'wxyz';

function req(partial: Partial<RequestModel> & Pick<RequestModel, 'method' | 'path'>): ReturnType<typeof toExecutable> {
  return toExecutable({ pathParams: {}, query: {}, headers: {}, body: { kind: 'none' }, stream: false, ...partial });
}

const json = (text: unknown): RequestModel['body'] => ({ kind: 'json', text: JSON.stringify(text) });

function assertNoSecret(value: unknown, what: string): void {
  const text = JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v));
  assert.ok(!text.includes(SECRET), `${what} contains the key`);
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('execution through the SDK', { skip }, () => {
  let mock: MockOpenAI;
  let cache: ClientCache;
  let target: KeyTarget;
  const results: ExecutionResult[] = [];
  const run = async (...args: Parameters<typeof executeRequest> extends [unknown, unknown, ...infer R] ? R : never): Promise<ExecutionResult> => {
    const result = await executeRequest(cache, target, ...args);
    results.push(result);
    return result;
  };

  before(async () => {
    mock = await startMockOpenAI();
    cache = new ClientCache();
    target = { keyId: 'key-1', secret: SECRET, baseUrl: mock.baseUrl };
  });
  after(async () => {
    await mock.close();
    for (const r of results) assertNoSecret(r, `result of ${r.method} ${r.path}`);
  });
  beforeEach(() => mock.reset());

  test('a JSON call completes with status, timings, size, flagged headers and pretty JSON', async () => {
    const result = await run(req({ method: 'POST', path: '/chat/completions', body: json({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }) }));
    assert.equal(result.outcome, 'completed');
    assert.equal(result.status, 200);
    assert.ok(result.durationMs > 0 && result.timeToHeadersMs !== undefined);
    assert.equal(result.body?.kind, 'json');
    assert.ok(result.size > 0 && result.size === result.body?.size);
    assert.match(result.body?.text ?? '', /^\{\n {2}"id": "chatcmpl-/);
    assert.match(result.requestId ?? '', /^req_/);
    const flagged = result.headers.filter((h) => h.highlight).map((h) => h.name);
    assert.ok(flagged.includes('x-request-id') && flagged.includes('openai-processing-ms') && flagged.includes('x-ratelimit-remaining-requests'));
    assert.ok(!result.headers.find((h) => h.name === 'content-type')?.highlight);
    const seen = mock.requests[0];
    assert.ok(seen, 'the server saw no request');
    assert.equal(seen.headers.authorization, `Bearer ${SECRET}`);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.equal(JSON.parse(seen.body).model, 'gpt-4o-mini');
  });

  test('query, path parameters and extra headers reach the server', async () => {
    await run(req({ method: 'GET', path: '/models/{model}', pathParams: { model: 'gpt 4o/mini' }, query: { limit: '2', include: ['a', 'b'] }, headers: { 'X-Trace': 'abc' } }));
    const seen = mock.requests[0];
    assert.ok(seen, 'the server saw no request');
    assert.match(seen.path, /^\/v1\/models\/gpt%204o%2Fmini\?/);
    assert.match(seen.path, /limit=2/);
    assert.equal(seen.headers['x-trace'], 'abc');
  });

  test('OPENAI_* environment variables do not leak into the request', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      OPENAI_BASE_URL: 'http://127.0.0.1:9/junk',
      OPENAI_API_KEY: 'junk-env-key',
      OPENAI_ORG_ID: 'org-junk',
      OPENAI_PROJECT_ID: 'proj_junk',
      OPENAI_LOG: 'debug',
      OPENAI_CUSTOM_HEADERS: 'X-Junk: 1\nAuthorization: Bearer junk-env-key\nOpenAI-Organization: org-junk2',
    });
    try {
      const envCache = new ClientCache();
      const plain = await executeRequest(envCache, target, req({ method: 'GET', path: '/models' }));
      assert.equal(plain.outcome, 'completed');
      const withOrg = await executeRequest(envCache, { ...target, keyId: 'key-2', organization: 'org-mine', project: 'proj_mine' }, req({ method: 'GET', path: '/models' }));
      assert.equal(withOrg.outcome, 'completed');
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
    assert.equal(mock.requests.length, 2);
    const [plain, withOrg] = mock.requests;
    assert.ok(plain && withOrg);
    assert.equal(plain.path, '/v1/models');
    assert.equal(plain.headers.authorization, `Bearer ${SECRET}`);
    assert.equal(plain.headers['openai-organization'], undefined);
    assert.equal(plain.headers['openai-project'], undefined);
    assert.equal(plain.headers['x-junk'], undefined);
    assert.equal(withOrg.headers['openai-organization'], 'org-mine');
    assert.equal(withOrg.headers['openai-project'], 'proj_mine');
    assert.equal(withOrg.headers.authorization, `Bearer ${SECRET}`);
    assert.ok(!JSON.stringify(mock.requests).includes('junk'));
  });

  test('a 10,000-event Responses stream arrives whole: every event, the assembled text, batched', async () => {
    mock.script('POST /v1/responses', { kind: 'stream', events: 10_000, times: 1 });
    const batches: StreamBatch[] = [];
    const batcher = new StreamBatcher((b) => batches.push(b), { maxEvents: 200, intervalMs: 50 });
    let seen = 0;
    let headersFirst = false;
    const result = await run(req({ method: 'POST', path: '/responses', body: json({ model: 'gpt-4o-mini', input: 'hi', stream: true }) }), {
      onHeaders: (status) => (headersFirst = status === 200 && seen === 0),
      onEvent: (event, delta) => {
        seen++;
        batcher.push(event, delta);
      },
    });
    batcher.close();
    assert.equal(result.outcome, 'completed');
    assert.ok(headersFirst);
    const total = 10_000 + 8; // 4 opening events, 10,000 deltas, 4 closing events
    assert.equal(result.stream?.events, total);
    assert.equal(seen, total);
    assert.equal(result.stream?.text, expectedStreamText(10_000));
    assert.equal(result.stream?.complete, true);
    assert.ok((result.stream?.timeToFirstEventMs ?? -1) >= 0);
    assert.ok(result.size > 1_000_000, 'SSE bytes counted');
    assert.equal(batches.reduce((n, b) => n + b.events.length, 0), total);
    assert.deepEqual(batches.map((b) => b.seq), batches.map((_b, i) => i));
    assert.equal(batches.map((b) => b.text).join(''), expectedStreamText(10_000));
    assert.ok(batches.every((b) => b.events.length <= 200));
    assert.equal((batches.at(-1)?.events.at(-1) as { type: string }).type, 'response.completed');
  });

  test('a chat completions stream assembles its deltas', async () => {
    const result = await run(req({ method: 'POST', path: '/chat/completions', body: json({ model: 'm', messages: [], stream: true }) }));
    assert.equal(result.outcome, 'completed');
    assert.equal(result.stream?.events, 7); // role chunk, 5 deltas, finish chunk ([DONE] is not an event)
    assert.equal(result.stream?.text, expectedStreamText(5));
    assert.equal(result.stream?.complete, true);
  });

  test('cancel before headers reads "cancelled"', async () => {
    mock.script('POST /v1/responses', { kind: 'slow', delayMs: 5_000, times: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t0 = performance.now();
    const result = await run(req({ method: 'POST', path: '/responses', body: json({ model: 'm', input: 'x' }) }), { signal: controller.signal });
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.error, undefined);
    assert.ok(performance.now() - t0 < 2_000);
  });

  test('cancel during the wait after a 429 reads "cancelled", and no retry is sent', async () => {
    mock.script('POST /v1/responses', mockErrors.rateLimited(20));
    const controller = new AbortController();
    const notices: RetryNotice[] = [];
    const t0 = performance.now();
    const result = await run(req({ method: 'POST', path: '/responses', body: json({ model: 'm', input: 'cancel-in-429-wait' }) }), {
      signal: controller.signal,
      onRetry: (n) => {
        notices.push(n);
        setTimeout(() => controller.abort(), 30);
      },
    });
    assert.equal(result.outcome, 'cancelled');
    assert.ok(performance.now() - t0 < 2_000);
    const [notice] = notices;
    assert.ok(notice && notices.length === 1);
    assert.equal(notice.status, 429);
    assert.equal(notice.waitMs, 20_000);
    assert.equal(notice.message, 'Waiting to retry after 429 (rate limited), 20 s (retry 1 of 2).');
    await new Promise((r) => setTimeout(r, 50));
    // Count by marker: a request cancelled in an earlier test may reach the mock late.
    assert.equal(mock.requests.filter((r) => r.body.includes('cancel-in-429-wait')).length, 1);
  });

  test('cancel mid-stream reads "cancelled" with the events so far, never "completed"', async () => {
    mock.script('POST /v1/chat/completions', { kind: 'stream', events: 2_000, intervalMs: 2, times: 1 });
    const controller = new AbortController();
    const result = await run(req({ method: 'POST', path: '/chat/completions', body: json({ model: 'm', stream: true }) }), {
      signal: controller.signal,
      onEvent: (_e, _d) => {
        if (_d === 't20 ') controller.abort();
      },
    });
    assert.equal(result.outcome, 'cancelled');
    assert.equal(result.status, 200);
    assert.ok((result.stream?.events ?? 0) >= 22 && (result.stream?.events ?? 0) < 2_000);
    assert.equal(result.stream?.complete, false);
  });

  test('a stalled stream ends at the idle timeout with a clear error', async () => {
    mock.script('POST /v1/chat/completions', { kind: 'stall', events: 3, times: 1 });
    const t0 = performance.now();
    const result = await run(req({ method: 'POST', path: '/chat/completions', body: json({ model: 'm', stream: true }) }), { streamIdleTimeoutMs: 200 });
    const elapsed = performance.now() - t0;
    assert.equal(result.outcome, 'failed');
    assert.equal(result.error?.kind, 'stream-idle');
    assert.equal(result.error?.message, 'The stream stalled: no event for 200 ms after 4 events, so it was stopped.');
    assert.equal(result.stream?.events, 4);
    assert.ok(elapsed >= 190 && elapsed < 1_500, `ended after ${elapsed} ms`);
  });

  test('retries follow the SDK: a 429 with retry-after is announced, then the retry succeeds', async () => {
    mock.script('POST /v1/embeddings', mockErrors.rateLimited(0.1, 1));
    const notices: RetryNotice[] = [];
    const result = await run(req({ method: 'POST', path: '/embeddings', body: json({ model: 'm', input: 'x' }) }), { onRetry: (n) => notices.push(n) });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.retries, 1);
    assert.deepEqual(notices.map((n) => n.message), ['Waiting to retry after 429 (rate limited), 100 ms (retry 1 of 2).']);
    assert.equal(mock.requests.length, 2);
  });

  test('a 503 is retried with the default backoff and announced as a server error', async () => {
    mock.script('POST /v1/moderations', mockErrors.serverError(503, 1));
    const notices: RetryNotice[] = [];
    const result = await run(req({ method: 'POST', path: '/moderations', body: json({ input: 'x' }) }), { onRetry: (n) => notices.push(n) });
    assert.equal(result.outcome, 'completed');
    assert.match(notices[0]?.message ?? '', /^Waiting to retry after 503 \(server error\), about 500 ms \(retry 1 of 2\)\.$/);
  });

  test('errors are decoded in words, with the body, status and request id', async () => {
    const post = (path: string) => run(req({ method: 'POST', path, body: json({ model: 'm' }) }), { maxRetries: 0 });
    mock.script('POST /v1/responses', mockErrors.badRequest('temperature', "Invalid type for 'temperature'.", 1));
    const bad = await post('/responses');
    assert.deepEqual([bad.outcome, bad.status, bad.error?.kind, bad.error?.param], ['failed', 400, 'bad-request', 'temperature']);
    assert.match(bad.error?.message ?? '', /^Bad request \(400\): parameter 'temperature' was rejected\./);
    assert.equal(bad.body?.kind, 'json');
    assert.match(bad.body?.text ?? '', /"param": "temperature"/);
    assert.match(bad.error?.requestId ?? '', /^req_/);

    mock.script('POST /v1/responses', mockErrors.invalidKey(1));
    const invalid = await post('/responses');
    assert.equal(invalid.error?.kind, 'invalid-key');
    assert.equal(invalid.error?.message, 'The key was rejected as invalid (401).');

    mock.script('POST /v1/responses', mockErrors.missingScopes(['api.responses.write', 'model.request'], undefined, 1));
    const scopes = await post('/responses');
    assert.equal(scopes.error?.kind, 'missing-scopes');
    assert.match(scopes.error?.message ?? '', /api\.responses\.write, model\.request/);

    mock.script('POST /v1/responses', mockErrors.notFound(undefined, 1));
    assert.equal((await post('/responses')).error?.kind, 'not-found');

    mock.script('POST /v1/responses', mockErrors.rateLimited(3, 1));
    const limited = await post('/responses');
    assert.equal(limited.error?.kind, 'rate-limited');
    assert.deepEqual(limited.error?.resets, { requests: '3s', tokens: '6m0s' });
    assert.equal(limited.error?.retryAfterSeconds, 3);
    assert.match(limited.error?.message ?? '', /^Rate limited \(429\): requests reset in 3s, tokens reset in 6m0s\. Retry after 3 s\./);

    mock.script('POST /v1/responses', mockErrors.serverError(500, 1));
    const server = await post('/responses');
    assert.deepEqual([server.status, server.error?.kind], [500, 'server-error']);

    mock.script('POST /v1/responses', { kind: 'raw', status: 502, contentType: 'text/html', body: '<html>Bad gateway</html>', times: 1 });
    const gateway = await post('/responses');
    assert.deepEqual([gateway.status, gateway.body?.kind, gateway.body?.text], [502, 'text', '<html>Bad gateway</html>']);
  });

  test('an unreachable server and a header timeout are told apart', async () => {
    const port = await closedPort();
    const down = await executeRequest(cache, { ...target, baseUrl: `http://127.0.0.1:${port}/v1` }, req({ method: 'GET', path: '/models' }), { maxRetries: 0 });
    results.push(down);
    assert.equal(down.outcome, 'failed');
    assert.equal(down.error?.kind, 'unreachable');
    assert.equal(down.error?.code, 'ECONNREFUSED');
    assert.match(down.error?.message ?? '', /^Unreachable: http:\/\/127\.0\.0\.1:\d+ could not be reached, the connection was refused/);

    mock.script('GET /v1/models', { kind: 'stall', beforeHeaders: true, times: 1 });
    const slow = await run(req({ method: 'GET', path: '/models' }), { maxRetries: 0, timeoutMs: 150 });
    assert.equal(slow.error?.kind, 'timeout');
    assert.match(slow.error?.message ?? '', /sent no response headers after 150 ms/);
  });

  test('a path that leaves the key\'s origin is refused before anything is sent', async () => {
    for (const path of ['https://evil.example/v1/models', '//evil.example/v1/models', 'http://127.0.0.1:1/v1/models', '\\\\evil.example\\x']) {
      const result = await run(req({ method: 'GET', path }));
      assert.equal(result.outcome, 'failed');
      assert.equal(result.error?.kind, 'refused', path);
      assert.match(result.error?.message ?? '', /^Refused: /);
    }
    assert.equal(mock.requests.length, 0);
  });

  test('the key is scrubbed from an answer that echoes it', async () => {
    mock.script('POST /v1/responses', { kind: 'json', status: 200, body: { echoed: SECRET, note: `Bearer ${SECRET}` }, headers: { 'x-echo': `Bearer ${SECRET}` }, times: 1 });
    const ok = await run(req({ method: 'POST', path: '/responses', body: json({}) }));
    assert.equal(ok.outcome, 'completed');
    assert.match(ok.body?.text ?? '', /"echoed": "\[redacted\]…wxyz"/);
    assert.ok(!Buffer.from(ok.body?.bytes ?? []).toString().includes(SECRET));
    assert.ok(!ok.headers.find((h) => h.name === 'x-echo')?.value.includes(SECRET));
    mock.script('POST /v1/responses', { kind: 'json', status: 401, body: { error: { message: `Bad key ${SECRET}`, type: 'invalid_request_error', code: 'invalid_api_key' } }, times: 1 });
    const bad = await run(req({ method: 'POST', path: '/responses', body: json({}) }));
    assert.equal(bad.error?.kind, 'invalid-key');
    assertNoSecret(bad, '401 result');
  });

  test('images, audio and a large JSON answer are classified', async () => {
    const image = await run(req({ method: 'POST', path: '/images/generations', body: json({ prompt: 'x' }) }));
    assert.equal(image.body?.kind, 'json');
    assert.equal(image.body?.images?.[0]?.mime, 'image/png');
    const speech = await run(req({ method: 'POST', path: '/audio/speech', body: json({ input: 'x' }) }));
    assert.equal(speech.body?.kind, 'audio');
    assert.equal(Buffer.from(speech.body?.bytes ?? []).subarray(0, 3).toString(), 'ID3');
    const big = JSON.stringify({ data: Array.from({ length: 40_000 }, (_v, i) => ({ id: `item-${i}`, value: 'x'.repeat(50) })) });
    mock.script('GET /v1/models', { kind: 'raw', contentType: 'application/json', body: big, times: 1 });
    const large = await run(req({ method: 'GET', path: '/models' }));
    assert.equal(large.body?.truncated, true);
    assert.equal(large.size, Buffer.byteLength(big));
    assert.ok((large.body?.text?.length ?? 0) < 100_000);
    assert.match(large.body?.text ?? '', /^\{\n {2}"data": \[\n {4}\{\n {6}"id": "item-0",/);
  });

  test('a stream request answered with plain JSON is shown as JSON', async () => {
    mock.script('POST /v1/responses', { kind: 'json', body: { ok: true }, times: 1 });
    const result = await run(req({ method: 'POST', path: '/responses', body: json({ stream: true }) }));
    assert.equal(result.outcome, 'completed');
    assert.equal(result.body?.kind, 'json');
    assert.equal(result.stream, undefined);
  });

  test('multipart bodies carry fields and files', async () => {
    const data = new TextEncoder().encode('{"custom_id":"1"}\n');
    const result = await run(req({ method: 'POST', path: '/files', body: { kind: 'multipart', parts: [{ kind: 'field', name: 'purpose', value: 'batch' }, { kind: 'file', name: 'file', filename: 'in.jsonl', contentType: 'application/jsonl', data }] } }));
    assert.equal(result.outcome, 'completed');
    const seen = mock.requests[0];
    assert.ok(seen, 'the server saw no request');
    assert.match(seen.headers['content-type'] ?? '', /^multipart\/form-data; boundary=/);
    assert.match(seen.body, /name="purpose"\r\n\r\nbatch/);
    assert.match(seen.body, /filename="in.jsonl"/);
    assert.ok(seen.body.includes('{"custom_id":"1"}'));
  });

  test('clients are cached per key and replaced when the secret changes', async () => {
    const own = new ClientCache();
    const a = await own.client(target);
    assert.equal(await own.client(target), a);
    const rotated = await own.client({ ...target, secret: SECRET.replace('wxyz', 'abcd') });
    assert.notEqual(rotated, a);
    assert.equal(own.size, 1);
    await own.client({ ...target, keyId: 'other' });
    own.forget('other');
    assert.equal(own.size, 1);
  });

  test('Test Key reports valid, invalid, missing scope and unreachable', async () => {
    const valid = await testKey(cache, target, { maxRetries: 0 });
    assert.deepEqual([valid.verdict, valid.status], ['valid', 200]);
    assert.match(valid.requestId ?? '', /^req_/);
    assert.match(valid.message, /^The key works: GET \/models answered 200 with 3 models\.$/);
    mock.script('GET /v1/models', mockErrors.invalidKey(1));
    assert.equal((await testKey(cache, target, { maxRetries: 0 })).verdict, 'invalid');
    mock.script('GET /v1/models', mockErrors.missingScopes(['api.model.read'], undefined, 1));
    const scoped = await testKey(cache, target, { maxRetries: 0 });
    assert.equal(scoped.verdict, 'missing-scope');
    assert.match(scoped.message, /api\.model\.read/);
    const down = await testKey(cache, { ...target, baseUrl: `http://127.0.0.1:${await closedPort()}/v1` }, { maxRetries: 0 });
    assert.equal(down.verdict, 'unreachable');
    for (const r of [valid, scoped, down]) assertNoSecret(r, 'test key result');
  });
});
