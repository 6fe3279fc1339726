/** Turns an execution result (host side, with bytes) into what the webview shows (no bytes, no key). */
import type { ExecutionResult } from '../core/execution/execute';
import type { BodyView, ImageView, ResultView } from '../protocol/protocol';

/** Audio above this size is offered for saving only, not inlined as a data: URL. */
export const MAX_INLINE_AUDIO = 15 * 1024 * 1024;
/** Images above this size are not inlined. */
export const MAX_INLINE_IMAGE = 20 * 1024 * 1024;

const SAFE_IMAGE = /^image\/(png|jpeg|gif|webp)$/;
const SAFE_AUDIO = /^audio\/(mpeg|mp3|wav|x-wav|wave|ogg|opus|aac|flac|webm|mp4|pcm|L16)$/i;

function dataUrl(mime: string, base64: string): string {
  return `data:${mime};base64,${base64}`;
}

function images(result: ExecutionResult): ImageView[] {
  const out: ImageView[] = [];
  for (const image of result.body?.images ?? []) {
    const mime = image.mime.toLowerCase();
    if (image.base64 !== undefined && SAFE_IMAGE.test(mime) && image.base64.length * 0.75 <= MAX_INLINE_IMAGE && /^[A-Za-z0-9+/=\s]*$/.test(image.base64.slice(0, 200))) {
      out.push({ src: dataUrl(mime, image.base64.replace(/\s+/g, '')) });
    } else if (image.url) {
      out.push({ url: image.url });
    }
  }
  return out;
}

function body(result: ExecutionResult): BodyView {
  if (result.stream) return { kind: 'stream', events: result.stream.events };
  const b = result.body;
  if (!b) return { kind: 'empty' };
  const mime = b.contentType.split(';')[0]?.trim().toLowerCase() || 'application/octet-stream';
  switch (b.kind) {
    case 'json':
    case 'text':
      return { kind: b.kind, text: b.text ?? '', truncated: b.truncated };
    case 'audio':
      return b.size <= MAX_INLINE_AUDIO && SAFE_AUDIO.test(mime)
        ? { kind: 'audio', mime, src: dataUrl(mime, Buffer.from(b.bytes).toString('base64')) }
        : { kind: 'audio', mime };
    case 'image':
      return { kind: 'empty' };
    case 'binary':
      return { kind: 'binary', mime };
    case 'empty':
      return { kind: 'empty' };
  }
}

/** The result panel's view of a finished run. */
export function toResultView(result: ExecutionResult): ResultView {
  const view = body(result);
  const hasText = view.kind === 'json' || view.kind === 'text' || (view.kind === 'stream' && (result.stream?.text.length ?? 0) > 0);
  return {
    ...(result.status !== undefined ? { status: result.status } : {}),
    ...(result.statusText ? { statusText: result.statusText } : {}),
    durationMs: Math.round(result.durationMs),
    sizeBytes: result.body?.size ?? result.size,
    ...(result.body?.contentType ? { contentType: result.body.contentType } : {}),
    headers: result.headers.map((h) => ({ name: h.name, value: h.value, highlight: h.highlight })),
    body: view,
    images: images(result),
    canOpenInEditor: hasText,
    canSave: (result.body?.size ?? 0) > 0,
    ...(result.error ? { error: { ...result.error } } : {}),
  };
}
