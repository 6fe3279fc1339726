// The request builder's pure parts: pre-fill from routes and templates, the stream switch, what
// blocks Send, the route filter, conversion to the core request, saved request files, history
// mapping, curl conversion and the result view.
import * as assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { loadRouteCatalogue, type RouteCatalogue } from '../../src/core/catalogue/route-catalogue';
import type { ExecutionResult } from '../../src/core/execution/execute';
import { describeBody } from '../../src/core/execution/result-model';
import { parseCurl } from '../../src/core/requests/export/curl-import';
import { addToHistory, parseHistory } from '../../src/core/requests/history';
import { emptyRequest, type BuilderRequest } from '../../src/protocol/protocol';
import { toRequestModel } from '../../src/builder/builder-request';
import { fromCurlRequest, matchRoute, toExportRequest } from '../../src/builder/curl-tools';
import { historyEntryFor, historySummary, requestFromHistory } from '../../src/builder/history-mapping';
import { keySummary } from '../../src/builder/key-summary';
import { toResultView } from '../../src/builder/result-view-model';
import { fileNameFor, parseSaved, serializeSaved } from '../../src/builder/saved-request-format';
import { groupByTag, searchRoutes } from '../../src/core/catalogue/route-search';
import { problems, requestForRoute, requestForTemplate, setStream, syncStream, withPath } from '../../src/webview/request-edit';
import { TEMPLATES, templateById } from '../../src/webview/templates';
import { makeKey } from './test-keys';

let catalogue: RouteCatalogue;
before(async () => {
  catalogue = await loadRouteCatalogue();
});

const route = (id: string) => {
  const found = catalogue.byOperationId(id);
  assert.ok(found, `no route ${id}`);
  return found;
};

describe('pre-fill', () => {
  it('fills a JSON route with its example and empty parameter fields', () => {
    const r = requestForRoute(route('createResponse'));
    assert.equal(r.method, 'POST');
    assert.equal(r.path, '/responses');
    assert.equal(r.bodyKind, 'json');
    assert.deepEqual(JSON.parse(r.body), { model: 'gpt-4.1-mini', input: 'Say hello.' });
    const get = requestForRoute(route('getResponse'));
    assert.deepEqual(get.pathParams, { response_id: '' });
    assert.ok(get.query.some((q) => q.name === 'include' || q.name === 'include[]'));
    assert.equal(get.bodyKind, 'none');
  });

  it('carries a fixed query of the route and a multipart body with its file fields', () => {
    assert.deepEqual(requestForRoute(route('beta_createResponse')).query.at(-1), { name: 'beta', value: 'true' });
    const upload = requestForRoute(route('createFile'));
    assert.equal(upload.bodyKind, 'multipart');
    assert.deepEqual(upload.form, [{ kind: 'file', name: 'file' }, { kind: 'field', name: 'purpose', value: 'assistants' }]);
  });

  it('has templates for the common routes, each on its route', () => {
    const ids = TEMPLATES.map((t) => t.operationId);
    for (const needed of ['createResponse', 'createChatCompletion', 'createEmbedding', 'createImage', 'createSpeech', 'createModeration', 'listModels', 'listFiles', 'createFile']) {
      assert.ok(ids.includes(needed), `no template for ${needed}`);
    }
    for (const t of TEMPLATES) assert.equal(`${route(t.operationId).method} ${route(t.operationId).path}`, `${t.method} ${t.path}`);
    const streamed = requestForTemplate(templateById('responses-stream')!, route('createResponse'));
    assert.equal(streamed.stream, true);
    assert.equal(JSON.parse(streamed.body).stream, true);
  });
});

