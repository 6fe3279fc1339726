// Key text at its edges: each prefix and its mask, every paste clean-up, and the exact limits and
// messages of the key check. Keys are built at run time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KEY_KIND_LABELS, checkKey, detectKeyKind, maskFromParts, maskKey, normalizeKeyInput } from '../../src/core/keys/key-format';

const body = (n: number): string => 'Ab3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z'.repeat(3).slice(0, n);

describe('key kinds and masks', () => {
  const cases = [
    ['sk-proj-', 'project'],
    ['sk-svcacct-', 'service-account'],
    ['sk-admin-', 'admin'],
    ['sk-', 'legacy'],
    ['', 'other'],
  ] as const;

  for (const [prefix, kind] of cases) {
    it(`${kind}: detected, masked from the secret and from its parts alike`, () => {
      const secret = `${prefix}${body(40)}`;
      assert.equal(detectKeyKind(secret), kind);
      assert.equal(maskKey(secret), `${prefix}…${secret.slice(-4)}`);
      assert.equal(maskFromParts(kind, secret.slice(-4)), `${prefix}…${secret.slice(-4)}`);
      assert.equal(typeof KEY_KIND_LABELS[kind], 'string');
    });
  }

  it('needs the whole prefix at the start', () => {
    assert.equal(detectKeyKind(`x-sk-proj-${body(40)}`), 'other');
    assert.equal(detectKeyKind(`sk-projx${body(40)}`), 'legacy');
    assert.equal(maskKey(`sk-adminx${body(40)}`), `sk-…${body(40).slice(-4)}`);
    assert.equal(detectKeyKind('SK-proj-abc'), 'other');
  });
});

describe('normalizeKeyInput', () => {
  const key = `sk-proj-${body(40)}`;

  it('takes every paste form apart', () => {
    for (const pasted of [
      key, `  ${key}\t`, `'${key}'`, `"${key}";`, `\`${key}\``, `""${key}""`,
      `bearer ${key}`, `BEARER\t${key}`, `authorization: Bearer ${key}`, `AUTHORIZATION:Bearer ${key}`,
      `openai_api_key=${key}`, `OPENAI_API_KEY = '${key}'`, `export  OPENAI_API_KEY="${key}";`,
      `${key.slice(0, 10)} ${key.slice(10, 20)}\t${key.slice(20, 30)}\r\n${key.slice(30)}`,
    ]) assert.equal(normalizeKeyInput(pasted), key, JSON.stringify(pasted));
  });

  it('removes a prefix only at the start', () => {
    assert.equal(normalizeKeyInput(`x OPENAI_API_KEY=${key}`), `xOPENAI_API_KEY=${key}`);
    assert.equal(normalizeKeyInput(`${key}Bearer`), `${key}Bearer`);
    assert.equal(normalizeKeyInput(`Bearer${key}`), `Bearer${key}`);
  });
});

describe('checkKey', () => {
  it('says what is wrong, exactly', () => {
    assert.deepEqual(checkKey(''), { kind: 'other', error: 'Paste the API key.' });
    assert.deepEqual(checkKey(`sk-proj-${body(20)}!`), { kind: 'project', error: 'A key has only letters, digits, "-", "_" and "."; check what was pasted.' });
    assert.deepEqual(checkKey(`sk-proj-${body(10)} ${body(10)}`).error?.startsWith('A key has only'), true);
    assert.deepEqual(checkKey(body(19)), { kind: 'other', error: 'That is 19 characters; OpenAI keys are much longer.' });
    assert.deepEqual(checkKey(`sk-proj-${body(19)}`), { kind: 'project', error: 'The key ends too soon after its prefix; was it cut off?' });
    assert.deepEqual(checkKey(`sk-foo-${body(30)}`), { kind: 'legacy', warning: 'Unknown key prefix "sk-foo-"; it will be treated as a legacy key.' });
    assert.deepEqual(checkKey(body(20)), { kind: 'other', warning: 'OpenAI keys start with "sk-". Keep it only if this is a key for an OpenAI-compatible server.' });
  });

  it('accepts keys from 20 characters after the prefix, with dots, dashes and underscores', () => {
    for (const prefix of ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-']) {
      assert.deepEqual(checkKey(`${prefix}${body(20)}`), { kind: detectKeyKind(`${prefix}${body(20)}`) }, prefix);
      assert.notEqual(checkKey(`${prefix}${body(19)}`).error, undefined, prefix);
    }
    assert.deepEqual(checkKey(`sk-${body(10)}._-${body(10)}`), { kind: 'legacy' });
    assert.deepEqual(checkKey(body(20), { compatibleServer: true }), { kind: 'other' });
    assert.deepEqual(checkKey(`gsk_${body(30)}`, { compatibleServer: false }).warning?.startsWith('OpenAI keys start'), true);
  });

  it('warns about an unknown prefix only for a lower-case word followed by a dash', () => {
    assert.equal(checkKey(`sk-Foo-${body(30)}`).warning, undefined);
    assert.equal(checkKey(`sk-${body(30)}`).warning, undefined);
    assert.equal(checkKey(`sk-1a-${body(30)}`).warning, undefined);
    assert.match(checkKey(`sk-live-${body(30)}`).warning ?? '', /"sk-live-"/);
  });
});

describe('key text: edges the reviewer found untested', () => {
  it('labels each kind', () => {
    assert.deepEqual(KEY_KIND_LABELS, { project: 'project', 'service-account': 'service account', admin: 'admin', legacy: 'legacy', other: 'other/compatible' });
  });

  it('strips prefixes and quotes only at the ends', () => {
    assert.equal(normalizeKeyInput('abcAuthorization:def'), 'abcAuthorization:def');
    assert.equal(normalizeKeyInput('abcBearer def'), 'abcBearerdef');
    assert.equal(normalizeKeyInput('ab"cd'), 'ab"cd');
    assert.equal(normalizeKeyInput('a;b'), 'a;b');
  });

  it('reads an unknown prefix only at the start', () => {
    assert.equal(checkKey(`sk-${body(10)}sk-ab-${body(10)}`).warning, undefined);
  });
});
