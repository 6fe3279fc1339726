// Redaction, tried as a reviewer would break it: every key in a text (not the first only), any case
// of "Bearer", dotted tokens, the caller's own secrets of any shape, and the length limits.
// Written against redact()/redactError() only, so it holds whatever the module looks like inside.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, redact, redactError } from '../../src/core/common/redaction';
import { makeKey } from './test-keys';

/** A body of `n` key characters with no run a placeholder check would refuse. */
const chars = (n: number): string => 'Ab3dE5gH7jK9mN1pQ2rS4tU6vW8xY0z'.repeat(Math.ceil(n / 31)).slice(0, n);

describe('redact: OpenAI key shapes', () => {
  it('masks every key in a text, not only the first', () => {
    const keys = [makeKey.project(), makeKey.admin(), makeKey.legacy(), makeKey.serviceAccount()];
    const out = redact(`a=${keys[0]} b=${keys[1]}\nc=${keys[2]} d=${keys[3]} again ${keys[0]}`);
    for (const key of keys) assert.ok(!out.includes(key), out);
    assert.equal(out.split(REDACTED).length - 1, 5, out);
  });

  it('keeps the prefix and the last four characters, and the text around', () => {
    for (const [prefix, key] of [['sk-proj-', makeKey.project()], ['sk-svcacct-', makeKey.serviceAccount()], ['sk-admin-', makeKey.admin()]] as const) {
      // Nothing of the body but its last four survives.
      assert.equal(redact(`key ${key} end`), `key ${prefix}${REDACTED}…${key.slice(-4)} end`);
    }
  });

  it('masks a key body from 16 characters on, and leaves shorter sk- words alone', () => {
    const long = `sk-${chars(16)}`;
    assert.equal(redact(`x ${long} y`), `x sk-${REDACTED}…${long.slice(-4)} y`);
    const legacy = makeKey.legacy();
    assert.equal(redact(`"${legacy}"`), `"sk-${REDACTED}…${legacy.slice(-4)}"`);
    const short = `sk-${chars(15)}`;
    assert.equal(redact(`x ${short} y`), `x ${short} y`);
  });

  it('leaves "sk-" glued to the end of a word alone', () => {
    const text = `task-${chars(40)} disk-${chars(40)}`;
    assert.equal(redact(text), text);
  });
});

describe('redact: Bearer tokens', () => {
  it('masks a Bearer token in any case, keeping the scheme word', () => {
    const token = chars(30);
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      const out = redact(`Authorization: ${scheme} ${token}`);
      assert.equal(out, `Authorization: ${scheme} ${REDACTED}`);
    }
  });

  it('masks JWT-style and other dotted tokens whole', () => {
    const jwt = `eyJ${chars(20)}.eyJ${chars(30)}.${chars(20)}`;
    assert.equal(redact(`authorization: Bearer ${jwt}`), `authorization: Bearer ${REDACTED}`);
    const dotted = `ab.cd_ef-gh~ij+kl/mn=`;
    assert.equal(redact(`Bearer ${dotted} next`), `Bearer ${REDACTED} next`);
  });

  it('masks tokens from 8 characters on, and several per text', () => {
    assert.equal(redact('Bearer abcdefgh'), `Bearer ${REDACTED}`);
    assert.equal(redact('Bearer abcdefg'), 'Bearer abcdefg');
    const out = redact(`Bearer ${chars(12)}, then Bearer\t${chars(20)} and Bearer   ${chars(9)}`);
    assert.equal(out, `Bearer ${REDACTED}, then Bearer\t${REDACTED} and Bearer   ${REDACTED}`);
  });

  it('needs "Bearer" as a word of its own', () => {
    const text = `NotABearer ${chars(20)}`;
    assert.equal(redact(text), text);
  });
});

describe('redact: the caller\'s own secrets', () => {
  it('masks a known secret of any shape everywhere, keeping its last four', () => {
    const secret = `gsk_${chars(30)}`;
    const out = redact(`first ${secret}, second ${secret}.`, [secret]);
    assert.equal(out, `first ${REDACTED}…${secret.slice(-4)}, second ${REDACTED}…${secret.slice(-4)}.`);
  });

  it('takes every secret of the list, from any iterable', () => {
    const a = `one_${chars(20)}`;
    const b = `two_${chars(25)}`;
    const out = redact(`${a} ${b}`, new Set([a, b]));
    assert.ok(!out.includes(a) && !out.includes(b), out);
  });

  it('masks known secrets from 8 characters on, and ignores shorter ones (too common to mask)', () => {
    assert.equal(redact('pw=hunter22!', ['hunter22']), `pw=${REDACTED}…er22!`);
    assert.equal(redact('pw=hunter2!', ['hunter2']), 'pw=hunter2!');
  });

  it('text without any secret passes unchanged', () => {
    const text = 'GET /v1/models 200 in 12 ms (Bearer auth) sk-';
    assert.equal(redact(text, ['not-in-this-text']), text);
  });
});

describe('redactError', () => {
  it('uses the message of an Error and the text of anything else, with the known secrets', () => {
    const secret = `odd_${chars(20)}`;
    const key = makeKey.project();
    assert.equal(redactError(new Error(`failed for ${secret}`), [secret]), `failed for ${REDACTED}…${secret.slice(-4)}`);
    assert.ok(!redactError(new TypeError(`bad ${key}`)).includes(key));
    assert.ok(!redactError(`bad ${key}`).includes(key));
    assert.equal(redactError({ toString: () => `x ${secret}` }, [secret]), `x ${REDACTED}…${secret.slice(-4)}`);
    assert.equal(redactError(42), '42');
  });
});