describe('editing', () => {
  it('switches streaming on and off in the JSON body, and follows "stream" typed by hand', () => {
    const base = requestForRoute(route('createChatCompletion'));
    const on = setStream(base, true);
    assert.equal(on.error, undefined);
    assert.equal(JSON.parse(on.request.body).stream, true);
    assert.equal(on.request.stream, true);
    const off = setStream(on.request, false);
    assert.equal(JSON.parse(off.request.body).stream, undefined);
    assert.match(setStream({ ...base, body: '{"model":' }, true).error ?? '', /Fix the body first: Invalid JSON at line 1/);
    assert.equal(syncStream({ ...base, body: '{"stream": true}' }).stream, true);
    assert.equal(syncStream({ ...base, body: '{"stream": tru' , stream: true }).stream, true, 'invalid JSON keeps the last known flag');
  });

  it('keeps path parameters in step with a hand-typed path and drops the route when the path changes', () => {
    const r = requestForRoute(route('getResponse'));
    const typed = withPath({ ...r, pathParams: { response_id: 'resp_1' } }, '/responses/{response_id}/input_items/{item}', route('getResponse'));
    assert.deepEqual(typed.pathParams, { response_id: 'resp_1', item: '' });
    assert.equal(typed.operationId, undefined);
    assert.equal(withPath(r, '/responses/{response_id}', route('getResponse')).operationId, 'getResponse');
  });

  it('blocks Send on invalid JSON with its position, missing path parameters and credential headers', () => {
    const r = requestForRoute(route('createResponse'));
    assert.deepEqual(problems(r, route('createResponse')), []);
    const bad = problems({ ...r, body: '{\n  "model": "x",\n}' }, undefined);
    assert.equal(bad.length, 1);
    assert.equal(bad[0]!.where, 'body');
    assert.match(bad[0]!.message, /^Invalid JSON at line 3, column 1: trailing comma/);
    assert.equal(bad[0]!.offset, 18);
    assert.match(problems(requestForRoute(route('getResponse')), route('getResponse'))[0]!.message, /\{response_id\} is required/);
    assert.match(problems({ ...r, headers: [{ name: 'authorization', value: 'Bearer x' }] }, undefined)[0]!.message, /authorization header is not allowed/);
    assert.match(problems(emptyRequest(), undefined)[0]!.message, /Pick a route/);
    assert.match(problems(requestForRoute(route('createFile')), route('createFile'))[0]!.message, /Choose a file for "file"/);
  });

  it('filters routes by words over method, path, summary and group, hiding admin routes from other keys', () => {
    const all = catalogue.routes;
    const found = [...groupByTag(searchRoutes(all, 'post responses', { admin: false, order: 'catalogue' })).values()].flat();
    assert.ok(found.some((r) => r.operationId === 'createResponse'));
    assert.ok(found.every((r) => r.method === 'POST' || /post/i.test(r.summary)));
    assert.equal([...groupByTag(searchRoutes(all, 'organization', { admin: false, order: 'catalogue' })).values()].flat().length, 0);
    const admin = [...groupByTag(searchRoutes(all, '', { admin: true, order: 'catalogue' })).values()].flat();
    assert.ok(admin.length > 0 && admin.every((r) => r.adminOnly));
    const groups = [...groupByTag(searchRoutes(all, '', { admin: false, order: 'catalogue' })).keys()];
    assert.ok(groups.includes('Responses') && groups.includes('Files'), 'routes are not grouped by resource');
  });
});

