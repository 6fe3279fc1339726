import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redact, redactError } from '../../src/core/redaction';
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
