/**
 * Images an API answered with by URL (data[].url) are fetched by the host, without any credential,
 * and shown inline: the page's CSP allows data: images only and the page never calls the network.
 *
 * The URL comes from a server's answer, so it is untrusted: every hop is checked again (redirects
 * are followed by hand, at most MAX_HOPS), only https is fetched (plain http only on the key's own
 * loopback origin, a local mock), and no hop may reach a private, loopback, link-local or other
 * internal address, checked on the address actually connected to (no DNS rebinding). The one
 * exception is the key's own origin: the key already goes there, so its images may come from
 * there, wherever it is (a local mock, a company proxy).
 */
import * as dns from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { ImageView, ResultView } from '../protocol/protocol';
import { isLoopbackHost } from '../core/common/base-url';
import { MAX_INLINE_IMAGE } from './result-view-model';

const SAFE_IMAGE = /^image\/(png|jpeg|gif|webp)$/;
const MAX_IMAGES = 10;
export const MAX_HOPS = 3;

/** Addresses no image fetch may reach unless they are the key's own origin. */
const INTERNAL = new net.BlockList();
for (const [prefix, bits] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) INTERNAL.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) INTERNAL.addSubnet(prefix, bits, 'ipv6');

/** True for an address inside a private, loopback, link-local, multicast or reserved range. */
export function isInternalAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 4) return INTERNAL.check(address, 'ipv4');
  if (family !== 6) return true; // not an address at all: refuse
  const lower = address.toLowerCase();
  // IPv4 embedded in IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d): judge the IPv4 part.
  const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1];
  if (embedded) return INTERNAL.check(embedded, 'ipv4');
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (mappedHex) {
    const n = (parseInt(mappedHex[1]!, 16) << 16) | parseInt(mappedHex[2]!, 16);
    return INTERNAL.check([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'), 'ipv4');
  }
  return INTERNAL.check(lower, 'ipv6');
}

/** https anywhere; plain http only on the key's own loopback server (a local mock). */
function fetchable(url: URL, base: URL): boolean {
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && url.origin === base.origin && isLoopbackHost(url.hostname);
}

/** A DNS lookup that refuses internal addresses, so the check holds for the address connected to. */
const externalOnly: net.LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 4);
    const refused = addresses.find((a) => isInternalAddress(a.address));
    if (refused || addresses.length === 0) {
      return callback(Object.assign(new Error(`${hostname} resolves to an internal address`), { code: 'EINTERNAL' }), '', 4);
    }
    if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  });
};

interface Answer {
  readonly status: number;
  readonly location?: string;
  readonly contentType: string;
  readonly body?: Buffer;
}

/** One GET without following redirects; the body only for a 200 image within the size limit. */
function getOnce(url: URL, ownOrigin: boolean, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (!ownOrigin && net.isIP(host) && isInternalAddress(host)) return reject(new Error(`${host} is an internal address`));
    const get = url.protocol === 'https:' ? https.get : http.get;
    const request = get(url, { signal, headers: { accept: 'image/*' }, ...(ownOrigin ? {} : { lookup: externalOnly }) }, (response) => {
      const status = response.statusCode ?? 0;
      const contentType = (response.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      const location = response.headers.location;
      const length = Number(response.headers['content-length'] ?? 0);
      if (status !== 200 || !SAFE_IMAGE.test(contentType) || length > MAX_INLINE_IMAGE) {
        response.resume();
        return resolve({ status, contentType, ...(location ? { location } : {}) });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_INLINE_IMAGE) response.destroy(new Error('image too large'));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve({ status, contentType, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('error', reject);
  });
}

/** The image's bytes and type, following at most MAX_HOPS redirects, each one checked again. */
export async function fetchImage(rawUrl: string, baseUrl: string, signal: AbortSignal): Promise<{ mime: string; bytes: Buffer } | undefined> {
  const base = new URL(baseUrl);
  let url = new URL(rawUrl);
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    if (!fetchable(url, base)) return undefined;
    const answer = await getOnce(url, url.origin === base.origin, signal);
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      url = new URL(answer.location, url);
      continue;
    }
    return answer.body ? { mime: answer.contentType, bytes: answer.body } : undefined;
  }
  return undefined;
}

async function inline(image: ImageView, baseUrl: string, signal: AbortSignal): Promise<ImageView> {
  if (image.src || !image.url) return image;
  try {
    const fetched = await fetchImage(image.url, baseUrl, signal);
    return fetched ? { url: image.url, src: `data:${fetched.mime};base64,${fetched.bytes.toString('base64')}` } : image;
  } catch {
    return image; // shown as its URL
  }
}

/** The view with URL images fetched and inlined where possible (at most 15 s in all). */
export async function inlineRemoteImages(view: ResultView, baseUrl: string): Promise<ResultView> {
  if (!view.images.some((i) => !i.src && i.url)) return view;
  const signal = AbortSignal.timeout(15_000);
  const images = await Promise.all(view.images.slice(0, MAX_IMAGES).map((i) => inline(i, baseUrl, signal)));
  return { ...view, images: [...images, ...view.images.slice(MAX_IMAGES)] };
}