describe('host conversions', () => {
  it('turns the builder request into the core model, reading picked files and merging repeated query names', async () => {
    const request: BuilderRequest = {
      ...emptyRequest(), method: 'POST', path: '/files', bodyKind: 'multipart',
      query: [{ name: 'include[]', value: 'a' }, { name: 'include[]', value: 'b' }, { name: 'empty', value: '' }],
      form: [{ kind: 'field', name: 'purpose', value: 'user_data' }, { kind: 'file', name: 'file', file: { fileId: 'f1', filename: 'a.jsonl', size: 2 } }, { kind: 'file', name: 'mask' }],
    };
    const model = await toRequestModel(request, (id) => (id === 'f1' ? { filename: 'a.jsonl', read: async () => new Uint8Array([123, 125]) } : undefined));
    assert.deepEqual(model.query, { 'include[]': ['a', 'b'] });
    assert.equal(model.body.kind, 'multipart');
    assert.deepEqual(model.body.kind === 'multipart' && model.body.parts.map((p) => p.kind === 'file' ? [p.name, p.filename, [...p.data]] : [p.name, p.value]), [['purpose', 'user_data'], ['file', 'a.jsonl', [123, 125]]]);
    await assert.rejects(toRequestModel(request, () => undefined), /choose it again/);
  });

  it('writes saved requests without secrets, reads them back, and refuses a file that carries a key', () => {
    const request = requestForRoute(route('createResponse'));
    const text = serializeSaved({ name: 'Say hello', keyName: 'ci-bot', request, filePaths: {} });
    assert.match(text, /"key": "ci-bot"/);
    assert.deepEqual(JSON.parse(text).request.body, { model: 'gpt-4.1-mini', input: 'Say hello.' });
    const back = parseSaved(text, 'fallback');
    assert.equal(back.name, 'Say hello');
    assert.equal(back.keyName, 'ci-bot');
    assert.deepEqual(JSON.parse(back.request.body), JSON.parse(request.body));
    assert.equal(back.request.operationId, 'createResponse');
    const key = makeKey.project();
    assert.throws(() => serializeSaved({ name: 'x', request: { ...request, body: JSON.stringify({ input: key }) }, filePaths: {} }), /looks like an API key/);
    assert.throws(() => parseSaved(text.replace('Say hello.', key), 'x'), /looks like an API key/);
    assert.throws(() => parseSaved('{"version": 2}', 'x'), /Not a saved request/);
    assert.equal(fileNameFor('Say hello / v2!'), 'say-hello-v2.json');
  });

  it('keeps history through the core model: concrete path, no credentials, and back to the route', async () => {
    const key = makeKey.project();
    const request: BuilderRequest = { ...requestForRoute(route('getResponse')), pathParams: { response_id: 'resp_9' }, headers: [{ name: 'X-Trace', value: key }] };
    const entry = historyEntryFor(request, { id: 'h1', at: '2026-01-01T00:00:00Z', outcome: 'refused', keyId: 'k', keyName: 'app', status: 200, durationMs: 12.4 });
    assert.equal(entry.path, '/responses/resp_9');
    assert.equal(entry.outcome, 'failed');
    const stored = parseHistory(addToHistory([], entry, 10, [key]));
    assert.ok(!JSON.stringify(stored).includes(key), 'history kept the key');
    assert.deepEqual(historySummary(stored[0]!), { id: 'h1', at: '2026-01-01T00:00:00Z', method: 'GET', path: '/responses/resp_9', outcome: 'failed', keyName: 'app', status: 200, durationMs: 12 });
    const back = await matchRoute(requestFromHistory(stored[0]!));
    assert.equal(back.operationId, 'getResponse');
    assert.equal(back.path, '/responses/{response_id}');
    assert.deepEqual(back.pathParams, { response_id: 'resp_9' });
  });

  it('imports a curl command without its key, matched to its route, and exports without the key', async () => {
    const key = makeKey.project();
    const parsed = parseCurl(`curl https://api.openai.com/v1/files/file-abc -H "Authorization: Bearer ${key}"`);
    assert.equal(parsed.extractedKey, key);
    const { request } = fromCurlRequest(parsed.request);
    assert.ok(!JSON.stringify(request).includes(key));
    const matched = await matchRoute(request);
    assert.equal(matched.operationId, 'retrieveFile');
    assert.deepEqual(matched.pathParams, { file_id: 'file-abc' });
    const exported = toExportRequest(matched, () => undefined);
    assert.equal(exported.path, '/files/{file_id}');
    assert.deepEqual(exported.pathParams, { file_id: 'file-abc' });
  });

  it('shows keys by name, kind, level and mask only', () => {
    const key = makeKey.admin();
    const summary = keySummary({
      id: 'k1', name: 'org-admin', scope: { kind: 'global' }, permission: { level: 'all' }, baseUrl: 'https://api.openai.com/v1',
      kind: 'admin', last4: key.slice(-4), createdAt: '2026-01-01T00:00:00Z',
    }, 'k1', false);
    assert.deepEqual(summary, {
      id: 'k1', name: 'org-admin', kindLabel: 'Admin', admin: true, levelLabel: 'Admin API', masked: `sk-admin-…${key.slice(-4)}`,
      origin: 'https://api.openai.com', scopeLabel: 'All workspaces', active: true, secretMissing: false,
    });
  });

  it('renders results for the page: JSON text, inline images and audio, no bytes', () => {
    const base: ExecutionResult = { outcome: 'completed', method: 'POST', path: '/x', startedAt: '', durationMs: 12.6, size: 0, headers: [{ name: 'x-request-id', value: 'req_1', highlight: true }], retries: 0, status: 200, statusText: 'OK' };
    const png = 'iVBORw0KGgo=';
    const json = toResultView({ ...base, body: describeBody(new TextEncoder().encode(JSON.stringify({ data: [{ b64_json: png }] })), 'application/json') });
    assert.equal(json.body.kind, 'json');
    assert.deepEqual(json.images, [{ src: `data:image/png;base64,${png}` }]);
    assert.equal(json.durationMs, 13);
    assert.equal(json.canOpenInEditor, true);
    const audio = toResultView({ ...base, body: describeBody(new Uint8Array([1, 2, 3]), 'audio/mpeg') });
    assert.deepEqual(audio.body, { kind: 'audio', mime: 'audio/mpeg', src: 'data:audio/mpeg;base64,AQID' });
    assert.ok(!('bytes' in audio.body));
    const binary = toResultView({ ...base, body: describeBody(new Uint8Array([0, 1, 2]), 'application/zip') });
    assert.deepEqual(binary.body, { kind: 'binary', mime: 'application/zip' });
    assert.equal(binary.canSave, true);
    const remote = toResultView({ ...base, body: describeBody(new TextEncoder().encode('{"data":[{"url":"https://example.invalid/a.png"}]}'), 'application/json') });
    assert.deepEqual(remote.images, [{ url: 'https://example.invalid/a.png' }]);
  });
});
