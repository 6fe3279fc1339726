// History, tried as a reviewer would break it: every credential header is dropped (each name of the
// list on its own, in any case, with stray spaces), other headers are kept, the body cap sits exactly at
// its limit, the caller's secrets reach the redaction, and stored entries are read field by field.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HISTORY_BODY_LIMIT, HistoryEntry, addToHistory, parseHistory, sanitizeHistoryEntry, trimHistory } from '../../src/core/requests/history';
import { REDACTED } from '../../src/core/common/redaction';

const entry = (id: string, extra: Partial<HistoryEntry> = {}): HistoryEntry => ({
  id, at: '2026-11-28T10:00:00.000Z', method: 'POST', path: '/responses', outcome: 'completed', ...extra,
});

describe('history: credential headers', () => {
  const credentialHeaders = ['Authorization', 'Proxy-Authorization', 'api-key', 'X-Api-Key', 'Cookie', 'OpenAI-Organization', 'OpenAI-Project'];

  for (const name of credentialHeaders) {
    it(`drops ${name}, in any case and with stray spaces, and keeps the rest`, () => {
      for (const variant of [name, name.toUpperCase(), name.toLowerCase(), ` ${name} `]) {
        const kept = sanitizeHistoryEntry(entry('h', { headers: { [variant]: 'opaque-value-1', 'X-Trace': 'trace-1' } }));
        assert.deepEqual(kept.headers, { 'X-Trace': 'trace-1' }, variant);
      }
    });
  }

  it('keeps headers that only contain a credential name', () => {
    const headers = { 'X-Authorization-Note': 'a', 'Api-Key-Hint': 'b', 'My-Cookie-Jar': 'c', 'OpenAI-Beta': 'assistants=v2' };
    assert.deepEqual(sanitizeHistoryEntry(entry('h', { headers })).headers, headers);
  });

  it('drops credential headers of stored entries too', () => {
    const [read] = parseHistory([entry('s', { headers: { 'x-api-key': 'opaque-value-2', cookie: 'c=1', Accept: 'application/json' } })]);
    assert.deepEqual(read?.headers, { Accept: 'application/json' });
  });
});

describe('history: redaction and body cap', () => {
  it('redacts the secrets the caller names, in every field, when adding and when reading', () => {
    const secret = 'opaque_secret_value_42';
    const leaky = entry('s', { path: `/files?k=${secret}`, body: `{"v":"${secret}"}`, headers: { 'X-Note': secret }, query: { q: secret }, keyName: 'ci' });
    const [added] = addToHistory([], leaky, 5, [secret]);
    assert.ok(!JSON.stringify(added).includes(secret));
    assert.equal(added?.headers?.['X-Note'], `${REDACTED}…e_42`);
    assert.ok(!JSON.stringify(parseHistory([leaky], [secret])).includes(secret));
    assert.ok(!JSON.stringify(sanitizeHistoryEntry(leaky, new Set([secret]))).includes(secret));
    // Without the secret, an opaque value is not key-shaped and stays.
    assert.equal(sanitizeHistoryEntry(leaky).headers?.['X-Note'], secret);
  });

  it('keeps a body of exactly the limit whole, and cuts one character more', () => {
    const atLimit = 'a'.repeat(HISTORY_BODY_LIMIT);
    assert.equal(sanitizeHistoryEntry(entry('b', { body: atLimit })).body, atLimit);
    const over = 'a'.repeat(HISTORY_BODY_LIMIT + 1);
    assert.equal(sanitizeHistoryEntry(entry('b', { body: over })).body, `${atLimit}\n… (cut: ${HISTORY_BODY_LIMIT + 1} characters)`);
    assert.equal(HISTORY_BODY_LIMIT, 64 * 1024);
  });

  it('adds no body or headers the entry did not have beyond an empty header set', () => {
    const kept = sanitizeHistoryEntry(entry('n'));
    assert.equal('body' in kept, false);
    assert.deepEqual(kept.headers, {});
    assert.deepEqual({ ...kept, headers: undefined }, { ...entry('n'), headers: undefined });
  });
});

describe('history: size', () => {
  it('keeps at most the limit, newest first, and nothing for a limit of zero or less', () => {
    const h = [entry('c'), entry('b'), entry('a')];
    assert.deepEqual(addToHistory(h, entry('d'), 3).map((e) => e.id), ['d', 'c', 'b']);
    assert.deepEqual(addToHistory(h, entry('d'), 1).map((e) => e.id), ['d']);
    assert.deepEqual(addToHistory(h, entry('d'), -1), []);
    assert.deepEqual(addToHistory(h, entry('b', { status: 1 }), 5).map((e) => e.id), ['b', 'c', 'a']);
    assert.deepEqual(trimHistory(h, 2).map((e) => e.id), ['c', 'b']);
    assert.deepEqual(trimHistory(h, -3), []);
    assert.deepEqual(trimHistory(h, 0), []);
  });
});

describe('history: reading stored entries', () => {
  it('keeps every well-typed field', () => {
    const full: HistoryEntry = entry('f', {
      query: { limit: '2', include: ['a', 'b'] }, headers: { Accept: 'x' }, body: '{}', outcome: 'failed',
      status: 500, durationMs: 1.5, timeToHeadersMs: 0, sizeBytes: 10, keyId: 'k1', keyName: 'ci',
    });
    assert.deepEqual(parseHistory([full]), [full]);
    for (const outcome of ['completed', 'failed', 'cancelled'] as const) assert.equal(parseHistory([entry('o', { outcome })]).length, 1);
  });

  it('drops entries without a string id, time, method or path, or with another outcome', () => {
    const good = entry('g');
    for (const bad of [{ ...good, id: 1 }, { ...good, at: null }, { ...good, method: 2 }, { ...good, path: undefined }, { ...good, outcome: 'done' }, 'x', 0, null, []]) {
      assert.deepEqual(parseHistory([bad]), [], JSON.stringify(bad));
    }
    assert.deepEqual(parseHistory('[]'), []);
    assert.deepEqual(parseHistory(undefined), []);
  });

  it('drops fields of the wrong type and keeps the entry', () => {
    const raw = {
      ...entry('w'), body: 5, headers: { ok: 'v', n: 1 }, query: { ok: 'v', n: 1, list: ['a', 2], fine: ['a'] },
      status: '200', durationMs: Number.NaN, timeToHeadersMs: Infinity, sizeBytes: null, keyId: 7, keyName: false,
    };
    const [read] = parseHistory([raw]);
    assert.deepEqual(read, { ...entry('w'), headers: { ok: 'v' }, query: { ok: 'v', fine: ['a'] } });
    const [noMaps] = parseHistory([{ ...entry('m'), headers: null, query: 'q=1' }]);
    assert.equal(noMaps?.query, undefined);
    assert.deepEqual(noMaps?.headers, {});
  });
});

describe('history: edges the reviewer found untested', () => {
  it('keeps headers that only end in a credential name', () => {
    const headers = { 'X-Authorization': 'a', 'Set-Cookie': 'b', 'My-OpenAI-Project': 'c' };
    assert.deepEqual(sanitizeHistoryEntry(entry('h', { headers })).headers, headers);
  });

  it('reads a stored entry whose query is null', () => {
    const [read] = parseHistory([{ ...entry('q'), query: null }]);
    assert.equal(read?.query, undefined);
  });
});
