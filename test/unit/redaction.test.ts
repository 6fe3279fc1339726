import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, containsSecret, findKeyShapes, redact, redactDeep, redactError } from '../../src/core/common/redaction';
import { scrubBytes } from '../../src/core/execution/result-model';
import { makeKey } from './test-keys';

test('every key shape is scrubbed, keeping the prefix and last four', () => {
  for (const key of [makeKey.project(), makeKey.serviceAccount(), makeKey.admin(), makeKey.legacy()]) {
    const out = redact(`call failed with key ${key} at 12:00`);
    assert.ok(!out.includes(key), out);
    assert.ok(out.includes(REDACTED));
    assert.ok(out.endsWith(`${key.slice(-4)} at 12:00`));
  }
});

test('bearer tokens and known secrets of any shape are scrubbed', () => {
  const odd = 'gsk_' + 'q'.repeat(30);
  const out = redact(`Authorization: Bearer ${odd} and again ${odd}`, [odd]);
  assert.ok(!out.includes(odd));
  assert.ok(!redact(`Authorization: Bearer abcdefghijklmnop`).includes('abcdefghijklmnop'));
});

test('text without secrets is unchanged', () => {
  const text = 'GET /v1/models returned 200 in 12 ms; sk- is a prefix; task-list-item';
  assert.equal(redact(text), text);
});

test('error messages are redacted', () => {
  const key = makeKey.project();
  assert.ok(!redactError(new Error(`Incorrect API key provided: ${key}`)).includes(key));
  assert.ok(!redactError(`plain ${key}`).includes(key));
});

test('every occurrence is scrubbed, not only the first', () => {
  const a = makeKey.project();
  const b = makeKey.admin();
  const out = redact(`first ${a}, second ${b}, first again ${a}`);
  for (const key of [a, b]) assert.ok(!out.includes(key.slice(12)), out);
  assert.equal(out.split(REDACTED).length - 1, 3);
});

test('bearer tokens are scrubbed in any case, JWTs and bare legacy key bodies too', () => {
  const token = 'Zq9' + 'x'.repeat(20);
  for (const text of [`authorization: bearer ${token}`, `BEARER ${token}`, `Bearer ${token}`]) assert.ok(!redact(text).includes(token), text);
  const jwt = `eyJ${'a'.repeat(20)}.eyJ${'b'.repeat(30)}.${'c'.repeat(40)}`;
  assert.ok(!redact(`token=${jwt};`).includes('b'.repeat(30)));
  const legacyBody = makeKey.legacy().slice(3);
  assert.ok(!redact(`key ${legacyBody} here`).includes(legacyBody));
});

test('a key inside a word boundary such as api_key=sk-… or _sk-… is still found', () => {
  const key = makeKey.project();
  assert.ok(!redact(`x_${key}`).includes(key.slice(10)));
  assert.ok(!redact(`{"api_key":"${key}"}`).includes(key.slice(10)));
});

test('known secrets are scrubbed whatever their shape, and only when long enough', () => {
  const odd = 'gsk_' + 'w'.repeat(30);
  assert.ok(!redact(`value ${odd}`, [odd]).includes(odd));
  assert.equal(redact('short abc', ['abc']), 'short abc');
});

test('a key echoed \\u-escaped, percent-encoded or base64-encoded is scrubbed on its decoded form', () => {
  const key = makeKey.project();
  const escaped = [...key].map((c) => (/[a-z-]/.test(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
  const json = `{"echo":"${escaped}","ok":true}`;
  const out = redact(json);
  assert.ok(!out.includes(escaped));
  assert.ok(!JSON.stringify(JSON.parse(out)).includes(key), 'decoded form still holds the key');
  assert.deepEqual(Object.keys(JSON.parse(out) as object), ['echo', 'ok']);
  const percent = encodeURIComponent(key).replace(/-/g, '%2D');
  assert.ok(!decodeURIComponent(redact(`?k=${percent}&x=1`)).includes(key));
  const b64 = Buffer.from(`user:${key}`).toString('base64');
  assert.ok(!redact(`Authorization: Basic ${b64}`).includes(b64));
  const odd = 'gsk_' + 'w'.repeat(30);
  assert.ok(!redact(Buffer.from(odd).toString('base64url'), [odd]).includes(Buffer.from(odd).toString('base64url')));
});

test('ordinary encoded text is left alone', () => {
  const text = '{"name":"caf\\u00e9","path":"a%20b","id":"file-abcdefghijklmnopqrstuvwxyz"}';
  assert.equal(redact(text), text);
});

test('redactDeep scrubs every string of a message and keeps the rest', () => {
  const key = makeKey.serviceAccount();
  const message = { type: 'load', n: 3, flags: [true], request: { headers: { 'X-Key': key }, note: `uses ${key}` } };
  const out = redactDeep(message);
  assert.ok(!JSON.stringify(out).includes(key));
  assert.equal(out.n, 3);
  assert.deepEqual(out.flags, [true]);
  const clean = { type: 'ok', list: ['a'] };
  assert.equal(redactDeep(clean), clean);
});

test('findKeyShapes lists each key-shaped value once', () => {
  const a = makeKey.project();
  const b = makeKey.legacy();
  const found = findKeyShapes(`${a} ${b} ${a} Bearer tok_${'z'.repeat(12)}`);
  assert.deepEqual(found, [a, b, `tok_${'z'.repeat(12)}`]);
  assert.equal(containsSecret('nothing here'), false);
  assert.equal(containsSecret(`x ${a}`), true);
});

test('bytes kept for Save… lose the key in every echoed form and keep everything else', () => {
  const key = makeKey.project();
  const escaped = [...key].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
  const forms = [key, escaped, encodeURIComponent(key).replace(/-/g, '%2d'), Buffer.from(`x:${key}`).toString('base64'), Buffer.from(`ab${key}`).toString('base64url')];
  for (const form of forms) {
    const bytes = new TextEncoder().encode(`{"echo":"${form}","n":"café"}`);
    const out = new TextDecoder().decode(scrubBytes(bytes, [key]));
    assert.ok(!out.includes(form), form);
    const decodedEcho = (JSON.parse(out) as { echo: string }).echo;
    assert.ok(!decodedEcho.includes(key) && !decodeURIComponent(decodedEcho).includes(key), decodedEcho);
    assert.ok(out.endsWith('"n":"café"}'));
  }
  const untouched = new TextEncoder().encode('{"a":"\\u00e9 100%"}');
  assert.equal(scrubBytes(untouched, [key]), untouched);
});
