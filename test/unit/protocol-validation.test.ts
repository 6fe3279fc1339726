import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROTOCOL_VERSION, type HostMessage } from '../../src/protocol/protocol';
import { checkBuilderRequest, validateWebviewMessage } from '../../src/protocol/protocol-validation';
import { MessageHandlers, MessageRouter } from '../../src/builder/message-router';
import { SAMPLE_REQUEST, validSamples } from './protocol-samples';

describe('protocol validation', () => {
  it('accepts every valid message unchanged', () => {
    for (const sample of validSamples()) {
      const result = validateWebviewMessage(JSON.parse(JSON.stringify(sample)));
      assert.ok(result.ok, `${sample.type} was rejected: ${result.ok ? '' : result.message}`);
      assert.deepEqual(result.message, sample);
    }
  });

  it('names the code and the field at fault, and echoes a usable requestId', () => {
    const bad = validateWebviewMessage({ type: 'send', requestId: 'run-9', keyId: 'k', request: { ...SAMPLE_REQUEST, method: 'TRACE' }, override: false });
    assert.equal(bad.ok, false);
    if (bad.ok) return;
    assert.equal(bad.code, 'invalid-field');
    assert.equal(bad.requestId, 'run-9');
    assert.match(bad.message, /request\.method must be one of GET, POST, PUT, PATCH, DELETE/);

    const unknown = validateWebviewMessage({ type: 'deleteAllKeys', requestId: 'x' });
    assert.deepEqual(unknown, { ok: false, code: 'unknown-type', message: "Unknown message type 'deleteAllKeys'.", requestId: 'x' });
    assert.equal((validateWebviewMessage('ready') as { code: string }).code, 'malformed');
    assert.equal((validateWebviewMessage({ requestId: 'x' }) as { code: string }).code, 'malformed');
  });

  it('refuses unknown properties, reserved names and control characters', () => {
    const extra = validateWebviewMessage({ type: 'cancel', requestId: 'a', apiKey: 'sk-x' });
    assert.equal(extra.ok, false);
    assert.match(extra.ok ? '' : extra.message, /unknown property 'apiKey'/);
    assert.throws(() => checkBuilderRequest({ ...SAMPLE_REQUEST, pathParams: JSON.parse('{"__proto__": "x"}') }), /reserved name/);
    assert.throws(() => checkBuilderRequest({ ...SAMPLE_REQUEST, path: '/models\r\nHost: evil' }), /control characters/);
    assert.throws(() => checkBuilderRequest({ ...SAMPLE_REQUEST, headers: [{ name: 'X', value: 'v', secret: 'y' }] }), /unknown property 'secret'/);
  });

  it('enforces limits on sizes', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ name: `h${i}`, value: '' }));
    assert.throws(() => checkBuilderRequest({ ...SAMPLE_REQUEST, headers: many }), /more than 100 entries/);
    assert.throws(() => checkBuilderRequest({ ...SAMPLE_REQUEST, path: '/' + 'a'.repeat(2048) }), /longer than 2048/);
    assert.equal(validateWebviewMessage({ type: 'cancel', requestId: 'x'.repeat(65) }).ok, false);
  });
});

class Spy implements MessageHandlers {
  readonly calls: string[] = [];
  ready = (): void => void this.calls.push('ready');
  send = (): void => void this.calls.push('send');
  cancel = (): void => void this.calls.push('cancel');
  pickFile = (): void => void this.calls.push('pickFile');
  export = (): void => void this.calls.push('export');
  importCurl = (): void => void this.calls.push('importCurl');
  saveRequest = (): void => void this.calls.push('saveRequest');
  openResult = (): void => void this.calls.push('openResult');
  saveResult = (): void => void this.calls.push('saveResult');
  loadHistory = (): void => void this.calls.push('loadHistory');
  clearHistory = (): void => void this.calls.push('clearHistory');
}

describe('message router', () => {
  it('dispatches each valid message to its own handler after the ready handshake', async () => {
    const spy = new Spy();
    const posted: HostMessage[] = [];
    const router = new MessageRouter(spy, (m) => posted.push(m));
    for (const sample of validSamples()) await router.receive(sample);
    assert.deepEqual(spy.calls, validSamples().map((s) => s.type));
    assert.deepEqual(posted, []);
  });

  it('answers messages before ready with not-ready and runs nothing', async () => {
    const spy = new Spy();
    const posted: HostMessage[] = [];
    const router = new MessageRouter(spy, (m) => posted.push(m));
    await router.receive(validSamples()[1]);
    assert.deepEqual(spy.calls, []);
    assert.deepEqual(posted, [{ type: 'protocolError', code: 'not-ready', message: 'The page must send ready first.', requestId: 'run-1' }]);
  });

  it('refuses another protocol version, and a reset page must say ready again', async () => {
    const spy = new Spy();
    const posted: HostMessage[] = [];
    const router = new MessageRouter(spy, (m) => posted.push(m));
    await router.receive({ type: 'ready', protocol: PROTOCOL_VERSION + 1 });
    assert.equal(posted[0]?.type === 'protocolError' && posted[0].code, 'unsupported-version');
    await router.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    assert.ok(router.isReady);
    router.reset();
    await router.receive({ type: 'clearHistory', requestId: 'c' });
    assert.deepEqual(spy.calls, ['ready']);
  });

  it('turns a handler failure into a failed reply for that request', async () => {
    const spy = new Spy();
    spy.export = () => {
      throw new Error('Clipboard unavailable.');
    };
    const posted: HostMessage[] = [];
    const router = new MessageRouter(spy, (m) => posted.push(m));
    await router.receive({ type: 'ready', protocol: PROTOCOL_VERSION });
    await router.receive(validSamples()[4]);
    assert.deepEqual(posted, [{ type: 'reply', requestId: 'r-3', ok: false, message: 'Clipboard unavailable.' }]);
  });
});
