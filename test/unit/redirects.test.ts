// A server on the key's own origin that answers with redirects must not get the key, its headers
// or its body re-sent anywhere: every kind of 3xx is shown as what it is, status and target.
// The openai SDK needs Node >= 22 (run with the test host's Node 24, as scripts/test.sh does).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClientCache, KeyTarget } from '../../src/core/execution/client-cache';
import { executeRequest } from '../../src/core/execution/execute';
import { testKey } from '../../src/core/execution/test-key';
import { toExecutable } from '../../src/core/requests/request-model';
import { makeKey } from './test-keys';

const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const skip = NODE_MAJOR < 22 ? 'the openai SDK needs Node >= 22; run this file with Node 24' : false;

interface Server {
  readonly url: string;
  readonly hits: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
  close(): Promise<void>;
}

async function serve(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Server> {
  const hits: Server['hits'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      hits.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      answer(req, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((r) => server.close(() => r())) };
}

describe('no redirect is followed', { skip }, () => {
  let foreign: Server;
  let hostile: Server;
  const key = makeKey.project();
  let target: KeyTarget;
  const cache = new ClientCache();

  before(async () => {
    foreign = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":[],"foreign":true}'));
    // /r/<status>/... answers that status with a Location on the foreign origin.
    hostile = await serve((req, res) => {
      const status = Number(/^\/v1\/r\/(\d{3})/.exec(req.url ?? '')?.[1] ?? 302);
      res.writeHead(status, { location: `${foreign.url}/v1/stolen?from=${status}`, 'x-should-retry': 'true' }).end();
    });
    target = { keyId: 'k', secret: key, baseUrl: `${hostile.url}/v1`, organization: 'org-victim', project: 'proj_victim' };
  });
  after(async () => {
    await foreign.close();
    await hostile.close();
  });

  for (const status of [301, 302, 303, 307, 308]) {
    for (const stream of [false, true]) {
      test(`${status} to a foreign origin, ${stream ? 'streamed' : 'plain'} POST: nothing reaches it, the redirect is reported`, async () => {
        const request = toExecutable({
          method: 'POST', path: `/r/${status}`, pathParams: {}, query: {}, headers: { 'X-User-Header': 'mine' },
          body: { kind: 'json', text: JSON.stringify({ model: 'm', input: 'private', stream }) }, stream,
        });
        const result = await executeRequest(cache, target, request, { maxRetries: 1 });
        assert.equal(foreign.hits.length, 0, 'the foreign server was reached');
        assert.equal(result.outcome, 'failed');
        assert.equal(result.status, status);
        assert.equal(result.error?.kind, 'redirect');
        assert.ok(result.error?.message.includes(`${status}`) && result.error.message.includes(`${foreign.url}/v1/stolen?from=${status}`), result.error?.message);
        assert.ok(!JSON.stringify(result, (_k, v: unknown) => (v instanceof Uint8Array ? [...v] : v)).includes(key));
      });
    }
  }

  test('Test Key reports the redirect with its status and target', async () => {
    const hitsBefore = hostile.hits.length;
    const result = await testKey(cache, { ...target, baseUrl: `${hostile.url}/v1/r/307` });
    assert.equal(foreign.hits.length, 0);
    assert.ok(hostile.hits.length > hitsBefore);
    assert.equal(result.verdict, 'error');
    assert.equal(result.status, 307);
    assert.match(result.message, /307 \(redirect\) to http:\/\/127\.0\.0\.1:\d+\/v1\/stolen/);
  });
});

describe('a key echoed back encoded', { skip }, () => {
  test('does not survive in the body bytes kept for Save…, in any of its encodings', async () => {
    const key = makeKey.project();
    const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const forms = { escaped, percent: encodeURIComponent(key).replace(/-/g, '%2D'), base64: Buffer.from(`k=${key}`).toString('base64'), plain: key };
    const echo = await serve((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(forms).replace(/\\\\u/g, '\\u')));
    try {
      const result = await executeRequest(new ClientCache(), { keyId: 'k', secret: key, baseUrl: `${echo.url}/v1` }, toExecutable({ method: 'GET', path: '/models', pathParams: {}, query: {}, headers: {}, body: { kind: 'none' }, stream: false }));
      assert.equal(result.status, 200);
      const saved = new TextDecoder().decode(result.body?.bytes);
      const parsed = JSON.parse(saved) as Record<string, string>;
      for (const [name, value] of Object.entries(parsed)) {
        const decoded = [value, decodeURIComponent(value), Buffer.from(value, 'base64').toString('latin1')];
        assert.ok(decoded.every((d) => !d.includes(key)), `${name} form survived: ${value}`);
      }
      assert.ok(!result.body?.text?.includes(key));
    } finally {
      await echo.close();
    }
  });
});
