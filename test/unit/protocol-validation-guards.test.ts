// Webview message validation at its edges: each limit accepted at its value and refused one above,
// every control character class, plain objects only, and the exact words of every refusal (the fuzz
// test checks that bad messages are refused; this one checks that each is refused for its reason).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LIMITS, type WebviewMessage } from '../../src/protocol/protocol';
import { checkBuilderRequest, validateWebviewMessage } from '../../src/protocol/protocol-validation';
import { SAMPLE_REQUEST } from './protocol-samples';

const REQUEST = JSON.parse(JSON.stringify(SAMPLE_REQUEST)) as Record<string, unknown>;
const send = (request: unknown): unknown => ({ type: 'send', requestId: 'r1', keyId: 'k', request, override: false });

function refusal(raw: unknown): string {
  const v = validateWebviewMessage(raw);
  assert.equal(v.ok, false, JSON.stringify(raw)?.slice(0, 200));
  return v.ok ? '' : v.message;
}
function accepted(raw: unknown): WebviewMessage {
  const v = validateWebviewMessage(raw);
  assert.ok(v.ok, v.ok ? '' : v.message);
  return v.message;
}

describe('protocol validation: exact reasons', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', [], 'A message must be an object with a type.'],
    ['a type that is no string', { type: 5, requestId: 'abc' }, 'A message must have a string type.'],
    ['an object field that is a list', send([]), 'Invalid send message: request must be an object.'],
    ['an unknown property', { type: 'cancel', requestId: 'a', extra: 1 }, "Invalid cancel message: message has an unknown property 'extra'."],
    ['a missing field', { type: 'cancel' }, 'Invalid cancel message: message.requestId is missing.'],
    ['a number for a string', { type: 'cancel', requestId: 5 }, 'Invalid cancel message: requestId must be a string.'],
    ['an empty id', { type: 'cancel', requestId: '' }, 'Invalid cancel message: requestId must not be empty.'],
    ['a bad character', { type: 'cancel', requestId: 'a b' }, 'Invalid cancel message: requestId has characters that are not allowed.'],
    ['a long id', { type: 'cancel', requestId: 'x'.repeat(65) }, 'Invalid cancel message: requestId is longer than 64 characters.'],
    ['a control character', send({ ...REQUEST, path: '/a\u0007' }), 'Invalid send message: request.path must not contain control characters.'],
    ['a reserved name', { type: 'pickFile', requestId: 'a', field: 'constructor' }, 'Invalid pickFile message: field is a reserved name.'],
    ['a word for a boolean', { type: 'send', requestId: 'a', keyId: 'k', request: REQUEST, override: 'no' }, 'Invalid send message: override must be true or false.'],
    ['an unknown choice', { type: 'export', requestId: 'a', format: 'php', request: REQUEST }, 'Invalid export message: format must be one of curl, node, python.'],
    ['a number for a choice', send({ ...REQUEST, bodyKind: 1 }), 'Invalid send message: request.bodyKind must be one of none, json, multipart.'],
    ['an object for a list', send({ ...REQUEST, query: {} }), 'Invalid send message: request.query must be a list.'],
    ['a long list', send({ ...REQUEST, form: Array.from({ length: 51 }, () => ({ kind: 'field', name: 'a', value: '' })) }), 'Invalid send message: request.form has more than 50 entries.'],
    ['a bad list item', send({ ...REQUEST, headers: [{ name: 'ok', value: 'v' }, { name: 'x', value: 1 }] }), 'Invalid send message: request.headers[1].value must be a string.'],
    ['a bad record', send({ ...REQUEST, pathParams: ['x'] }), 'Invalid send message: request.pathParams must be an object.'],
    ['a long record', send({ ...REQUEST, pathParams: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, 'v'])) }), 'Invalid send message: request.pathParams has more than 100 entries.'],
    ['a bad record key', send({ ...REQUEST, pathParams: { 'a\nb': 'v' } }), 'Invalid send message: request.pathParams key must not contain control characters.'],
    ['a bad record value', send({ ...REQUEST, pathParams: { id: 5 } }), 'Invalid send message: request.pathParams.id must be a string.'],
    ['an unknown form kind', send({ ...REQUEST, form: [{ kind: 'blob', name: 'a' }] }), 'Invalid send message: request.form[0].kind must be field or file.'],
    ['a form part that is no object', send({ ...REQUEST, form: ['x'] }), 'Invalid send message: request.form[0].kind must be field or file.'],
    ['a bad file size', send({ ...REQUEST, form: [{ kind: 'file', name: 'f', file: { fileId: 'a', filename: 'b', size: 1.5 } }] }), 'Invalid send message: request.form[0].file.size must be a whole number of bytes.'],
    ['a negative file size', send({ ...REQUEST, form: [{ kind: 'file', name: 'f', file: { fileId: 'a', filename: 'b', size: -1 } }] }), 'Invalid send message: request.form[0].file.size must be a whole number of bytes.'],
    ['a file size as text', send({ ...REQUEST, form: [{ kind: 'file', name: 'f', file: { fileId: 'a', filename: 'b', size: '1' } }] }), 'Invalid send message: request.form[0].file.size must be a whole number of bytes.'],
    ['a bad file id', send({ ...REQUEST, form: [{ kind: 'file', name: 'f', file: { fileId: 'a b', filename: 'b', size: 1 } }] }), 'Invalid send message: request.form[0].file.fileId has characters that are not allowed.'],
    ['a file name with a newline', send({ ...REQUEST, form: [{ kind: 'file', name: 'f', file: { fileId: 'a', filename: 'b\n', size: 1 } }] }), 'Invalid send message: request.form[0].file.filename must not contain control characters.'],
    ['a file part with a path', send({ ...REQUEST, form: [{ kind: 'file', name: 'f', path: '/etc/passwd' }] }), "Invalid send message: request.form[0] has an unknown property 'path'."],
    ['a bad operation id', send({ ...REQUEST, operationId: '' }), 'Invalid send message: request.operationId must not be empty.'],
    ['a protocol that is no whole number', { type: 'ready', protocol: 1.5 }, 'Invalid ready message: protocol must be a whole number.'],
    ['a protocol as text', { type: 'ready', protocol: '1' }, 'Invalid ready message: protocol must be a whole number.'],
    ['an empty save name', { type: 'saveRequest', requestId: 'a', request: REQUEST, name: '' }, 'Invalid saveRequest message: name must not be empty.'],
    ['a bad run id', { type: 'openResult', requestId: 'a', runId: 'a.b' }, 'Invalid openResult message: runId has characters that are not allowed.'],
    ['a bad entry id', { type: 'loadHistory', requestId: 'a', entryId: 'a b' }, 'Invalid loadHistory message: entryId has characters that are not allowed.'],
    ['a bad optional key id', { type: 'export', requestId: 'a', format: 'curl', request: REQUEST, keyId: '' }, 'Invalid export message: keyId must not be empty.'],
    ['curl text too long', { type: 'importCurl', requestId: 'a', text: 'x'.repeat(LIMITS.curlText + 1) }, `Invalid importCurl message: text is longer than ${LIMITS.curlText} characters.`],
  ];
  for (const [what, raw, message] of cases) {
    it(`refuses ${what}`, () => assert.equal(refusal(raw), message));
  }

  it('quotes at most 40 characters of an unknown name', () => {
    assert.equal(refusal({ type: 'x'.repeat(50) }), `Unknown message type '${'x'.repeat(40)}'.`);
    assert.equal(refusal({ type: 'cancel', requestId: 'a', [`k${'y'.repeat(50)}`]: 1 }), `Invalid cancel message: message has an unknown property 'k${'y'.repeat(39)}'.`);
  });

  it('a failure that is not a field error still gets a typed refusal', () => {
    const hostile = new Proxy({ type: 'ready', protocol: 1 }, {
      get: (target, property) => {
        if (property === 'protocol') throw new Error('boom');
        return Reflect.get(target, property);
      },
    });
    const v = validateWebviewMessage(hostile);
    assert.deepEqual(v.ok ? 'ok' : [v.code, v.message], ['invalid-field', 'Invalid ready message.']);
  });
});

