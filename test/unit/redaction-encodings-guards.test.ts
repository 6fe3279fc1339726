// Guards of the encoded forms a server may echo a key back in (\u escapes, percent-encoding, base64),
// of the deep redaction every webview message passes through, and of findKeyShapes. Exact outputs, so a
// weakened pattern, a skipped decoding or a lost alignment is noticed (npm run test:mutation).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, containsSecret, findKeyShapes, redact, redactDeep, redactError, scrubSecrets, secretTraces } from '../../src/core/common/redaction';

const BODY = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const KEY = `sk-proj-${BODY}`;
/** A secret the caller knows that has no key shape at all. */
const KNOWN = 'local-server-token-0123456789';
const LEGACY_BODY = `${'a1B2c3D4'}T3BlbkFJ${'e5F6g7H8'}`;
const JWT = `eyJ${'h'.repeat(10)}.${'p'.repeat(10)}.${'s'.repeat(6)}`;

const jsonEscapeAll = (s: string): string => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const percentAll = (s: string): string => [...s].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');

describe('redaction of encoded secrets', () => {
  it('finds a key whose every character is \\u-escaped, and writes the masked run back as JSON-safe text', () => {
    const out = redact(`{"echo":"${jsonEscapeAll(KEY)}"}`);
    assert.equal(out, `{"echo":"sk-proj-${REDACTED}…${BODY.slice(-4)}"}`);
  });

  it('leaves \\u-escaped text without a secret exactly as it was', () => {
    const text = `{"note":"caf\\u00e9 \\/ ${'x'.repeat(4)}"}`;
    assert.equal(redact(text), text);
  });

  it('escapes quotes and control characters that decoding brought into a redacted run', () => {
    const out = redact(`${jsonEscapeAll(`"${KEY}\n`)}`);
    assert.equal(out, `\\u0022sk-proj-${REDACTED}…${BODY.slice(-4)}\\u000a`);
  });

  it('finds a percent-encoded key and re-encodes what is left', () => {
    assert.equal(redact(`q=${percentAll(KEY)}&x=1`), `q=${encodeURIComponent(`sk-proj-${REDACTED}…${BODY.slice(-4)}`)}&x=1`);
  });

  it('leaves percent-encoded text without a secret, and malformed escapes, exactly as they were', () => {
    for (const text of ['a%20b%2Fc', 'broken%E0%A4%A', '100%']) assert.equal(redact(text), text);
  });

  it('finds a base64-encoded key at every alignment and in both alphabets', () => {
    // What precedes the key in the encoded text shifts its alignment: nothing, a quote, two or three characters.
    for (const lead of ['', '"', ' "', 'k="']) {
      const standard = btoa(`${lead}${KEY}`);
      assert.equal(redact(`echo ${standard} end`), `echo ${REDACTED} end`, `standard, lead ${lead.length}`);
      const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      assert.equal(redact(`echo ${urlSafe} end`), `echo ${REDACTED} end`, `url-safe, lead ${lead.length}`);
    }
  });

  it('leaves base64 without a secret, and runs longer than a key could need, as they were', () => {
    const plain = btoa('just an ordinary sentence without secrets');
    assert.equal(redact(plain), plain);
    const huge = btoa(`${'z'.repeat(3100)}${KEY}`);
    assert.ok(huge.length > 4096);
    assert.equal(redact(huge), huge);
  });

  it('unwraps an encoding inside an encoding, but no deeper than two levels', () => {
    const twice = percentAll(btoa(KEY));
    assert.equal(redact(twice), encodeURIComponent(REDACTED));
    const thrice = percentAll(percentAll(btoa(KEY)));
    assert.equal(redact(thrice), thrice);
  });

  it('finds a known secret in its encoded forms too', () => {
    assert.equal(redact(jsonEscapeAll(KNOWN), [KNOWN]), `${REDACTED}…${KNOWN.slice(-4)}`);
    assert.equal(redact(percentAll(KNOWN), [KNOWN]), encodeURIComponent(`${REDACTED}…${KNOWN.slice(-4)}`));
    assert.equal(redact(btoa(`x${KNOWN}`), [KNOWN]), REDACTED);
    assert.equal(redact(KNOWN), KNOWN, 'not key-shaped, so only the caller knows it');
  });
});

describe('scrubSecrets and secretTraces', () => {
  it('removes only the known secrets, plain and encoded, and keeps key shapes it was not told about', () => {
    const text = `${KNOWN} ${KEY} ${jsonEscapeAll(KNOWN)}`;
    assert.equal(scrubSecrets(text, [KNOWN]), `${REDACTED}…${KNOWN.slice(-4)} ${KEY} ${REDACTED}…${KNOWN.slice(-4)}`);
  });

  it('names strings at least one of which every encoded form of a secret contains', () => {
    const traces = secretTraces([KNOWN]);
    assert.ok(traces.includes('\\u') && traces.includes('%') && traces.includes(KNOWN));
    for (const lead of ['', 'a', 'ab']) {
      const encoded = btoa(`${lead}${KNOWN}`);
      assert.ok(traces.some((t) => t !== '\\u' && t !== '%' && t !== KNOWN && encoded.includes(t)), `base64 core, lead ${lead.length}`);
      const urlSafe = encoded.replace(/\+/g, '-').replace(/\//g, '_');
      assert.ok(traces.some((t) => t.length > 4 && urlSafe.includes(t)), `url-safe core, lead ${lead.length}`);
    }
    assert.deepEqual(secretTraces([]), []);
    assert.deepEqual(secretTraces(['short']), [], 'secrets under 8 characters are not used');
  });
});

describe('redactDeep', () => {
  it('redacts strings in nested arrays and plain objects, keeping everything else', () => {
    const message = { kind: 'result', n: 3, ok: true, none: null, list: ['clean', KEY, [KNOWN]], nested: { text: `Bearer ${KEY}` } };
    assert.deepEqual(redactDeep(message, [KNOWN]), {
      kind: 'result', n: 3, ok: true, none: null,
      list: ['clean', `sk-proj-${REDACTED}…${BODY.slice(-4)}`, [`${REDACTED}…${KNOWN.slice(-4)}`]],
      // The key is masked first; the Bearer rule then masks what is left of the token.
      nested: { text: `Bearer ${REDACTED}${REDACTED}…${BODY.slice(-4)}` },
    });
    assert.equal(message.list[1], KEY, 'the input is not changed in place');
  });

  it('returns the very same value when nothing needed redacting', () => {
    const message = { a: ['x', { b: 'y' }], c: 1 };
    assert.equal(redactDeep(message), message);
    const list = ['x', 'y'];
    assert.equal(redactDeep(list), list);
  });

  it('walks objects without a prototype, but leaves other objects alone', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: KEY });
    assert.deepEqual({ ...redactDeep(bare) }, { k: `sk-proj-${REDACTED}…${BODY.slice(-4)}` });
    const date = new Date(0);
    assert.equal(redactDeep(date), date);
    class Holder { constructor(readonly k: string) {} }
    const holder = new Holder(KEY);
    assert.equal(redactDeep(holder), holder);
  });
});

