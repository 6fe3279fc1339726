// The leak scan's per-file part: what is read, skipped and found, the 'sk-' prefilter, and cancellation.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { OPENAI_KEY_MARKER, findKeyLeaks } from '../../src/core/leaks/key-patterns';
import { MAX_SCAN_BYTES, looksBinary } from '../../src/core/leaks/scan-rules';
import { FileCounts, scanFiles } from '../../src/vscode/leaks/file-scan';

const key = (): string => `sk-proj-${'Ab3'.repeat(6)}${OPENAI_KEY_MARKER}${'xY9'.repeat(6)}`;

describe('file scan', () => {
  const dir = mkdtempSync(join(tmpdir(), 'occ-file-scan-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads text files, skips binary and large ones, reports each leak with its text', async () => {
    const files = [
      file('plain.ts', 'const task-runner = 1; // no key here\n'),
      file('leak.env', `A=1\nOPENAI_API_KEY=${key()}\n`),
      file('image.png', Buffer.concat([Buffer.from('PNG'), Buffer.alloc(1), Buffer.from(key())])),
      file('big.txt', Buffer.alloc(MAX_SCAN_BYTES + 1, 'a')),
      file('exactly-limit.txt', Buffer.concat([Buffer.from(`${key()}\n`), Buffer.alloc(MAX_SCAN_BYTES - key().length - 1, 'b')])),
      join(dir, 'gone.ts'),
    ];
    const counts: FileCounts = { scanned: 0, skippedBinary: 0, skippedLarge: 0 };
    const leaks: { file: string; line: string }[] = [];
    await scanFiles(files, counts, {
      pathOf: (f) => f,
      cancelled: () => false,
      onLeaks: (f, text, matches) => {
        leaks.push({ file: f, line: text.slice(matches[0]!.start, matches[0]!.end) });
      },
    });
    assert.deepEqual(counts, { scanned: 3, skippedBinary: 1, skippedLarge: 1 });
    assert.deepEqual(leaks.map((l) => l.file).sort(), [files[1], files[4]].sort());
    assert.ok(leaks.every((l) => l.line === key()));
  });

  it('takes an open document\'s text over the file on disk', async () => {
    const path = file('open.ts', 'nothing\n');
    const seen: string[] = [];
    const counts: FileCounts = { scanned: 0, skippedBinary: 0, skippedLarge: 0 };
    await scanFiles([path], counts, { pathOf: (f) => f, openText: () => `unsaved ${key()}`, cancelled: () => false, onLeaks: (_f, text) => void seen.push(text) });
    assert.deepEqual(seen, [`unsaved ${key()}`]);
  });

  it('stops within a slice once cancelled, and reports progress on the way', async () => {
    const path = file('many.ts', `x ${key()}\n`);
    const files = Array.from({ length: 5000 }, () => path);
    let cancelled = false;
    let found = 0;
    const progress: number[] = [];
    const counts: FileCounts = { scanned: 0, skippedBinary: 0, skippedLarge: 0 };
    await scanFiles(files, counts, {
      pathOf: (f) => f,
      cancelled: () => cancelled,
      progressEvery: 100,
      onProgress: (done) => progress.push(done),
      onLeaks: () => {
        if (++found === 150) cancelled = true;
      },
    });
    assert.ok(counts.scanned >= 150 && counts.scanned < files.length, `scanned ${counts.scanned}`);
    assert.equal(progress[0], 100);
  });
});

describe('leak prefilter', () => {
  it('finds nothing without sk- and the same keys with it', () => {
    assert.deepEqual(findKeyLeaks(`no candidate: ${key().replace('sk-', 'sx-')}`), []);
    assert.equal(findKeyLeaks(`k=${key()}`)[0]?.value, key());
  });

  it('sniffs binary by a NUL in the first 8000 bytes only', () => {
    assert.equal(looksBinary(Buffer.concat([Buffer.alloc(7999, 'a'), Buffer.alloc(1)])), true);
    assert.equal(looksBinary(Buffer.concat([Buffer.alloc(8000, 'a'), Buffer.alloc(1)])), false);
    assert.equal(looksBinary(new Uint8Array([104, 105])), false);
  });
});
