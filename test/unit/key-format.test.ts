import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkKey, detectKeyKind, lastFour, maskFromParts, maskKey, normalizeKeyInput } from '../../src/core/keys/key-format';
import { makeKey } from './test-keys';

test('detects the kind of key from its prefix', () => {
  assert.equal(detectKeyKind(makeKey.project()), 'project');
  assert.equal(detectKeyKind(makeKey.serviceAccount()), 'service-account');
  assert.equal(detectKeyKind(makeKey.admin()), 'admin');
  assert.equal(detectKeyKind(makeKey.legacy()), 'legacy');
  assert.equal(detectKeyKind('gsk_' + 'x'.repeat(40)), 'other');
});

test('masks keep the prefix and the last four characters only', () => {
  const key = makeKey.project();
  const mask = maskKey(key);
  assert.equal(mask, `sk-proj-…${key.slice(-4)}`);
  assert.ok(!mask.includes(key.slice(8, 20)));
  assert.equal(maskFromParts('service-account', 'abcd'), 'sk-svcacct-…abcd');
  assert.equal(maskFromParts('legacy', 'wxyz'), 'sk-…wxyz');
  assert.equal(maskFromParts('other', 'wxyz'), '…wxyz');
  assert.equal(lastFour(key), key.slice(-4));
});

test('pasted keys are trimmed of spaces, quotes, newlines and a leading Bearer', () => {
  const key = makeKey.project();
  for (const pasted of [` ${key} `, `"${key}"`, `'${key}'\n`, `Bearer ${key}`, `Authorization: Bearer ${key}`, `OPENAI_API_KEY=${key}`, `export OPENAI_API_KEY="${key}"`, `${key.slice(0, 30)}\n${key.slice(30)}`]) {
    assert.equal(normalizeKeyInput(pasted), key, JSON.stringify(pasted.length));
  }
});

test('malformed keys get a clear error, unusual ones a warning', () => {
  assert.match(checkKey('').error ?? '', /Paste/);
  assert.match(checkKey('sk-proj-short').error ?? '', /characters|cut off/);
  assert.match(checkKey('sk-proj-' + 'a'.repeat(10) + '!' + 'b'.repeat(20)).error ?? '', /letters, digits/);
  assert.match(checkKey('gsk_' + 'x'.repeat(40)).warning ?? '', /compatible server/);
  assert.equal(checkKey('gsk_' + 'x'.repeat(40), { compatibleServer: true }).warning, undefined);
  assert.match(checkKey('sk-foo-' + 'x'.repeat(40)).warning ?? '', /Unknown key prefix/);
  const ok = checkKey(makeKey.serviceAccount());
  assert.equal(ok.error, undefined);
  assert.equal(ok.warning, undefined);
  assert.equal(ok.kind, 'service-account');
});