describe('protocol validation: limits and echoes', () => {
  it('accepts each limit at its value and refuses one more', () => {
    const limits: [string, (n: number) => unknown, number][] = [
      ['requestId', (n) => ({ type: 'cancel', requestId: 'r'.repeat(n) }), LIMITS.requestId],
      ['keyId', (n) => ({ type: 'send', requestId: 'a', keyId: 'k'.repeat(n), request: REQUEST, override: true }), LIMITS.id],
      ['path', (n) => send({ ...REQUEST, path: '/'.repeat(n) }), LIMITS.path],
      ['name', (n) => ({ type: 'pickFile', requestId: 'a', field: 'f'.repeat(n) }), LIMITS.name],
      ['value', (n) => send({ ...REQUEST, headers: [{ name: 'a', value: 'v'.repeat(n) }] }), LIMITS.value],
      ['form field value', (n) => send({ ...REQUEST, form: [{ kind: 'field', name: 'a', value: 'v'.repeat(n) }] }), LIMITS.value * 8],
      ['rows', (n) => send({ ...REQUEST, query: Array.from({ length: n }, () => ({ name: 'a', value: '' })) }), LIMITS.rows],
      ['record rows', (n) => send({ ...REQUEST, pathParams: Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, ''])) }), LIMITS.rows],
      ['form parts', (n) => send({ ...REQUEST, form: Array.from({ length: n }, () => ({ kind: 'field', name: 'a', value: '' })) }), LIMITS.formParts],
    ];
    for (const [what, make, max] of limits) {
      assert.equal(validateWebviewMessage(make(max)).ok, true, `${what} at ${max}`);
      assert.equal(validateWebviewMessage(make(max + 1)).ok, false, `${what} above ${max}`);
    }
  });

  it('lets tabs through single-line text, and refuses every other C0 control and DEL', () => {
    assert.equal(checkBuilderRequest({ ...REQUEST, path: '/a\tb' }).path, '/a\tb');
    for (const c of ['\u0000', '\u0008', '\n', '\u000b', '\r', '\u001f', '\u007f']) {
      assert.throws(() => checkBuilderRequest({ ...REQUEST, path: `/a${c}b` }), /request\.path must not contain control characters/, JSON.stringify(c));
    }
    // Values may span lines (a header value is checked by the HTTP layer, a body is free text).
    assert.equal(checkBuilderRequest({ ...REQUEST, body: 'a\nb\u0000' }).body, 'a\nb\u0000');
  });

  it('echoes the requestId of a refused message only when it is itself valid', () => {
    const withId = (requestId: unknown): unknown => {
      const v = validateWebviewMessage({ type: 'cancel', requestId, extra: 1 });
      return v.ok ? 'ok' : v.requestId;
    };
    assert.equal(withId('run-1'), 'run-1');
    assert.equal(withId('r'.repeat(64)), 'r'.repeat(64));
    assert.equal(withId('r'.repeat(65)), undefined);
    assert.equal(withId('a b'), undefined);
    assert.equal(withId(7), undefined);
    const unknown = validateWebviewMessage({ type: 'nope', requestId: 'ok-1' });
    assert.deepEqual(unknown, { ok: false, code: 'unknown-type', message: "Unknown message type 'nope'.", requestId: 'ok-1' });
    const noType = validateWebviewMessage({ requestId: 'ok-2' });
    assert.deepEqual(noType, { ok: false, code: 'malformed', message: 'A message must have a string type.', requestId: 'ok-2' });
    assert.deepEqual(validateWebviewMessage({ type: 'nope' }), { ok: false, code: 'unknown-type', message: "Unknown message type 'nope'." });
  });

  it('takes plain and null-prototype objects only', () => {
    const bare = Object.assign(Object.create(null) as object, { type: 'cancel', requestId: 'a' });
    assert.deepEqual(accepted(bare), { type: 'cancel', requestId: 'a' });
    class Message { type = 'cancel'; requestId = 'a'; }
    assert.equal(validateWebviewMessage(new Message()).ok, false);
    assert.equal(validateWebviewMessage(null).ok, false);
    assert.equal(validateWebviewMessage('cancel').ok, false);
    assert.equal(refusal(send(new Date())), 'Invalid send message: request must be an object.');
  });

  it('returns only the fields it checked, dropping optional ones that are absent', () => {
    const minimal = { ...REQUEST };
    delete minimal.operationId;
    const checked = checkBuilderRequest(minimal);
    assert.equal('operationId' in checked, false);
    assert.deepEqual(accepted({ type: 'importCurl', requestId: 'a' }), { type: 'importCurl', requestId: 'a' });
    assert.deepEqual(accepted({ type: 'importCurl', requestId: 'a', text: '' }), { type: 'importCurl', requestId: 'a', text: '' });
    assert.deepEqual(accepted({ type: 'saveRequest', requestId: 'a', request: REQUEST }), { type: 'saveRequest', requestId: 'a', request: SAMPLE_REQUEST });
    assert.deepEqual(accepted({ type: 'export', requestId: 'a', format: 'node', request: REQUEST }), { type: 'export', requestId: 'a', format: 'node', request: SAMPLE_REQUEST });
    assert.deepEqual(accepted({ type: 'clearHistory', requestId: 'a' }), { type: 'clearHistory', requestId: 'a' });
    const file = checkBuilderRequest({ ...REQUEST, form: [{ kind: 'file', name: 'f' }] }).form;
    assert.deepEqual(file, [{ kind: 'file', name: 'f' }]);
    assert.deepEqual(checkBuilderRequest({ ...REQUEST, form: [{ kind: 'file', name: 'f', file: { fileId: 'a', filename: 'b', size: 0 } }] }).form, [{ kind: 'file', name: 'f', file: { fileId: 'a', filename: 'b', size: 0 } }]);
    const params = checkBuilderRequest({ ...REQUEST, pathParams: { a: '1', b: '2' } }).pathParams;
    assert.deepEqual(params, { a: '1', b: '2' });
    assert.equal(Object.getPrototypeOf(params), Object.prototype);
  });

  it('names the field of a refused saved request file', () => {
    assert.throws(() => checkBuilderRequest({ ...REQUEST, method: 'get' }, 'saved'), { message: 'saved.method must be one of GET, POST, PUT, PATCH, DELETE' });
    assert.throws(() => checkBuilderRequest({ ...REQUEST, stream: undefined }), { message: 'request.stream is missing' });
  });
});

