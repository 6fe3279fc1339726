// The pure parts of execution (no SDK, plain Node 20 is enough).
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { checkJson } from '../../src/core/common/json-check';
import { RequestModel, buildPath, checkHeaders, toExecutable } from '../../src/core/requests/request-model';
import { bindPathToOrigin } from '../../src/core/execution/origin';
import { bodyKind, describeBody, prettyPrefix, toResultHeaders } from '../../src/core/execution/result-model';
import { decodeHttpError, decodeTransportError, parseRetryAfterSeconds } from '../../src/core/execution/error-decoding';
import { explainMissingScopes } from '../../src/core/execution/missing-scopes-adapter';
import { StreamBatch, StreamBatcher, Timers } from '../../src/core/execution/stream-batcher';
import { isTerminalEvent, textDelta } from '../../src/core/execution/stream-text';

const KEY = 'sk-svcacct-' + 'R2d'.repeat(14) + 'wxyz';
const base: RequestModel = { method: 'POST', path: '/responses', pathParams: {}, query: {}, headers: {}, body: { kind: 'none' }, stream: false };

describe('request model', () => {
  test('builds concrete paths with encoded parameters and names every missing one', () => {
    assert.equal(buildPath('/threads/{thread_id}/runs/{run_id}', { thread_id: 'th 1', run_id: 'run/2' }), '/threads/th%201/runs/run%2F2');
    assert.throws(() => buildPath('/files/{file_id}', {}), /^Error: Path parameter \{file_id\} is required: fill it in before sending\.$/);
    assert.throws(() => buildPath('/a/{x}/b/{y}', { x: ' ' }), /Path parameters \{x\}, \{y\} are required/);
  });

  test('refuses credential headers, bad names and multi-line values', () => {
    for (const name of ['Authorization', 'api-key', 'X-Api-Key', 'proxy-authorization']) {
      assert.throws(() => checkHeaders({ [name]: 'x' }), /not allowed here: the key you pick supplies the credentials/, name);
    }
    assert.throws(() => checkHeaders({ 'bad name': 'x' }), /not a valid header name/);
    assert.throws(() => checkHeaders({ 'X-A': 'a\r\nInjected: 1' }), /must be on one line/);
    assert.throws(() => checkHeaders({ Host: 'x' }), /set automatically/);
    assert.deepEqual(checkHeaders({ 'X-A': '1', ' ': 'ignored' }), { 'X-A': '1' });
  });

  test('validates JSON with the line and column of the error and detects "stream": true', () => {
    assert.throws(() => toExecutable({ ...base, body: { kind: 'json', text: '{\n  "model": "x",\n  "input": \n}' } }), /^Error: Invalid JSON at line 4, column 1: unexpected '}' where a value is expected\.$/);
    const exec = toExecutable({ ...base, body: { kind: 'json', text: '{"model":"x","stream":true}' }, query: { a: '1', empty: '', list: [] } });
    assert.equal(exec.stream, true);
    assert.deepEqual(exec.query, { a: '1' });
    assert.throws(() => toExecutable({ ...base, method: 'GET', body: { kind: 'json', text: '{}' } }), /GET request cannot have a body/);
    assert.throws(() => toExecutable({ ...base, path: '  ' }), /path is empty/);
  });

  test('JSON errors are located exactly, including cases V8 reports without a position', () => {
    const cases: [string, number, number, RegExp][] = [
      ['{"a": 1,}', 1, 9, /trailing comma/],
      ['{\n  "a": 1\n  "b": 2\n}', 3, 3, /expected ',' or '}'/],
      ['{"a": tru}', 1, 7, /unexpected 't'/],
      ['[1, 2', 1, 6, /ends before the closing ']'/],
      ['{"a": "x\ny"}', 1, 9, /line break inside a string/],
      ['{"a": 1} extra', 1, 10, /after the end of the JSON value/],
      ['', 1, 1, /ends where a value is expected/],
    ];
    for (const [text, line, column, problem] of cases) {
      const r = checkJson(text);
      assert.equal(r.ok, false, text);
      if (!r.ok) {
        assert.deepEqual([r.line, r.column], [line, column], text);
        assert.match(r.message, problem, text);
      }
    }
    assert.deepEqual(checkJson('{"a":[{},[],{"b":null}]}'), { ok: true, value: { a: [{}, [], { b: null }] } });
  });
});

