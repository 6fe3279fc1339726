// Fuzz test of the host's message validation: thousands of malformed messages, built by breaking
// valid ones field by field and at random. Each one must be rejected with a typed error, and
// none may reach a handler (so nothing is sent and nothing is written).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { LIMITS, PROTOCOL_VERSION, type HostMessage, type WebviewMessage } from '../../src/protocol/protocol';
import { validateWebviewMessage } from '../../src/protocol/protocol-validation';
import { MessageHandlers, MessageRouter } from '../../src/builder/message-router';
import { validSamples } from './protocol-samples';

/** Deterministic PRNG (mulberry32), so a failure can be reproduced. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REMOVE = Symbol('remove');
type Bad = unknown;

const HUGE_BODY = 'x'.repeat(LIMITS.body + 1);
const rows = (n: number): unknown[] => Array.from({ length: n }, (_, i) => ({ name: `n${i}`, value: 'v' }));

/** Values that break each kind of field. */
const BAD: Readonly<Record<string, readonly Bad[]>> = {
  requestId: [REMOVE, 1, null, '', 'has space', 'x'.repeat(LIMITS.requestId + 1), {}, [], true, 'a/b', '../x', 'ü'],
  id: [REMOVE, 0, null, '', 'a b', 'x'.repeat(LIMITS.id + 1), {}, ['a'], '<script>', 'a\nb'],
  optionalId: [1, null, '', 'a b', {}, 'x'.repeat(LIMITS.id + 1)],
  bool: [REMOVE, 'true', 1, 0, null, {}, []],
  protocol: [REMOVE, '1', 1.5, null, Number.NaN, Number.POSITIVE_INFINITY, {}, [1]],
  format: [REMOVE, 'CURL', 'php', 1, null, ''],
  name: [REMOVE, 1, null, 'a\nb', 'x'.repeat(LIMITS.name + 1), '__proto__', 'constructor', {}],
  optionalText: [1, null, {}, [], 'x'.repeat(LIMITS.curlText + 1)],
  optionalName: [1, null, '', 'a\nb', 'x'.repeat(LIMITS.name + 1)],
  request: [REMOVE, null, 'request', [], {}, 42],
  method: [REMOVE, 'TRACE', 'get', 1, null, 'CONNECT'],
  path: [REMOVE, 1, null, 'a\nb', '/x\u0000', '/'.repeat(LIMITS.path + 1), ['/models']],
  operationId: [1, '', 'a b', null, {}],
  pathParams: [REMOVE, null, [], 'x', { a: 1 }, JSON.parse('{"__proto__": "x"}'), { 'a\nb': 'v' }, Object.fromEntries(rows(101).map((_, i) => [`p${i}`, 'v'])), { a: 'x'.repeat(LIMITS.value + 1) }],
  query: [REMOVE, null, {}, 'x', [1], [{ name: 'a' }], [{ name: 'a', value: 1 }], [{ name: 'a', value: 'b', extra: 1 }], rows(101), [{ name: 'a\r\nb', value: '' }], [null]],
  headers: [REMOVE, null, {}, 'Authorization: x', [1], [{ value: 'v' }], [{ name: 'a', value: null }], [{ name: 'X', value: 'v', secret: 's' }], rows(101), [{ name: 'X\nY', value: '' }]],
  bodyKind: [REMOVE, 'xml', 1, null, 'JSON'],
  body: [REMOVE, 1, null, {}, HUGE_BODY, ['{}']],
  form: [
    REMOVE, null, {}, [1], [{ kind: 'blob', name: 'a' }], [{ kind: 'field', name: 'a' }], [{ kind: 'field', value: 'v' }],
    [{ kind: 'file', name: 'a', file: { fileId: 'x', filename: 'f', size: -1 } }],
    [{ kind: 'file', name: 'a', file: { fileId: 'bad id', filename: 'f', size: 1 } }],
    [{ kind: 'file', name: 'a', file: { fileId: 'x', filename: 'f', size: 1, path: '/etc/passwd' } }],
    [{ kind: 'file', name: 'a', data: 'AAAA' }],
    Array.from({ length: LIMITS.formParts + 1 }, () => ({ kind: 'field', name: 'a', value: 'b' })),
  ],
  stream: [REMOVE, 'yes', 1, null],
};

/** Required and optional fields of each message type, by the kind of value they take. */
const FIELDS: Readonly<Record<WebviewMessage['type'], readonly (readonly [string, string])[]>> = {
  ready: [['protocol', 'protocol']],
  send: [['requestId', 'requestId'], ['keyId', 'id'], ['request', 'request'], ['override', 'bool']],
  cancel: [['requestId', 'requestId']],
  pickFile: [['requestId', 'requestId'], ['field', 'name']],
  export: [['requestId', 'requestId'], ['format', 'format'], ['request', 'request'], ['keyId', 'optionalId']],
  importCurl: [['requestId', 'requestId'], ['text', 'optionalText']],
  saveRequest: [['requestId', 'requestId'], ['request', 'request'], ['keyId', 'optionalId'], ['name', 'optionalName']],
  openResult: [['requestId', 'requestId'], ['runId', 'requestId']],
  saveResult: [['requestId', 'requestId'], ['runId', 'requestId']],
  loadHistory: [['requestId', 'requestId'], ['entryId', 'id']],
  clearHistory: [['requestId', 'requestId']],
};

const REQUEST_FIELDS: readonly string[] = ['method', 'path', 'operationId', 'pathParams', 'query', 'headers', 'bodyKind', 'body', 'form', 'stream'];

type Mutation = (m: Record<string, unknown>) => void;

function set(target: Record<string, unknown>, key: string, value: Bad): void {
  if (value === REMOVE) delete target[key];
  else target[key] = value;
}

