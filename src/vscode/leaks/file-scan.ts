/**
 * The per-file part of Scan Workspace for Leaked Keys: read each listed file (or take an open
 * document's text), skip large and binary files, find key-shaped strings. No 'vscode' import, so the
 * bench runs this very code against ripgrep.
 *
 * Files are read synchronously in slices of a few milliseconds, then the event loop gets a turn:
 * for thousands of small files the four thread-pool hops of an asynchronous read (open, stat, read,
 * close) cost several times the read itself. A slice is short enough that the extension host stays
 * responsive and a cancel is seen within one slice.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { LeakMatch, findKeyLeaks } from '../../core/leaks/key-patterns';
import { MAX_SCAN_BYTES, looksBinary } from '../../core/leaks/scan-rules';

const KEY_START = 'sk-';

/** How long one synchronous slice of reads may hold the event loop. */
export const SLICE_MS = 8;

export interface FileCounts {
  scanned: number;
  skippedBinary: number;
  skippedLarge: number;
}

export interface FileScanOptions<F> {
  /** The file's path on disk. */
  readonly pathOf: (file: F) => string;
  /** An open document's text (it may be unsaved), used instead of the file. */
  readonly openText?: (file: F) => string | undefined;
  readonly cancelled: () => boolean;
  /** A file with key-shaped strings; awaited before the scan moves on. */
  readonly onLeaks: (file: F, text: string, matches: LeakMatch[]) => Promise<void> | void;
  /** Called every `progressEvery` files. */
  readonly progressEvery?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Scans the files in order; counts what was read and skipped into `counts`. */
export async function scanFiles<F>(files: readonly F[], counts: FileCounts, options: FileScanOptions<F>): Promise<void> {
  const every = options.progressEvery ?? 250;
  const reader = new FileReader();
  let i = 0;
  while (i < files.length && !options.cancelled()) {
    const sliceEnd = performance.now() + SLICE_MS;
    do {
      const file = files[i++]!;
      const text = options.openText?.(file) ?? reader.text(options.pathOf(file), counts);
      if (i % every === 0) options.onProgress?.(i, files.length);
      if (text === undefined) continue;
      counts.scanned++;
      const matches = findKeyLeaks(text);
      if (matches.length) await options.onLeaks(file, text, matches);
    } while (i < files.length && performance.now() < sliceEnd);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Reads files into one reused buffer. */
class FileReader {
  private buffer = Buffer.allocUnsafe(64 * 1024);

  /** The file's text, unless it is large or binary (counted), or gone meanwhile. */
  text(path: string, counts: FileCounts): string | undefined {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined; // deleted or unreadable meanwhile
    }
    try {
      const size = fstatSync(fd).size;
      if (size > MAX_SCAN_BYTES) {
        counts.skippedLarge++;
        return undefined;
      }
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(Math.min(MAX_SCAN_BYTES + 1, size * 2));
      let length = 0;
      // A file that grew since fstat is read up to the buffer's end: past the limit means large.
      for (let n = 1; n > 0 && length < this.buffer.length; length += n) n = readSync(fd, this.buffer, length, this.buffer.length - length, null);
      if (length > MAX_SCAN_BYTES) {
        counts.skippedLarge++;
        return undefined;
      }
      const bytes = this.buffer.subarray(0, length);
      if (looksBinary(bytes)) {
        counts.skippedBinary++;
        return undefined;
      }
      // Every key starts with 'sk-': a file without it is read and has nothing to find, so it is not decoded.
      return bytes.includes(KEY_START) ? bytes.toString('utf8') : '';
    } catch {
      return undefined;
    } finally {
      closeSync(fd);
    }
  }
}