describe('origin binding', () => {
  test('keeps paths on the base URL origin and drops a doubled /v1', () => {
    assert.equal(bindPathToOrigin('https://api.openai.com/v1', '/models'), '/models');
    assert.equal(bindPathToOrigin('https://api.openai.com/v1', '/v1/models'), '/models');
    assert.equal(bindPathToOrigin('https://api.openai.com/v1', 'models'), '/models');
    assert.equal(bindPathToOrigin('http://127.0.0.1:8080', '/v1/models'), '/v1/models');
  });

  test('refuses absolute, protocol-relative, backslash and userinfo tricks', () => {
    for (const path of ['https://evil.example/v1', 'HTTP://evil.example', '//evil.example/x', '\\\\evil.example', 'javascript:alert(1)', 'file:///etc/passwd']) {
      assert.throws(() => bindPathToOrigin('https://api.openai.com/v1', path), /^ForeignOriginError: Refused/, path);
    }
    // Without a leading slash, "@host" would become userinfo; the join adds the slash first.
    assert.equal(bindPathToOrigin('https://api.openai.com', '@evil.example/x'), '/@evil.example/x');
  });
});

describe('result model', () => {
  test('classifies bodies by content type, sniffing JSON when there is none', () => {
    const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
    assert.equal(bodyKind('application/json; charset=utf-8', bytes('{}')), 'json');
    assert.equal(bodyKind('application/problem+json', bytes('{}')), 'json');
    assert.equal(bodyKind('', bytes(' [1]')), 'json');
    assert.equal(bodyKind('text/plain', bytes('hi')), 'text');
    assert.equal(bodyKind('image/png', bytes('x')), 'image');
    assert.equal(bodyKind('audio/mpeg', bytes('x')), 'audio');
    assert.equal(bodyKind('application/octet-stream', new Uint8Array([0, 1, 2])), 'binary');
    assert.equal(bodyKind('application/json', new Uint8Array()), 'empty');
  });

  test('pretty-prints JSON, renders images and elides their base64 in the text', () => {
    const b64 = Buffer.alloc(3000, 7).toString('base64');
    const body = describeBody(new TextEncoder().encode(JSON.stringify({ created: 1, data: [{ b64_json: b64 }], output_format: 'webp' })), 'application/json');
    assert.equal(body.kind, 'json');
    assert.deepEqual(body.images, [{ mime: 'image/webp', base64: b64 }]);
    assert.match(body.text ?? '', /"b64_json": "\[base64 image, 2\.9 KB, shown below\]"/);
    const invalid = describeBody(new TextEncoder().encode('{oops'), 'application/json');
    assert.deepEqual([invalid.kind, invalid.text], ['text', '{oops']);
  });

  test('a 20 MB body becomes a short, indented preview in a fraction of JSON.parse', () => {
    const row = JSON.stringify({ id: 'x', values: [1, 2, 3], text: 'é'.repeat(40) });
    const text = `{"data":[${Array.from({ length: Math.ceil((20 * 1024 * 1024) / row.length) }, () => row).join(',')}]}`;
    const bytes = new TextEncoder().encode(text);
    const t0 = performance.now();
    JSON.parse(text);
    const parseMs = performance.now() - t0;
    const t1 = performance.now();
    const preview = describeBody(bytes, 'application/json');
    const previewMs = performance.now() - t1;
    assert.equal(preview.truncated, true);
    assert.equal(preview.size, bytes.length);
    assert.ok((preview.text?.length ?? 0) <= 200_000);
    assert.match(preview.text ?? '', /^\{\n {2}"data": \[\n {4}\{\n {6}"id": "x",\n {6}"values": \[\n {8}1,/);
    assert.ok(!(preview.text ?? '').includes('\uFFFD'), 'cut on a character boundary');
    assert.ok(previewMs < parseMs, `preview ${previewMs.toFixed(1)} ms vs JSON.parse ${parseMs.toFixed(1)} ms`);
  });

  test('prettyPrefix indents like JSON.stringify on complete input and tolerates a cut', () => {
    const value = { a: [1, { b: 'x,y:{z}', c: [] }, {}], d: 'q"uote\\' };
    assert.equal(prettyPrefix(JSON.stringify(value)), JSON.stringify(value, null, 2));
    assert.equal(prettyPrefix('{"a": [1, 2'), '{\n  "a": [\n    1,\n    2');
  });

  test('headers are flagged and redacted', () => {
    const rows = toResultHeaders([['x-request-id', 'req_1'], ['x-ratelimit-reset-tokens', '1s'], ['openai-processing-ms', '3'], ['content-type', 'application/json'], ['x-echo', `Bearer ${KEY}`]], [KEY]);
    assert.deepEqual(rows.filter((r) => r.highlight).map((r) => r.name), ['x-request-id', 'x-ratelimit-reset-tokens', 'openai-processing-ms']);
    assert.ok(!JSON.stringify(rows).includes(KEY));
  });

  test('an echoed key is scrubbed from the raw bytes too', () => {
    const body = describeBody(new TextEncoder().encode(`{"k":"${KEY}"}`), 'application/json', { knownSecrets: [KEY] });
    assert.ok(!Buffer.from(body.bytes).toString().includes(KEY));
    assert.ok(!(body.text ?? '').includes(KEY));
  });
});

describe('error decoding', () => {
  const h = (o: Record<string, string>): Map<string, string> => new Map(Object.entries(o));
  test('puts each status in words', () => {
    const bad = decodeHttpError(400, { error: { message: "Unsupported parameter: 'max_tokens'.", type: 'invalid_request_error', param: 'max_tokens', code: 'unsupported_parameter' } }, h({ 'x-request-id': 'req_9' }));
    assert.equal(bad.message, `Bad request (400): parameter 'max_tokens' was rejected. The server said: "Unsupported parameter: 'max_tokens'."`);
    assert.equal(bad.requestId, 'req_9');
    assert.equal(decodeHttpError(401, '{"error":{"message":"Incorrect API key provided","code":"invalid_api_key"}}', h({})).kind, 'invalid-key');
    assert.equal(decodeHttpError(404, '', h({})).kind, 'not-found');
    assert.equal(decodeHttpError(429, { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } }, h({})).kind, 'quota');
    assert.equal(decodeHttpError(503, '<html>busy</html>', h({})).message, 'Server error (503). The server said: "<html>busy</html>"');
    assert.equal(decodeHttpError(418, '', h({})).kind, 'http-error');
  });

  test('a 429 carries retry-after and the reset headers', () => {
    const e = decodeHttpError(429, '{}', h({ 'retry-after': '7', 'x-ratelimit-reset-requests': '7s', 'x-ratelimit-reset-tokens': '1m2s' }));
    assert.equal(e.message, 'Rate limited (429): requests reset in 7s, tokens reset in 1m2s. Retry after 7 s.');
    assert.deepEqual(e.resets, { requests: '7s', tokens: '1m2s' });
    assert.equal(parseRetryAfterSeconds('1500', '9'), 1.5);
    assert.equal(parseRetryAfterSeconds(undefined, new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1)), 10);
  });

  test('missing scopes are named, in all the shapes OpenAI sends', () => {
    const body = (scopes: string, roles = ' Check that you have the correct role in your organization (Viewer, Member, Owner).') => ({ error: { message: `You have insufficient permissions for this operation. Missing scopes: ${scopes}.${roles}`, type: 'invalid_request_error', param: null, code: null } });
    assert.deepEqual(explainMissingScopes(401, body('model.request'))?.scopes, ['model.request']);
    assert.deepEqual(explainMissingScopes(401, body('api.responses.write, api.model.request'))?.scopes, ['api.responses.write', 'api.model.request']);
    assert.deepEqual(explainMissingScopes(401, body('api.management.read', ''))?.scopes, ['api.management.read']);
    assert.equal(explainMissingScopes(400, body('model.request')), undefined);
    assert.equal(explainMissingScopes(401, { error: { message: 'Incorrect API key provided' } }), undefined);
    const decoded = decodeHttpError(401, JSON.stringify(body('model.request')), h({}));
    assert.equal(decoded.kind, 'missing-scopes');
    assert.match(decoded.hint ?? '', /15 minutes/);
  });

  test('transport failures: refused, unknown host, timeouts; secrets never echoed', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }) });
    assert.equal(decodeTransportError(refused, 'http://127.0.0.1:9').message, 'Unreachable: http://127.0.0.1:9 could not be reached, the connection was refused (is the server running?).');
    const dns = { cause: { errors: [{ code: 'ENOTFOUND' }] } };
    assert.equal(decodeTransportError(dns, 'https://x.invalid').kind, 'unreachable');
    assert.equal(decodeTransportError(new Error('x'), 'https://a', { timedOut: true, timeoutMs: 2000 }).message, 'Timed out: https://a sent no response headers after 2 s.');
    const odd = decodeTransportError(new Error(`weird ${KEY}`), 'https://a', { knownSecrets: [KEY] });
    assert.equal(odd.kind, 'unexpected');
    assert.ok(!odd.message.includes(KEY));
  });
});

