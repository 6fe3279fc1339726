import { mock, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { HistoryEntry } from '../../src/core/requests/history';
import { HistoryCache, HistoryStorage, WRITE_DELAY_MS } from '../../src/builder/history-cache';

// Not key-shaped: only redaction by known secret catches it.
const SECRET = 'custom-token-' + 'Q7'.repeat(12);

const entry = (id: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id, at: '2026-11-28T10:00:00.000Z', method: 'POST', path: '/responses', outcome: 'completed', status: 200, durationMs: 12.5, body: '{"input":"hi"}', ...extra,
});

/** workspaceState-like storage: the value is kept at once, its write resolves later (or fails). */
function storage(initial: unknown = undefined): HistoryStorage & { value: unknown; reads: number; writes: number; fail: boolean } {
  const s = {
    value: initial,
    reads: 0,
    writes: 0,
    fail: false,
    get: () => {
      s.reads++;
      return s.value;
    },
    set: async (entries: readonly HistoryEntry[]) => {
      s.writes++;
      if (!s.fail) s.value = JSON.parse(JSON.stringify(entries));
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
  for (let i = 0; i < 4; i++) cache.add(entry(`e${i}`));
  await cache.flush();
  assert.equal(store.reads, 1);
  assert.deepEqual(cache.summaries().map((s) => s.id), ['e3', 'e2', 'e1']);
  assert.deepEqual((store.value as HistoryEntry[]).map((e) => e.id), ['e3', 'e2', 'e1']);
  assert.equal(cache.summaries(), cache.summaries(), 'the list is built once per change');
  assert.equal(cache.get('e2')?.id, 'e2');
  cache.clear();
  await cache.flush();
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
  cache.add(entry('after', { headers: { 'X-Note': SECRET, Authorization: `Bearer ${SECRET}` }, body: SECRET }));
  assert.ok(!JSON.stringify(cache.raw()).includes(SECRET), 'the pending value is clean');
  await cache.flush();
  assert.ok(!JSON.stringify(store.value).includes(SECRET));
  assert.ok(!JSON.stringify(cache.read()).includes(SECRET));
  assert.deepEqual(cache.summaries().map((s) => s.id), ['after', 'before']);
});

test('adds are kept at once and stored once per WRITE_DELAY_MS, without waiting for the write', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const store = storage();
  const cache = new HistoryCache(store, () => 10, () => []);
  for (const id of ['a', 'b', 'c']) cache.add(entry(id));
  assert.deepEqual(cache.summaries().map((s) => s.id), ['c', 'b', 'a'], 'in memory at once');
  assert.deepEqual((cache.raw() as HistoryEntry[]).map((e) => e.id), ['c', 'b', 'a'], 'raw() shows the pending value');
  assert.equal(store.writes, 0, 'nothing written yet');
  mock.timers.tick(WRITE_DELAY_MS - 1);
  assert.equal(store.writes, 0);
  mock.timers.tick(1);
  assert.equal(store.writes, 1, 'three adds, one write');
  await cache.flush();
  assert.deepEqual((store.value as HistoryEntry[]).map((e) => e.id), ['c', 'b', 'a']);
  assert.equal(store.writes, 1, 'nothing unsaved: flush writes nothing');
  cache.add(entry('d'));
  mock.timers.tick(WRITE_DELAY_MS);
  await cache.flush();
  assert.equal(store.writes, 2);
  assert.deepEqual((store.value as HistoryEntry[]).map((e) => e.id), ['d', 'c', 'b', 'a']);
});

test('flush writes unsaved changes at once (dispose) and cancels the timer', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const store = storage();
  const cache = new HistoryCache(store, () => 10, () => []);
  cache.add(entry('a'));
  await cache.flush();
  assert.equal(store.writes, 1);
  assert.deepEqual((store.value as HistoryEntry[]).map((e) => e.id), ['a']);
  mock.timers.tick(WRITE_DELAY_MS);
  await cache.flush();
  assert.equal(store.writes, 1, 'the timer was cancelled by the flush');
});

test('a change made while a write runs is written too, the last value wins', async () => {
  const store = storage();
  const cache = new HistoryCache(store, () => 10, () => []);
  cache.add(entry('a'));
  const first = cache.flush();
  cache.add(entry('b'));
  await Promise.all([first, cache.flush()]);
  assert.deepEqual((store.value as HistoryEntry[]).map((e) => e.id), ['b', 'a']);
});

test('a failed write is reported, keeps the list in memory and is retried with the next change', async (t) => {
  mock.timers.enable({ apis: ['setTimeout'] });
  t.after(() => mock.timers.reset());
  const store = storage();
  const failures: unknown[] = [];
  const cache = new HistoryCache(store, () => 10, () => [], (e) => failures.push(e));
  store.fail = true;
  cache.add(entry('a'));
  await cache.flush();
  assert.equal(failures.length, 1);
  assert.match(String(failures[0]), /disk full/);
  assert.equal(store.value, undefined, 'nothing stored');
  assert.deepEqual(cache.summaries().map((s) => s.id), ['a'], 'kept in memory');
  assert.deepEqual((cache.raw() as HistoryEntry[]).map((e) => e.id), ['a'], 'still unsaved');
  store.fail = false;
  cache.add(entry('b'));
  mock.timers.tick(WRITE_DELAY_MS);
  await cache.flush();
  assert.deepEqual((store.value as unknown as HistoryEntry[]).map((e) => e.id), ['b', 'a'], 'the retry stores both');
  assert.equal(failures.length, 1);
});

test('unsaved entries are cleaned again, not replaced by the store, when a secret becomes known', async () => {
  const secrets: string[] = [];
  const store = storage([entry('stored')]);
  const cache = new HistoryCache(store, () => 10, () => secrets);
  cache.add(entry('new', { body: SECRET }));
  secrets.push(SECRET);
  assert.deepEqual(cache.summaries().map((s) => s.id), ['new', 'stored']);
  assert.ok(!JSON.stringify(cache.read()).includes(SECRET));
  await cache.flush();
  assert.ok(!JSON.stringify(store.value).includes(SECRET));
});
