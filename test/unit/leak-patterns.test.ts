// Key patterns of the leak scanner: the published formats are found, look-alikes are not.
// Keys are built at run time; no key-shaped literal sits in this file.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { OPENAI_KEY_MARKER, describeLeak, findKeyLeaks, looksRandom } from '../../src/core/leaks/key-patterns';

/** Random base64url text with lower, upper case and a digit, so it always looks like a real key body. */
function body(length: number): string {
  return `aZ7${randomBytes(length).toString('base64url')}`.slice(0, length).replace(/(.)\1{4,}/g, '$1q');
}
const marked = (prefix: string, side = 74): string => `${prefix}${body(side)}${OPENAI_KEY_MARKER}${body(side)}`;
const legacy = (): string => `sk-${`${body(20)}${OPENAI_KEY_MARKER}${body(20)}`.replace(/[-_]/g, 'x')}`;
const P = 'sk-proj-';

function values(text: string): string[] {
  return findKeyLeaks(text).map((m) => m.value);
}

describe('key patterns: keys that are found', () => {
  for (const prefix of ['sk-proj-', 'sk-svcacct-', 'sk-admin-']) {
    it(`finds a marked ${prefix} key with its exact offsets and kind`, () => {
      const key = marked(prefix);
      const text = `const client = new OpenAI({ apiKey: "${key}" });`;
      const [m, ...rest] = findKeyLeaks(text);
      assert.equal(rest.length, 0);
      assert.ok(m);
      assert.equal(m.value, key);
      assert.equal(text.slice(m.start, m.end), key);
      assert.equal(m.confidence, 'marked');
      assert.equal(m.kind, prefix === 'sk-proj-' ? 'project' : prefix === 'sk-svcacct-' ? 'service-account' : 'admin');
    });
  }

  it('finds a legacy sk- key that carries the marker', () => {
    const key = legacy();
    assert.deepEqual(values(`OPENAI_API_KEY=${key}\n`), [key]);
    assert.equal(findKeyLeaks(key)[0]?.kind, 'legacy');
  });

  it('finds an unmarked project key with the looser pattern, as "possible"', () => {
    const key = `sk-proj-${body(48)}`;
    const [m] = findKeyLeaks(`key: '${key}'`);
    assert.equal(m?.value, key);
    assert.equal(m?.confidence, 'unmarked');
    assert.match(describeLeak(m!), /^Possible OpenAI API key sk-proj-…/);
  });

  it('finds keys at the start of text, after "=", ":", quotes, "Bearer " and in URLs, several per line', () => {
    const a = marked('sk-proj-');
    const b = legacy();
    const c = marked('sk-svcacct-');
    const text = `${a}\nAuthorization: Bearer ${b} x=${c}\nhttps://h/?key=${a}`;
    assert.deepEqual(values(text), [a, b, c, a]);
  });

  it('keeps keys whose body holds "-" and "_" whole', () => {
    const key = `sk-proj-${body(30)}-_${body(30)}${OPENAI_KEY_MARKER}${body(30)}`;
    assert.deepEqual(values(`"${key}"`), [key]);
  });

  it('shows a found key only masked', () => {
    const key = marked('sk-proj-');
    const shown = describeLeak(findKeyLeaks(key)[0]!);
    assert.equal(shown, `OpenAI API key sk-proj-…${key.slice(-4)}`);
    assert.ok(!shown.includes(key.slice(8, 20)));
  });
});

describe('key patterns: look-alikes that are not keys', () => {
  it('ignores "sk-" inside words and identifiers', () => {
    const tail = body(40);
    const text = [
      `task-${tail}`, `disk-proj-${tail}`, `risk-assessment-${tail}`, `ask-${tail}`, `mask_sk-proj-${tail}`,
      `my-sk-proj-${tail}`, `desk-svcacct-${tail}${OPENAI_KEY_MARKER}${tail}`,
    ].join('\n');
    assert.deepEqual(values(text), []);
  });

  it('ignores base64 blobs, including ones that hold the marker or "sk-" in base64url', () => {
    const blob = randomBytes(600).toString('base64');
    const withMarker = `${randomBytes(30).toString('base64')}${OPENAI_KEY_MARKER}${randomBytes(30).toString('base64')}`;
    const url = `${randomBytes(40).toString('base64url')}Ask-proj-${body(60)}`;
    const data = `data:image/png;base64,${blob}`;
    assert.deepEqual(values(`${blob}\n${withMarker}\n${url}\n${data}`), []);
  });

  it('ignores lockfile hashes and package names', () => {
    const lock = [
      `"integrity": "sha512-${randomBytes(64).toString('base64')}"`,
      `"resolved": "https://registry.npmjs.org/disk-usage/-/disk-usage-1.2.3.tgz#${randomBytes(20).toString('hex')}"`,
      `/risk-proj-${body(40)}@1.0.0:`,
      `checksum: ${randomBytes(64).toString('hex')}`,
      `  resolution: "@task-sk-proj/${body(40)}@npm:1.0.0"`,
    ].join('\n');
    assert.deepEqual(values(lock), []);
  });

  it('ignores legacy-looking sk- strings without the marker, and prefixed ones that are too short', () => {
    assert.deepEqual(values(`sk-${body(48)}`), []);
    assert.deepEqual(values(`sk-proj-${body(24)}`), []);
  });

  it('ignores placeholders, names and masked keys', () => {
    const text = [
      `${P}your-api-key-goes-here-please-replace-me`,
      `${P}${'x'.repeat(48)}`,
      `${P}EXAMPLEexample1234567890abcdefABCDEF123`,
      `${P}my-app-key-for-the-staging-server-2024-v2`,
      `${P}…abcd`,
      `${P}[redacted]…abcd`,
    ].join('\n');
    assert.deepEqual(values(text), []);
  });

  it('looksRandom: random bodies pass, words and runs do not', () => {
    assert.equal(looksRandom(body(48)), true);
    assert.equal(looksRandom('alllowercaseletters0123456789abcdefghijk'), false);
    assert.equal(looksRandom(`Ab1${'Q'.repeat(40)}`), false);
  });
});