describe('stream text and batching', () => {
  test('text deltas of chat chunks, Responses events and legacy completions', () => {
    assert.equal(textDelta({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'He' } }] }), 'He');
    assert.equal(textDelta({ object: 'chat.completion.chunk', choices: [{ index: 1, delta: { content: 'no' } }] }), '');
    assert.equal(textDelta({ type: 'response.output_text.delta', delta: 'llo' }), 'llo');
    assert.equal(textDelta({ object: 'text_completion', choices: [{ index: 0, text: '!' }] }), '!');
    assert.equal(textDelta({ type: 'response.created' }), '');
    assert.equal(textDelta(null), '');
    assert.ok(isTerminalEvent({ type: 'response.completed' }));
    assert.ok(isTerminalEvent({ choices: [{ finish_reason: 'stop' }] }));
    assert.ok(!isTerminalEvent({ choices: [{ finish_reason: null }] }));
  });

  test('the batcher flushes by size and by time, in order, without losing events', () => {
    let now = 0;
    const pending: { at: number; fn: () => void }[] = [];
    const timers: Timers = {
      setTimeout: (fn, ms) => {
        const t = { at: now + ms, fn };
        pending.push(t);
        return t;
      },
      clearTimeout: (t) => {
        const i = pending.indexOf(t as (typeof pending)[number]);
        if (i >= 0) pending.splice(i, 1);
      },
    };
    const advance = (ms: number): void => {
      now += ms;
      for (const t of pending.filter((p) => p.at <= now)) {
        pending.splice(pending.indexOf(t), 1);
        t.fn();
      }
    };
    const batches: StreamBatch[] = [];
    const b = new StreamBatcher((x) => batches.push(x), { maxEvents: 3, intervalMs: 50 }, timers);
    for (let i = 0; i < 7; i++) b.push({ i }, String(i));
    assert.deepEqual(batches.map((x) => x.events.length), [3, 3]);
    advance(49);
    assert.equal(batches.length, 2);
    advance(1);
    assert.deepEqual(batches.map((x) => [x.seq, x.text, x.total]), [[0, '012', 3], [1, '345', 6], [2, '6', 7]]);
    b.push({ i: 7 }, '7');
    b.close();
    assert.deepEqual(batches.at(-1), { seq: 3, events: [{ i: 7 }], text: '7', total: 8 });
    assert.equal(pending.length, 0);
    assert.throws(() => b.push({}), /after close/);
  });

  test('stream batcher with flushFirst sends the first event at once, then batches', () => {
    const batches: StreamBatch[] = [];
    const pending: (() => void)[] = [];
    const timers: Timers = { setTimeout: (fn) => pending.push(fn), clearTimeout: () => undefined };
    const b = new StreamBatcher((x) => batches.push(x), { maxEvents: 3, intervalMs: 50, flushFirst: true }, timers);
    b.push({ i: 0 }, 'a');
    assert.deepEqual(batches, [{ seq: 0, events: [{ i: 0 }], text: 'a', total: 1 }]);
    for (let i = 1; i < 5; i++) b.push({ i }, String(i));
    assert.deepEqual(batches.map((x) => x.events.length), [1, 3]);
    b.close();
    assert.deepEqual(batches.map((x) => [x.seq, x.total]), [[0, 1], [1, 4], [2, 5]]);
  });
});
