/**
 * Images an API answered with by URL (data[].url) are fetched by the host, without any credential,
 * and shown inline: the page's CSP allows data: images only and the page never calls the network.
 */
import { isLoopbackHost } from '../../core/base-url';
import type { ImageView, ResultView } from '../../shared/protocol';
import { MAX_INLINE_IMAGE } from './result-view-model';

const SAFE_IMAGE = /^image\/(png|jpeg|gif|webp)$/;
const MAX_IMAGES = 10;

/** https anywhere; plain http only on the key's own loopback server (a local mock). */
function fetchable(url: string, baseUrl: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    const base = new URL(baseUrl);
    return u.protocol === 'http:' && u.origin === base.origin && isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

async function inline(image: ImageView, baseUrl: string, signal: AbortSignal): Promise<ImageView> {
  if (image.src || !image.url || !fetchable(image.url, baseUrl)) return image;
  try {
    const response = await fetch(image.url, { signal, redirect: 'follow', credentials: 'omit' });
    const mime = (response.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const length = Number(response.headers.get('content-length') ?? 0);
    if (!response.ok || !SAFE_IMAGE.test(mime) || length > MAX_INLINE_IMAGE) return image;
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_INLINE_IMAGE) return image;
    return { url: image.url, src: `data:${mime};base64,${Buffer.from(bytes).toString('base64')}` };
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
