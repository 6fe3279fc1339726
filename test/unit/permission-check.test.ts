// The pre-send check for every permission level, admin keys, unknown routes, foreign servers and the
// two traps of the platform's Restricted form.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkPermission, routeNeeds } from '../../src/core/permissions/permission-check';
import { catalogue, key, restricted } from './permission-keys';

describe('checkPermission: levels', () => {
  it('All allows every project route', () => {
    for (const [m, p] of [['POST', '/v1/responses'], ['POST', '/v1/files'], ['GET', '/v1/models'], ['DELETE', '/v1/files/file-1']]) {
      const r = checkPermission(key({ level: 'all' }), m as string, p as string, catalogue);
      assert.equal(r.verdict, 'allowed', `${m} ${p}: ${r.reason}`);
    }
  });

  it('Read only allows reads and names what a write needs', () => {
    const ro = key({ level: 'read-only' });
    assert.equal(checkPermission(ro, 'GET', '/v1/files', catalogue).verdict, 'allowed');
    assert.equal(checkPermission(ro, 'GET', '/v1/models', catalogue).verdict, 'allowed');
    const write = checkPermission(ro, 'POST', '/v1/files', catalogue);
    assert.equal(write.verdict, 'denied');
    assert.equal(write.reason, "Key 'ci-bot' is Read only: POST /v1/files needs Files: Write.");
    assert.deepEqual(write.needs, { group: 'files', access: 'write' });
    assert.equal(checkPermission(ro, 'DELETE', '/v1/files/file-1', catalogue).verdict, 'denied');
  });

  it('Read only cannot call models', () => {
    const r = checkPermission(key({ level: 'read-only' }), 'POST', '/v1/chat/completions', catalogue);
    assert.equal(r.verdict, 'denied');
    assert.match(r.reason, /Read only keys cannot call models/);
    assert.deepEqual(r.needs, { group: 'model-capabilities', access: 'request' });
    const responses = checkPermission(key({ level: 'read-only' }), 'POST', '/v1/responses', catalogue);
    assert.equal(responses.verdict, 'denied');
    assert.deepEqual(responses.needs, { group: 'model-capabilities', access: 'request' });
  });

  it('Restricted checks each group, Write including Read', () => {
    const k = key(restricted({ files: 'read', 'vector-stores': 'write' }));
    assert.equal(checkPermission(k, 'GET', '/v1/files/file-1', catalogue).verdict, 'allowed');
    const upload = checkPermission(k, 'POST', '/v1/files', catalogue);
    assert.equal(upload.verdict, 'denied');
    assert.equal(upload.reason, "Key 'ci-bot' is Restricted: POST /v1/files needs Files: Write, but Files is Read.");
    assert.equal(checkPermission(k, 'GET', '/v1/vector_stores', catalogue).verdict, 'allowed');
    assert.equal(checkPermission(k, 'POST', '/v1/vector_stores', catalogue).verdict, 'allowed');
    assert.equal(checkPermission(k, 'GET', '/v1/models', catalogue).verdict, 'denied');
    assert.equal(checkPermission(key(restricted({ models: 'read' })), 'GET', '/v1/models', catalogue).verdict, 'allowed');
  });

  it('Restricted model calls need Model capabilities: Request', () => {
    const none = checkPermission(key(restricted({})), 'POST', '/v1/embeddings', catalogue);
    assert.equal(none.verdict, 'denied');
    assert.match(none.reason, /needs Model capabilities: Request, but Model capabilities is None/);
    assert.equal(checkPermission(key(restricted({ 'model-capabilities': 'request' })), 'POST', '/v1/embeddings', catalogue).verdict, 'allowed');
    // Stored chat completions have no Read setting: they need the parent's Request too.
    assert.equal(checkPermission(key(restricted({ 'model-capabilities': 'request' })), 'GET', '/v1/chat/completions', catalogue).verdict, 'allowed');
    assert.equal(checkPermission(key(restricted({})), 'GET', '/v1/chat/completions', catalogue).verdict, 'denied');
  });
});