describe('protocol validation: every field named in its refusal', () => {
  it('names each missing field of each message type', () => {
    const required: [Record<string, unknown>, string[]][] = [
      [{ type: 'ready', protocol: 1 }, ['protocol']],
      [{ type: 'send', requestId: 'a', keyId: 'k', request: REQUEST, override: false }, ['requestId', 'keyId', 'request', 'override']],
      [{ type: 'cancel', requestId: 'a' }, ['requestId']],
      [{ type: 'clearHistory', requestId: 'a' }, ['requestId']],
      [{ type: 'pickFile', requestId: 'a', field: 'f' }, ['requestId', 'field']],
      [{ type: 'export', requestId: 'a', format: 'curl', request: REQUEST }, ['requestId', 'format', 'request']],
      [{ type: 'importCurl', requestId: 'a' }, ['requestId']],
      [{ type: 'saveRequest', requestId: 'a', request: REQUEST }, ['requestId', 'request']],
      [{ type: 'openResult', requestId: 'a', runId: 'r' }, ['requestId', 'runId']],
      [{ type: 'saveResult', requestId: 'a', runId: 'r' }, ['requestId', 'runId']],
      [{ type: 'loadHistory', requestId: 'a', entryId: 'e' }, ['requestId', 'entryId']],
    ];
    for (const [message, fields] of required) {
      accepted(message);
      for (const f of fields) {
        const broken = { ...message };
        delete broken[f];
        assert.equal(refusal(broken), `Invalid ${String(message.type)} message: message.${f} is missing.`);
      }
    }
  });

  it('names the nested field at fault', () => {
    const file = (f: Record<string, unknown>): unknown => send({ ...REQUEST, form: [{ kind: 'file', name: 'f', file: { fileId: 'a', filename: 'b', size: 1, ...f } }] });
    const cases: [unknown, string][] = [
      [send({ ...REQUEST, headers: [{ value: 'v' }] }), 'request.headers[0].name is missing'],
      [send({ ...REQUEST, headers: [{ name: 'a\nb', value: 'v' }] }), 'request.headers[0].name must not contain control characters'],
      [send({ ...REQUEST, query: [{ name: 'a' }] }), 'request.query[0].value is missing'],
      [send({ ...REQUEST, form: [{ kind: 'field', name: 'a' }] }), 'request.form[0].value is missing'],
      [send({ ...REQUEST, form: [{ kind: 'field', value: 'v' }] }), 'request.form[0].name is missing'],
      [send({ ...REQUEST, form: [{ kind: 'field', name: 'a\nb', value: 'v' }] }), 'request.form[0].name must not contain control characters'],
      [send({ ...REQUEST, form: [{ kind: 'field', name: 'a', value: 1 }] }), 'request.form[0].value must be a string'],
      [send({ ...REQUEST, form: [{ kind: 'file' }] }), 'request.form[0].name is missing'],
      [send({ ...REQUEST, form: [{ kind: 'file', name: 'prototype' }] }), 'request.form[0].name is a reserved name'],
      [send({ ...REQUEST, form: [{ kind: 'file', name: 'f', file: 'x' }] }), 'request.form[0].file must be an object'],
      [file({ size: undefined }), 'request.form[0].file.size is missing'],
      [file({ fileId: undefined }), 'request.form[0].file.fileId is missing'],
      [file({ filename: undefined }), 'request.form[0].file.filename is missing'],
      [file({ fileId: '' }), 'request.form[0].file.fileId must not be empty'],
      [send({ ...REQUEST, body: 1 }), 'request.body must be a string'],
      [send({ ...REQUEST, stream: 'yes' }), 'request.stream must be true or false'],
      [send({ ...REQUEST, pathParams: { ['k'.repeat(50)]: 1 } }), `request.pathParams.${'k'.repeat(40)} must be a string`],
      [{ type: 'send', requestId: 'a', keyId: '', request: REQUEST, override: false }, 'keyId must not be empty'],
      [{ type: 'saveRequest', requestId: 'a', request: REQUEST, name: 'a\nb' }, 'name must not contain control characters'],
      [{ type: 'saveRequest', requestId: 'a', request: REQUEST, keyId: 'a b' }, 'keyId has characters that are not allowed'],
      [{ type: 'openResult', requestId: 'a', runId: '' }, 'runId must not be empty'],
    ];
    for (const [raw, reason] of cases) assert.equal(refusal(raw).replace(/^Invalid \w+ message: /, ''), `${reason}.`);
  });
});
