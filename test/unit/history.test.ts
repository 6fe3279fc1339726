import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { HistoryEntry, HISTORY_BODY_LIMIT, addToHistory, clearHistory, parseHistory, trimHistory } from '../../src/core/requests/history';

const KEY = 'sk-admin-' + 'Hx9'.repeat(14) + 'wxyz';

const entry = (id: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id, at: '2026-11-28T10:00:00.000Z', method: 'POST', path: '/responses', outcome: 'completed', status: 200, durationMs: 12.5, body: '{"input":"hi"}', ...extra,
});

test('keeps the newest N entries, newest first, replacing an entry with the same id', () => {
  let h: HistoryEntry[] = [];
  for (let i = 0; i < 5; i++) h = addToHistory(h, entry(`e${i}`), 3);
  assert.deepEqual(h.map((e) => e.id), ['e4', 'e3', 'e2']);
  h = addToHistory(h, entry('e3', { status: 500 }), 3);
  assert.deepEqual(h.map((e) => [e.id, e.status]), [['e3', 500], ['e4', 200], ['e2', 200]]);
  assert.deepEqual(trimHistory(h, 1).map((e) => e.id), ['e3']);
  assert.deepEqual(addToHistory(h, entry('x'), 0), []);
  assert.deepEqual(clearHistory(), []);
});

test('never keeps a key or a credential header, whatever the caller passes', () => {
  const leaky = entry('k', {
    headers: { Authorization: `Bearer ${KEY}`, 'api-key': KEY, 'OpenAI-Project': 'proj_1', 'X-Note': `key ${KEY}` },
    body: JSON.stringify({ input: KEY }),
    query: { key: KEY },
    keyName: 'ci-bot',
  });
  const [kept] = addToHistory([], leaky, 10, [KEY]);
  assert.ok(kept);
  const text = JSON.stringify(kept);
  assert.ok(!text.includes(KEY));
  assert.ok(!/authorization|api-key/i.test(Object.keys(kept.headers ?? {}).join(',')));
  assert.equal(kept.keyName, 'ci-bot');
  assert.match(kept.headers?.['X-Note'] ?? '', /^key /);
  // Key-shaped text is masked even when the caller forgot to pass the secret.
  const [masked] = addToHistory([], entry('m', { body: `{"k":"${KEY}"}` }), 10);
  assert.ok(!JSON.stringify(masked).includes(KEY));
});

test('caps large bodies', () => {
  const [kept] = addToHistory([], entry('big', { body: 'x'.repeat(HISTORY_BODY_LIMIT + 10) }), 5);
  assert.ok(kept);
  assert.ok((kept.body?.length ?? 0) < HISTORY_BODY_LIMIT + 100);
  assert.match(kept.body ?? '', /cut: 65546 characters\)$/);
});

test('reads stored history defensively, dropping malformed entries and scrubbing the rest', () => {
  const stored: unknown = [entry('ok'), { id: 1 }, null, 'x', { ...entry('bad'), outcome: 'exploded' }, { ...entry('h'), headers: { authorization: `Bearer ${KEY}`, n: 5 }, status: 'x' }];
  const read = parseHistory(stored);
  assert.deepEqual(read.map((e) => e.id), ['ok', 'h']);
  assert.deepEqual(read[1]?.headers, {});
  assert.equal(read[1]?.status, undefined);
  assert.ok(!JSON.stringify(read).includes(KEY));
  assert.deepEqual(parseHistory({ not: 'an array' }), []);
});