/** Every single-field mutation of one message type. */
function mutationsOf(type: WebviewMessage['type']): Mutation[] {
  const out: Mutation[] = [];
  for (const [field, kind] of FIELDS[type]) {
    for (const bad of BAD[kind] ?? []) out.push((m) => set(m, field, bad));
    if (kind === 'request') {
      for (const sub of REQUEST_FIELDS) {
        for (const bad of BAD[sub] ?? []) {
          out.push((m) => {
            const request = m.request as Record<string, unknown>;
            set(request, sub, bad);
          });
        }
      }
      out.push((m) => void ((m.request as Record<string, unknown>).apiKey = 'k'));
    }
  }
  out.push((m) => void (m.unexpected = true));
  out.push((m) => void (m.authorization = 'Bearer x'));
  return out;
}

function clone(message: WebviewMessage): Record<string, unknown> {
  return structuredClone(message) as unknown as Record<string, unknown>;
}

/** The malformed messages: fixed garbage, one broken field at a time, then random combinations. */
function malformed(): unknown[] {
  const out: unknown[] = [
    null, undefined, 0, 1, -1, Number.NaN, '', 'ready', '{"type":"ready","protocol":1}', true, false, [], [{ type: 'ready', protocol: 1 }],
    new Date(0), new Map([['type', 'ready']]), Object.create({ type: 'cancel', requestId: 'x' }),
    {}, { type: null }, { type: 1 }, { type: {} }, { type: ['send'] }, { requestId: 'x' },
    JSON.parse('{"type":"cancel","requestId":"x","__proto__":{"polluted":true}}'),
    JSON.parse('{"type":"clearHistory","requestId":"x","constructor":{"prototype":{"polluted":true}}}'),
  ];
  for (const type of ['READY', 'Send', 'sendRequest', 'getSecret', 'storeKey', 'eval', '__proto__', 'toString', 'hasOwnProperty', 'reply', 'init', 'run', ' send', 'send ']) {
    out.push({ type, requestId: 'r-1' });
  }
  const samples = validSamples();
  for (const sample of samples) {
    for (const mutate of mutationsOf(sample.type)) {
      const m = clone(sample);
      mutate(m);
      out.push(m);
    }
  }
  // Random combinations of two or three broken fields on random messages.
  const random = rng(0x5eed);
  for (let i = 0; i < 700; i++) {
    const sample = samples[Math.floor(random() * samples.length)] as WebviewMessage;
    const mutations = mutationsOf(sample.type);
    const m = clone(sample);
    const count = 2 + Math.floor(random() * 2);
    for (let j = 0; j < count; j++) {
      const mutate = mutations[Math.floor(random() * mutations.length)] as Mutation;
      try {
        mutate(m);
      } catch {
        // a previous mutation removed the parent object: that message is broken enough
        m.request = 'gone';
      }
    }
    out.push(m);
  }
  // Random strings as types.
  for (let i = 0; i < 100; i++) out.push({ type: Math.random().toString(36).slice(2, 2 + (i % 12) + 1), requestId: `r${i}` });
  return out;
}

const KNOWN_ERROR_CODES = new Set(['malformed', 'unknown-type', 'invalid-field', 'not-ready', 'unsupported-version']);

class Recorder implements MessageHandlers {
  readonly calls: string[] = [];
  private note = (name: string) => (): void => void this.calls.push(name);
  ready = this.note('ready');
  send = this.note('send');
  cancel = this.note('cancel');
  pickFile = this.note('pickFile');
  export = this.note('export');
  importCurl = this.note('importCurl');
  saveRequest = this.note('saveRequest');
  openResult = this.note('openResult');
  saveResult = this.note('saveResult');
  loadHistory = this.note('loadHistory');
  clearHistory = this.note('clearHistory');
}

describe('protocol fuzz', () => {
  const messages = malformed();

  it('builds at least 1,000 distinct malformed messages', () => {
    const distinct = new Set(messages.map((m) => inspect(m, { depth: 6, maxStringLength: 80, maxArrayLength: 5, breakLength: Infinity })));
    assert.ok(messages.length >= 1000, `only ${messages.length} messages`);
    assert.ok(distinct.size >= 1000, `only ${distinct.size} distinct messages`);
  });

  it('rejects every one of them with a typed error', () => {
    for (const [i, raw] of messages.entries()) {
      const result = validateWebviewMessage(raw);
      assert.equal(result.ok, false, `message #${i} was accepted: ${inspect(raw, { depth: 4, maxStringLength: 60 })}`);
      if (!result.ok) {
        assert.ok(KNOWN_ERROR_CODES.has(result.code));
        assert.ok(result.message.length > 0 && result.message.length < 400, `message #${i}: unhelpful error text`);
      }
    }
  });

  it('lets none of them reach a handler: nothing is sent, nothing is written', async () => {
    const handlers = new Recorder();
    const posted: HostMessage[] = [];
    const router = new MessageRouter(handlers, (m) => posted.push(m));
    await router.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    assert.deepEqual(handlers.calls, ['ready']);
    for (const [i, raw] of messages.entries()) {
      posted.length = 0;
      await router.receive(raw);
      assert.equal(posted.length, 1, `message #${i}: expected exactly one answer`);
      assert.equal(posted[0]?.type, 'protocolError', `message #${i}: expected a protocol error`);
    }
    assert.deepEqual(handlers.calls, ['ready'], 'a malformed message reached a handler');
    assert.equal(({} as { polluted?: unknown }).polluted, undefined, 'Object.prototype was polluted');
    // The same router still serves a valid message afterwards.
    await router.receive({ type: 'clearHistory', requestId: 'after-fuzz' });
    assert.deepEqual(handlers.calls, ['ready', 'clearHistory']);
  });
});
