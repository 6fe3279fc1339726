// What redaction remembers to go faster must never let a secret through: frozen objects only, and
// everything forgotten when the secrets change.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RedactionMemo, redact, redactDeep } from '../../src/core/common/redaction';

const secretA = 'sk-proj-' + 'A1b2'.repeat(10);
const secretB = 'plain-secret-' + 'Zq'.repeat(8);

describe('redaction memo', () => {
  it('skips a frozen object found clean, and walks it again when the secrets change', () => {
    const memo = new RedactionMemo();
    const entry = Object.freeze({ id: 'h1', path: `/files/${secretB}` });
    const list = Object.freeze([entry]);
    assert.equal(redactDeep({ entries: list }, [secretA], memo).entries, list, 'clean under A: the same list');
    const cleaned = redactDeep({ entries: list }, [secretA, secretB], memo);
    assert.notEqual(cleaned.entries, list);
    assert.doesNotMatch(JSON.stringify(cleaned), new RegExp(secretB));
  });

  it('never remembers objects that can change', () => {
    const memo = new RedactionMemo();
    const entry: { path: string } = { path: '/files' };
    const list = Object.freeze([entry]);
    redactDeep({ entries: list }, [secretB], memo);
    entry.path = `/files/${secretB}`;
    assert.doesNotMatch(JSON.stringify(redactDeep({ entries: list }, [secretB], memo)), new RegExp(secretB));
  });

  it('redacts a text seen clean before once a secret it holds becomes known', () => {
    const text = `value=${secretB} and more`;
    assert.equal(redact(text, []), text);
    assert.equal(redact(text, []), text);
    assert.doesNotMatch(redact(text, [secretB]), new RegExp(secretB));
  });

  it('leaves texts too short to hold anything as they are, and still masks key shapes', () => {
    assert.equal(redact('sk-abc', []), 'sk-abc');
    assert.doesNotMatch(redact(`Bearer ${secretA}`, []), /A1b2A1b2/);
  });
});