describe('findKeyShapes and friends', () => {
  it('lists each key shape once, in order: keys, legacy bodies, JWTs, then Bearer values not already found', () => {
    const text = `${KEY} ${LEGACY_BODY} ${JWT} Bearer ${KEY} Bearer opaque-token-123456 ${KEY}`;
    assert.deepEqual(findKeyShapes(text), [KEY, LEGACY_BODY, JWT, 'opaque-token-123456']);
  });

  it('does not list a legacy body that is part of a key already found', () => {
    const legacy = `sk-${LEGACY_BODY}`;
    assert.deepEqual(findKeyShapes(legacy), [legacy]);
  });

  it('does not list a Bearer value that a found key contains or that contains one', () => {
    assert.deepEqual(findKeyShapes(`Bearer ${KEY} Bearer abc${KEY}`), [KEY]);
  });

  it('finds a JWT without a signature, and masks legacy bodies and JWTs in text', () => {
    const unsigned = `eyJ${'h'.repeat(8)}.${'p'.repeat(8)}`;
    assert.deepEqual(findKeyShapes(`t ${unsigned} t`), [unsigned]);
    assert.equal(redact(`a ${LEGACY_BODY} b ${JWT} c`), `a ${REDACTED}…${LEGACY_BODY.slice(-4)} b ${REDACTED} c`);
    assert.equal(redact(` ${'a'.repeat(7)}T3BlbkFJ${'b'.repeat(8)}`), ` ${'a'.repeat(7)}T3BlbkFJ${'b'.repeat(8)}`, 'legacy bodies need 8 characters before the marker');
    assert.equal(redact(`${'a'.repeat(8)}T3BlbkFJ${'b'.repeat(7)} `), `${'a'.repeat(8)}T3BlbkFJ${'b'.repeat(7)} `, 'and 8 after it');
  });

  it('containsSecret and redactError use the known secrets too', () => {
    assert.equal(containsSecret(`x ${KNOWN}`, [KNOWN]), true);
    assert.equal(containsSecret(`x ${KNOWN}`), false);
    assert.equal(redactError(new Error(`failed with ${KNOWN}`), [KNOWN]), `failed with ${REDACTED}…${KNOWN.slice(-4)}`);
    assert.equal(redactError(`plain ${KEY}`), `plain sk-proj-${REDACTED}…${BODY.slice(-4)}`);
  });
});
