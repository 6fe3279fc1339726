// The leak scanner's key patterns at their edges: each prefix on its own, the length limits of the
// candidate, the unmarked body and the marker's sides, the randomness test, and the offsets reported.
// Bodies are fixed here (not random) so every boundary is exact; they are built at run time.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OPENAI_KEY_MARKER, describeLeak, findKeyLeaks, looksRandom } from '../../src/core/leaks/key-patterns';

/** Random-looking key characters: mixed case, digits, no run and no placeholder word. */
const SEED = 'Q7fK2mZp9XwL4vB8nT1cY6hJ3sD5gR0e';
const rnd = (n: number): string => SEED.repeat(Math.ceil(n / SEED.length)).slice(0, n);
const M = OPENAI_KEY_MARKER;

const found = (text: string): string[] => findKeyLeaks(text).map((m) => m.value);

describe('key patterns: prefixes', () => {
  for (const [prefix, kind] of [['sk-proj-', 'project'], ['sk-svcacct-', 'service-account'], ['sk-admin-', 'admin']] as const) {
    it(`finds an unmarked ${prefix} key as a possible key of kind ${kind}`, () => {
      const key = `${prefix}${rnd(48)}`;
      const [m, ...rest] = findKeyLeaks(`k=${key}`);
      assert.equal(rest.length, 0);
      assert.deepEqual(m, { start: 2, end: 2 + key.length, value: key, kind, confidence: 'unmarked' });
    });

    it(`finds a marked ${prefix} key with short sides as marked`, () => {
      const key = `${prefix}${rnd(8)}${M}${rnd(8)}`;
      assert.deepEqual(findKeyLeaks(key).map((m) => [m.value, m.confidence, m.kind]), [[key, 'marked', kind]]);
    });
  }

  it('an unknown prefix is not a project prefix: unmarked, it is not reported', () => {
    assert.deepEqual(found(`sk-prod-${rnd(48)}`), []);
    assert.deepEqual(found(`sk-${rnd(48)}`), []);
  });
});

describe('key patterns: length limits', () => {
  it('an unmarked prefixed key needs a body of at least 32 characters', () => {
    assert.deepEqual(found(`sk-proj-${rnd(32)}`), [`sk-proj-${rnd(32)}`]);
    assert.deepEqual(found(`sk-proj-${rnd(31)}`), []);
  });

  it('the marker needs at least 8 characters on each side', () => {
    const legacy = `sk-${rnd(8)}${M}${rnd(8)}`;
    assert.deepEqual(findKeyLeaks(legacy).map((m) => [m.value, m.kind, m.confidence]), [[legacy, 'legacy', 'marked']]);
    assert.deepEqual(found(`sk-${rnd(7)}${M}${rnd(9)}`), []);
    assert.deepEqual(found(`sk-${rnd(9)}${M}${rnd(7)}`), []);
  });

  it('a candidate needs at least 20 characters after sk-', () => {
    assert.deepEqual(found(`sk-${rnd(19)}`), []);
    assert.deepEqual(found(`sk-proj-${rnd(12)}`), []);
  });

  it('the key ends at the first character that cannot be in a key', () => {
    const key = `sk-proj-${rnd(40)}`;
    for (const end of ['"', "'", ' ', '\n', '.', ',', ';', ')', '&']) {
      assert.deepEqual(found(`${key}${end}rest`), [key], JSON.stringify(end));
    }
  });
});

describe('key patterns: what may come before sk-', () => {
  it('refuses a letter, digit, "_" or "-" right before it', () => {
    const key = `sk-proj-${rnd(40)}`;
    for (const before of ['a', 'Z', '7', '_', '-']) assert.deepEqual(found(`${before}${key}`), [], before);
  });

  it('accepts punctuation, quotes, spaces and path separators right before it', () => {
    const key = `sk-proj-${rnd(40)}`;
    for (const before of ['/', '=', ':', '"', ' ', '\t', '(', '.', '@']) {
      const text = `x${before}${key}`;
      const [m] = findKeyLeaks(text);
      assert.equal(m?.value, key, JSON.stringify(before));
      assert.equal(m?.start, 2);
      assert.equal(m?.end, text.length);
    }
  });

  it('reports each key of a text with its own offsets', () => {
    const a = `sk-proj-${rnd(40)}`;
    const b = `sk-${rnd(10)}${M}${rnd(10)}`;
    const text = `A=${a}\nB=${b}`;
    assert.deepEqual(findKeyLeaks(text).map((m) => [m.start, m.end, text.slice(m.start, m.end) === m.value]), [
      [2, 2 + a.length, true],
      [2 + a.length + 3, text.length, true],
    ]);
  });
});

describe('key patterns: looksRandom', () => {
  it('needs lower case, upper case and a digit', () => {
    assert.equal(looksRandom(rnd(40)), true);
    assert.equal(looksRandom(rnd(40).toLowerCase()), false);
    assert.equal(looksRandom(rnd(40).toUpperCase()), false);
    assert.equal(looksRandom(rnd(40).replace(/[0-9]/g, 'k')), false);
  });

  it('refuses a run of six equal characters, accepts five', () => {
    assert.equal(looksRandom(`${rnd(20)}eeeee${rnd(20)}`), true);
    assert.equal(looksRandom(`${rnd(20)}eeeeee${rnd(20)}`), false);
  });

  it('refuses each placeholder word, in any case', () => {
    for (const word of ['your', 'Example', 'REPLACE', 'placeholder', 'redacted', 'dummy', 'xxxx', '0000', '1234', 'abcd']) {
      assert.equal(looksRandom(`${rnd(20)}${word}${rnd(20)}`), false, word);
    }
  });

  it('accepts one dash or underscore per 8 characters, not more', () => {
    // 48 characters: 6 separators pass (6 <= 48 / 8), 7 do not.
    const six = `${rnd(7)}-${rnd(7)}_${rnd(7)}-${rnd(7)}_${rnd(7)}-${rnd(7)}_`;
    const seven = `${`${rnd(5)}-`.repeat(7)}${rnd(6)}`;
    assert.deepEqual([six.length, seven.length], [48, 48]);
    assert.equal(looksRandom(six), true);
    assert.equal(looksRandom(seven), false);
  });
});

describe('key patterns: describeLeak', () => {
  it('says "OpenAI API key" for marked keys, "Possible" for unmarked ones, and masks both', () => {
    const marked = `sk-admin-${rnd(10)}${M}${rnd(10)}`;
    const unmarked = `sk-svcacct-${rnd(40)}`;
    const [m1] = findKeyLeaks(marked);
    const [m2] = findKeyLeaks(unmarked);
    assert.equal(describeLeak(m1!), `OpenAI API key sk-admin-…${marked.slice(-4)}`);
    assert.equal(describeLeak(m2!), `Possible OpenAI API key sk-svcacct-…${unmarked.slice(-4)}`);
  });
});

describe('key patterns: edges the reviewer found untested', () => {
  it('reads a project prefix only at the start of the candidate', () => {
    assert.deepEqual(found(`sk-${rnd(30)}sk-proj-${rnd(30)}`), []);
  });
});
