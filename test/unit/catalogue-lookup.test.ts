// Finding routes: by method and concrete path (templates, /v1, trailing slash, query, beta routes),
// by text for the route picker, and the lazy loader.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RouteCatalogue, fillPathTemplate, loadRouteCatalogue, normalizeRequestPath } from '../../src/core/catalogue/route-catalogue';
import { ROUTE_ROWS } from '../../src/core/catalogue/route-catalogue.data';

const catalogue = new RouteCatalogue(ROUTE_ROWS);

describe('normalizeRequestPath', () => {
  it('strips host, /v1, query, fragment, duplicate and trailing slashes', () => {
    assert.deepEqual(normalizeRequestPath('/v1/files/'), { path: '/files', query: '' });
    assert.deepEqual(normalizeRequestPath('files?limit=2'), { path: '/files', query: 'limit=2' });
    assert.deepEqual(normalizeRequestPath('https://api.openai.com/v1/models#x'), { path: '/models', query: '' });
    assert.deepEqual(normalizeRequestPath('  /v1//chat/completions  '), { path: '/chat/completions', query: '' });
    assert.deepEqual(normalizeRequestPath('/v1'), { path: '/', query: '' });
    assert.deepEqual(normalizeRequestPath('/v1beta/x'), { path: '/v1beta/x', query: '' });
  });
});

describe('RouteCatalogue.find', () => {
  it('matches templates and returns decoded path parameters', () => {
    const match = catalogue.find('get', '/v1/files/file-abc%20def');
    assert.equal(match?.route.operationId, 'retrieveFile');
    assert.deepEqual(match?.params, { file_id: 'file-abc def' });
    assert.equal(catalogue.find('DELETE', '/files/file-1/')?.route.operationId, 'deleteFile');
    assert.equal(catalogue.find('GET', '/vector_stores/vs_1/files/file-2/content')?.route.operationId, 'retrieveVectorStoreFileContent');
  });

  it('prefers literal segments over parameters', () => {
    assert.equal(catalogue.find('POST', '/v1/responses/compact')?.route.path, '/responses/compact');
    assert.equal(catalogue.find('POST', '/responses/input_tokens')?.route.path, '/responses/input_tokens');
    assert.equal(catalogue.find('GET', '/videos/characters/char_1')?.route.path, '/videos/characters/{character_id}');
  });

  it('chooses the beta twin only when the request carries its query', () => {
    assert.equal(catalogue.find('POST', '/v1/responses')?.route.operationId, 'createResponse');
    assert.equal(catalogue.find('POST', '/v1/responses?stream=true')?.route.operationId, 'createResponse');
    assert.equal(catalogue.find('POST', '/v1/responses?beta=true')?.route.operationId, 'beta_createResponse');
  });

  it('returns undefined for unknown paths and methods', () => {
    assert.equal(catalogue.find('GET', '/v1/my/custom/route'), undefined);
    assert.equal(catalogue.find('PUT', '/v1/files'), undefined);
    assert.equal(catalogue.find('GET', '/files/a/b/c/d'), undefined);
  });

  it('expands rows into readable route info', () => {
    const route = catalogue.find('GET', '/files')?.route;
    assert.ok(route);
    assert.equal(route.group, 'files');
    assert.equal(route.access, 'read');
    assert.equal(route.adminOnly, false);
    assert.equal(route.body, 'none');
    const limit = route.params.find((p) => p.name === 'limit');
    assert.deepEqual(limit && { in: limit.in, required: limit.required, type: limit.type }, { in: 'query', required: false, type: 'integer' });
    const order = route.params.find((p) => p.name === 'order');
    assert.deepEqual(order?.enum, ['asc', 'desc']);
    const retrieve = catalogue.byOperationId('retrieveFile');
    assert.deepEqual(retrieve?.params.map((p) => [p.name, p.in, p.required]), [['file_id', 'path', true]]);
  });
});

describe('RouteCatalogue.search and byTag', () => {
  it('finds by path, operationId, summary and group, best path match first', () => {
    assert.equal(catalogue.search('/v1/chat/completions')[0]?.path, '/chat/completions');
    assert.ok(catalogue.search('createEmbedding').some((r) => r.path === '/embeddings'));
    assert.ok(catalogue.search('upload file').some((r) => r.operationId === 'createFile'));
    assert.ok(catalogue.search('vector stores').length >= 16);
    assert.deepEqual(catalogue.search('no such route at all'), []);
    assert.equal(catalogue.search('files', { limit: 3 }).length, 3);
  });

  it('filters admin routes for admin and project keys', () => {
    const projectView = catalogue.search('', { admin: false });
    const adminView = catalogue.search('', { admin: true });
    assert.ok(projectView.every((r) => !r.adminOnly) && projectView.length > 100);
    assert.ok(adminView.every((r) => r.adminOnly) && adminView.some((r) => r.path === '/organization/projects'));
    assert.equal(projectView.length + adminView.length, ROUTE_ROWS.length);
    const tags = catalogue.byTag({ admin: false });
    assert.ok(tags.get('Files')?.some((r) => r.operationId === 'createFile'));
    assert.equal(tags.has('Usage'), false);
  });
});

describe('fillPathTemplate and loadRouteCatalogue', () => {
  it('fills and encodes path parameters, leaving missing ones visible', () => {
    assert.equal(fillPathTemplate('/files/{file_id}/content', { file_id: 'file a/b' }), '/files/file%20a%2Fb/content');
    assert.equal(fillPathTemplate('/files/{file_id}', {}), '/files/{file_id}');
  });

  it('loads the generated data lazily and caches it', async () => {
    const first = await loadRouteCatalogue();
    assert.equal(first.routes.length, 288);
    assert.equal(await loadRouteCatalogue(), first);
    assert.match(first.specVersion, /^\d+\.\d+/);
  });
});

describe('run-time boundaries', () => {
  const source = (file: string) => readFileSync(join(__dirname, '..', '..', 'src', 'core', file), 'utf8');

  it('keeps the data out of static imports, so it can live in its own chunk', () => {
    const text = source('catalogue/route-catalogue.ts');
    assert.match(text, /import\('\.\/route-catalogue\.data'\)/);
    assert.doesNotMatch(text, /^import [^;]*from '\.\/route-catalogue\.data'/m);
  });

  it('never needs the OpenAPI description or the generator at run time', () => {
    for (const file of ['catalogue/route-catalogue.ts', 'catalogue/route-catalogue.data.ts', 'permissions/permission-check.ts', 'permissions/missing-scopes.ts', 'permissions/permission-probes.ts']) {
      const text = source(file);
      assert.doesNotMatch(text, /from '(yaml|node:fs|fs)'|spec-to-catalogue|schema-example|openapi\.yaml/, file);
    }
  });
});
