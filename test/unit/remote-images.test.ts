// Image URLs found in a response are untrusted: every hop is checked again and no hop reaches an
// internal address, except the key's own origin (where the key already goes).
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetchImage, inlineRemoteImages, isInternalAddress, MAX_HOPS } from '../../src/builder/remote-images';
import type { ResultView } from '../../src/protocol/protocol';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

interface Server {
  readonly origin: string;
  /** Requests and bare connections (an https attempt on this http server still connects). */
  readonly hits: string[];
  connections: number;
  close(): Promise<void>;
}

async function serve(answer: (url: string, res: http.ServerResponse) => void): Promise<Server> {
  const server = http.createServer((req, res) => {
    s.hits.push(req.url ?? '');
    answer(req.url ?? '', res);
  });
  const s: Server = { origin: '', hits: [], connections: 0, close: () => new Promise((r) => server.close(() => r())) };
  server.on('connection', () => s.connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  (s as { origin: string }).origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return s;
}

describe('remote images', () => {
  let own: Server;
  let inner: Server;
  const signal = (): AbortSignal => AbortSignal.timeout(5000);

  before(async () => {
    inner = await serve((_url, res) => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG));
    own = await serve((url, res) => {
      if (url === '/img.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      if (url === '/hop') return res.writeHead(302, { location: '/img.png' }).end();
      if (url === '/inward') return res.writeHead(307, { location: `${inner.origin}/secret.png` }).end();
      if (url === '/inward-https') return res.writeHead(302, { location: `https://localhost:${inner.origin.split(':').pop()}/secret.png` }).end();
      if (url === '/metadata') return res.writeHead(302, { location: 'https://169.254.169.254/latest/meta-data' }).end();
      if (url.startsWith('/loop')) return res.writeHead(302, { location: `/loop${url.length}` }).end();
      return res.writeHead(404).end();
    });
  });
  after(async () => {
    await own.close();
    await inner.close();
  });

  test('an image on the key\'s own origin is fetched, also after a redirect within that origin', async () => {
    assert.deepEqual((await fetchImage(`${own.origin}/img.png`, `${own.origin}/v1`, signal()))?.bytes, PNG);
    assert.deepEqual((await fetchImage(`${own.origin}/hop`, `${own.origin}/v1`, signal()))?.bytes, PNG);
  });

  test('a redirect to another internal address is refused, by http or https, and nothing connects there', async () => {
    const before = inner.connections;
    for (const path of ['/inward', '/inward-https', '/metadata']) {
      assert.equal(await fetchImage(`${own.origin}${path}`, `${own.origin}/v1`, signal()).catch(() => undefined), undefined, path);
    }
    assert.equal(inner.connections, before, 'a hop reached the internal server');
    assert.deepEqual(inner.hits, []);
  });

  test('a URL naming an internal host directly is refused even over https', async () => {
    const port = inner.origin.split(':').pop();
    for (const url of [`https://localhost:${port}/x.png`, `https://127.0.0.1:${port}/x.png`, `https://[::1]:${port}/x.png`, `${inner.origin}/x.png`]) {
      assert.equal(await fetchImage(url, 'https://api.openai.com/v1', signal()).catch(() => undefined), undefined, url);
    }
    assert.equal(inner.connections, 0);
  });

  test(`redirects stop after ${MAX_HOPS} hops`, async () => {
    const before = own.hits.length;
    assert.equal(await fetchImage(`${own.origin}/loop`, `${own.origin}/v1`, signal()), undefined);
    assert.equal(own.hits.length - before, MAX_HOPS + 1);
  });

  test('the view keeps a refused image as its URL and inlines the allowed one', async () => {
    const view = { images: [{ url: `${own.origin}/img.png` }, { url: `${own.origin}/inward` }] } as unknown as ResultView;
    const out = await inlineRemoteImages(view, `${own.origin}/v1`);
    assert.match(out.images[0]!.src ?? '', /^data:image\/png;base64,/);
    assert.equal(out.images[1]!.src, undefined);
  });

  test('internal address ranges', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::10.0.0.1', 'not-an-ip']) {
      assert.equal(isInternalAddress(a), true, a);
    }
    for (const a of ['8.8.8.8', '104.18.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) assert.equal(isInternalAddress(a), false, a);
  });
});
