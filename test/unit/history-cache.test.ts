import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { HistoryEntry } from '../../src/core/requests/history';
import { HistoryCache, HistoryStorage } from '../../src/builder/history-cache';

// Not key-shaped: only redaction by known secret catches it.
const SECRET = 'custom-token-' + 'Q7'.repeat(12);

const entry = (id: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id, at: '2026-11-28T10:00:00.000Z', method: 'POST', path: '/responses', outcome: 'completed', status: 200, durationMs: 12.5, body: '{"input":"hi"}', ...extra,
});

/** workspaceState-like storage: the value is kept at once, its write resolves later (or fails). */
function storage(initial: unknown = undefined): HistoryStorage & { value: unknown; reads: number; fail: boolean } {
  const s = {
    value: initial,
    reads: 0,
    fail: false,
    get: () => {
      s.reads++;
      return s.value;
    },
    set: async (entries: readonly HistoryEntry[]) => {
      s.value = JSON.parse(JSON.stringify(entries));
      await Promise.resolve();
      if (s.fail) throw new Error('disk full');
    },
  };
  return s;
}

test('parses the store once, then adds clean only the new entry', async () => {
  const store = storage([entry('old')]);
  const cache = new HistoryCache(store, () => 3, () => []);
  assert.deepEqual(cache.summaries().map((s) => s.id), ['old']);
  for (let i = 0; i < 4; i++) await cache.add(entry(`e${i}`));
  assert.equal(store.reads, 1);
  assert.deepEqual(cache.summaries().map((s) => s.id), ['e3', 'e2', 'e1']);
  assert.deepEqual((store.value as HistoryEntry[]).map((e) => e.id), ['e3', 'e2', 'e1']);
  assert.equal(cache.summaries(), cache.summaries(), 'the list is built once per change');
  assert.equal(cache.get('e2')?.id, 'e2');
  await cache.clear();
  assert.deepEqual(cache.summaries(), []);
  assert.deepEqual(store.value, []);
});

test('cleans the new entry and what is kept with a secret that became known later', async () => {
  const secrets: string[] = [];
  const store = storage([entry('before', { body: JSON.stringify({ input: SECRET }) })]);
  const cache = new HistoryCache(store, () => 10, () => secrets);
  assert.ok(JSON.stringify(cache.read()).includes(SECRET), 'not a known secret yet');
  secrets.push(SECRET);
  assert.ok(!JSON.stringify(cache.read()).includes(SECRET));
  assert.ok(!JSON.stringify(cache.get('before')).includes(SECRET));
  await cache.add(entry('after', { headers: { 'X-Note': SECRET, Authorization: `Bearer ${SECRET}` }, body: SECRET }));
  assert.ok(!JSON.stringify(store.value).includes(SECRET));
  assert.ok(!JSON.stringify(cache.read()).includes(SECRET));
  assert.deepEqual(cache.summaries().map((s) => s.id), ['after', 'before']);
});

test('two adds in a row both stay; a failed write reads the store again', async () => {
  const store = storage();
  const cache = new HistoryCache(store, () => 10, () => []);
  await Promise.all([cache.add(entry('a')), cache.add(entry('b'))]);
  assert.deepEqual(cache.summaries().map((s) => s.id), ['b', 'a']);
  store.fail = true;
  await assert.rejects(cache.add(entry('c')), /disk full/);
  const reads = store.reads;
  cache.read();
  assert.equal(store.reads, reads + 1, 'the store is read again after a failed write');
});