describe('checkPermission: the two traps', () => {
  it('POST /v1/responses needs Responses: Write AND Model capabilities: Request', () => {
    const route = catalogue.find('POST', '/responses')?.route;
    assert.ok(route);
    assert.deepEqual(routeNeeds(route), [
      { group: 'responses', access: 'write' },
      { group: 'model-capabilities', access: 'request' },
    ]);
    const onlyResponses = checkPermission(key(restricted({ responses: 'write' })), 'POST', '/v1/responses', catalogue);
    assert.equal(onlyResponses.verdict, 'denied');
    assert.deepEqual(onlyResponses.needs, { group: 'model-capabilities', access: 'request' });
    assert.equal(
      onlyResponses.reason,
      "Key 'ci-bot' is Restricted: POST /v1/responses needs Responses API: Write and Model capabilities: Request, but Model capabilities is None.",
    );
    const onlyModels = checkPermission(key(restricted({ 'model-capabilities': 'request' })), 'POST', '/v1/responses', catalogue);
    assert.equal(onlyModels.verdict, 'denied');
    assert.deepEqual(onlyModels.needs, { group: 'responses', access: 'write' });
    const readOnlyResponses = checkPermission(key(restricted({ responses: 'read', 'model-capabilities': 'request' })), 'POST', '/v1/responses', catalogue);
    assert.equal(readOnlyResponses.verdict, 'denied');
    const both = checkPermission(key(restricted({ responses: 'write', 'model-capabilities': 'request' })), 'POST', '/v1/responses', catalogue);
    assert.equal(both.verdict, 'allowed', both.reason);
    // Reading a stored response needs only Responses: Read.
    assert.equal(checkPermission(key(restricted({ responses: 'read' })), 'GET', '/v1/responses/resp_1', catalogue).verdict, 'allowed');
  });

  it('sub-items under Model capabilities grant nothing while the parent is None', () => {
    const k = key(restricted({ responses: 'write' }, { 'chat-completions': 'request', responses: 'request' }));
    const chat = checkPermission(k, 'POST', '/v1/chat/completions', catalogue);
    assert.equal(chat.verdict, 'denied');
    assert.match(chat.reason, /Chat completions \(\/v1\/chat\/completions\) is enabled under Model capabilities, but sub-items grant nothing while Model capabilities itself is None: set it to Request\./);
    const responses = checkPermission(k, 'POST', '/v1/responses', catalogue);
    assert.equal(responses.verdict, 'denied');
    assert.match(responses.reason, /sub-items grant nothing/);
    const embeddings = checkPermission(k, 'POST', '/v1/embeddings', catalogue);
    assert.equal(embeddings.verdict, 'denied');
    assert.match(embeddings.reason, /Some sub-items are enabled under Model capabilities, but sub-items grant nothing/);
  });

  it('with the parent at Request, a sub-item set to None still refuses its routes', () => {
    const k = key(restricted({ 'model-capabilities': 'request' }, { images: 'none', embeddings: 'request' }));
    const images = checkPermission(k, 'POST', '/v1/images/generations', catalogue);
    assert.equal(images.verdict, 'denied');
    assert.match(images.reason, /sub-item Images \(\/v1\/images\) is None/);
    assert.equal(checkPermission(k, 'POST', '/v1/embeddings', catalogue).verdict, 'allowed');
    assert.equal(checkPermission(k, 'POST', '/v1/chat/completions', catalogue).verdict, 'allowed');
  });
});

describe('checkPermission: admin keys, unknown routes, other servers', () => {
  it('admin keys call only admin routes, and only admin keys call them', () => {
    const admin = key({ level: 'all' }, { kind: 'admin', name: 'org-admin' });
    const chat = checkPermission(admin, 'POST', '/v1/chat/completions', catalogue);
    assert.equal(chat.verdict, 'denied');
    assert.equal(chat.reason, 'Admin keys cannot call /v1/chat/completions; use a project key.');
    assert.equal(checkPermission(admin, 'GET', '/v1/organization/projects', catalogue).verdict, 'allowed');
    assert.equal(checkPermission(admin, 'GET', '/v1/fine_tuning/checkpoints/ft:x/permissions', catalogue).verdict, 'allowed');
    const project = checkPermission(key({ level: 'all' }), 'GET', '/v1/organization/projects', catalogue);
    assert.equal(project.verdict, 'denied');
    assert.equal(project.reason, 'Only admin keys can call /v1/organization/projects.');
    assert.equal(checkPermission(key({ level: 'all' }, { kind: 'legacy' }), 'GET', '/v1/organization/users', catalogue).verdict, 'denied');
  });

  it('a Read only admin key reads but does not manage', () => {
    const admin = key({ level: 'read-only' }, { kind: 'admin' });
    assert.equal(checkPermission(admin, 'GET', '/v1/organization/usage/completions', catalogue).verdict, 'allowed');
    const create = checkPermission(admin, 'POST', '/v1/organization/projects', catalogue);
    assert.equal(create.verdict, 'denied');
    assert.match(create.reason, /needs Management: Write/);
  });

  it('a restricted admin key is checked against its admin groups', () => {
    const admin = key(restricted({ usage: 'read' }), { kind: 'admin' });
    assert.equal(checkPermission(admin, 'GET', '/v1/organization/costs', catalogue).verdict, 'allowed');
    assert.equal(checkPermission(admin, 'GET', '/v1/organization/projects', catalogue).verdict, 'denied');
  });

  it('has no opinion on routes the catalogue does not know', () => {
    const r = checkPermission(key({ level: 'read-only' }), 'POST', '/v1/my/custom', catalogue);
    assert.equal(r.verdict, 'unknown');
    assert.equal(r.reason, 'POST /v1/my/custom is not an official OpenAI route, so its permissions are unknown.');
  });

  it('has no opinion for keys of other servers', () => {
    for (const baseUrl of ['http://127.0.0.1:4010/v1', 'https://example.com/v1', 'http://api.openai.com/v1']) {
      const r = checkPermission(key({ level: 'read-only' }, { baseUrl }), 'POST', '/v1/files', catalogue);
      assert.equal(r.verdict, 'unknown');
      assert.match(r.reason, /^No opinion: key 'ci-bot' is for .* not OpenAI's API/);
    }
  });

  it('adds a note on shut-down APIs without changing the verdict', () => {
    const r = checkPermission(key({ level: 'all' }), 'GET', '/v1/assistants', catalogue);
    assert.equal(r.verdict, 'allowed');
    assert.equal(r.note, 'The Assistants API was shut down on 2026-08-26.');
  });

  it('tolerates paths without /v1, with a query or a trailing slash', () => {
    const ro = key({ level: 'read-only' });
    assert.equal(checkPermission(ro, 'post', 'files/', catalogue).reason, "Key 'ci-bot' is Read only: POST /v1/files needs Files: Write.");
    assert.equal(checkPermission(ro, 'GET', '/files?limit=1', catalogue).verdict, 'allowed');
  });
});
