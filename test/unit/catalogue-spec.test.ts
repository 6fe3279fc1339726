// The route catalogue against OpenAI's official description: every operation placed, the committed
// data file fresh, and every pre-filled example valid for its request schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { diffCatalogues, formatCatalogueDiff } from '../../src/core/catalogue/catalogue-diff';
import { classifyRoute } from '../../src/core/catalogue/route-classifier';
import { ROUTE_ROWS } from '../../src/core/catalogue/route-catalogue.data';
import { buildCatalogue, needsAdminKey, renderCatalogueModule, specOperations } from '../../src/core/catalogue/spec-to-catalogue';
import { SPEC_PATH, loadSpec, requestSchema, resolverFor, schemaErrors } from './catalogue-schema-check';

const DATA_FILE = join(__dirname, '..', '..', 'src', 'core', 'catalogue', 'route-catalogue.data.ts');

describe('route catalogue vs the official OpenAPI description', () => {
  it(`places every operation of ${SPEC_PATH}`, () => {
    const ops = specOperations(loadSpec());
    assert.ok(ops.length >= 288, `expected the 288 operations of the description, found ${ops.length}`);
    const unplaced = ops
      .filter((op) => !classifyRoute({ method: op.method, path: op.path, adminAuth: needsAdminKey(op.operation) }))
      .map((op) => `${op.method} ${op.specPath} (${String(op.operation.operationId)})`);
    assert.deepEqual(unplaced, [], `the classifier cannot place:\n  ${unplaced.join('\n  ')}`);
    assert.deepEqual(buildCatalogue(loadSpec()).unplaced, []);
  });

  it('has the committed data file equal to one regenerated from the vendored description', () => {
    const build = buildCatalogue(loadSpec());
    const actual = readFileSync(DATA_FILE, 'utf8');
    const routes = formatCatalogueDiff(diffCatalogues(ROUTE_ROWS, build.rows));
    assert.ok(
      actual === renderCatalogueModule(build),
      `src/core/catalogue/route-catalogue.data.ts disagrees with ${SPEC_PATH}. Regenerated, it would change:\n${routes}\n` +
        'Run `npm run generate:catalogue` (or `npm run update:openapi -- <file>` for a new description) and commit both.',
    );
  });

  it('pre-fills every JSON and multipart route with an example valid for its schema', () => {
    const spec = loadSpec();
    const resolver = resolverFor(spec);
    const failures: string[] = [];
    let checked = 0;
    for (const row of ROUTE_ROWS) {
      if (row.b !== 'json' && row.b !== 'multipart') continue;
      const specPath = row.q ? `${row.p}?${row.q}` : row.p;
      const schema = requestSchema(spec, row.m, specPath, row.b === 'json' ? 'application/json' : 'multipart/');
      assert.ok(schema, `${row.m} ${specPath} has no ${row.b} schema`);
      assert.ok(row.ex !== undefined, `${row.m} ${specPath} has no example`);
      const errors = schemaErrors(resolver, schema, row.ex, '$', { ignoreRequired: new Set(row.ff ?? []) });
      if (errors.length > 0) failures.push(`${row.m} ${specPath}: ${errors.slice(0, 3).join('; ')}`);
      checked++;
    }
    assert.ok(checked > 100, `only ${checked} examples checked`);
    assert.deepEqual(failures, []);
  });

  it('prefers real model ids in examples', () => {
    const model = (method: string, path: string): unknown => {
      const ex = ROUTE_ROWS.find((r) => r.m === method && r.p === path && !r.q)?.ex;
      return ex && typeof ex === 'object' && !Array.isArray(ex) ? (ex as Record<string, unknown>).model : undefined;
    };
    assert.equal(model('POST', '/responses'), 'gpt-4.1-mini');
    assert.equal(model('POST', '/chat/completions'), 'gpt-4.1-mini');
    assert.equal(model('POST', '/embeddings'), 'text-embedding-3-small');
    assert.equal(model('POST', '/images/generations'), 'gpt-image-1');
    assert.equal(model('POST', '/audio/speech'), 'tts-1');
    assert.equal(model('POST', '/moderations'), 'omni-moderation-latest');
  });
});

describe('route catalogue data', () => {
  it('has 288 operations with unique operationIds, short summaries and no /v1 prefix', () => {
    assert.equal(ROUTE_ROWS.length, 288);
    assert.equal(new Set(ROUTE_ROWS.map((r) => r.id)).size, ROUTE_ROWS.length);
    for (const r of ROUTE_ROWS) {
      assert.ok(r.s.length > 0 && r.s.length <= 80, `${r.id}: summary "${r.s}"`);
      assert.ok(!/\]\(|\n/.test(r.s), `${r.id}: summary keeps markdown or newlines`);
      assert.ok(r.p.startsWith('/') && !r.p.startsWith('/v1/') && !r.p.includes('?'), `${r.id}: path ${r.p}`);
    }
  });

  it('marks admin routes, shut-down APIs, streaming and body kinds', () => {
    const row = (m: string, p: string) => ROUTE_ROWS.find((r) => r.m === m && r.p === p && !r.q);
    for (const r of ROUTE_ROWS.filter((x) => x.p.startsWith('/organization/'))) assert.equal(r.ad, 1, `${r.m} ${r.p} must be admin-only`);
    assert.equal(row('GET', '/fine_tuning/checkpoints/{fine_tuned_model_checkpoint}/permissions')?.ad, 1);
    assert.equal(row('GET', '/projects/{project_id}/roles')?.ad, 1);
    assert.equal(row('POST', '/chat/completions')?.ad, undefined);
    for (const r of ROUTE_ROWS.filter((x) => x.p.startsWith('/assistants') || x.p.startsWith('/threads'))) assert.equal(r.sd, '2026-08-26');
    assert.equal(row('POST', '/responses')?.st, 1);
    assert.equal(row('POST', '/chat/completions')?.st, 1);
    assert.equal(row('POST', '/embeddings')?.st, undefined);
    assert.equal(row('POST', '/files')?.b, 'multipart');
    assert.deepEqual(row('POST', '/files')?.ff, ['file']);
    assert.equal(row('GET', '/files')?.b, 'none');
    assert.equal(row('POST', '/realtime/calls')?.b2, 'sdp');
    assert.equal(row('GET', '/assistants')?.dep, 1);
    const beta = ROUTE_ROWS.find((r) => r.id === 'beta_createResponse');
    assert.equal(beta?.p, '/responses');
    assert.equal(beta?.q, 'beta=true');
  });

  it('classifies the key routes of the issue', () => {
    const row = (m: string, p: string) => ROUTE_ROWS.find((r) => r.m === m && r.p === p && !r.q);
    assert.deepEqual([row('POST', '/responses')?.g, row('POST', '/responses')?.a, row('POST', '/responses')?.c], ['responses', 'request', 'responses']);
    assert.deepEqual([row('POST', '/chat/completions')?.g, row('POST', '/chat/completions')?.a], ['model-capabilities', 'request']);
    assert.deepEqual([row('POST', '/files')?.g, row('POST', '/files')?.a], ['files', 'write']);
    assert.deepEqual([row('GET', '/files')?.g, row('GET', '/files')?.a], ['files', 'read']);
    assert.deepEqual([row('GET', '/models')?.g, row('GET', '/models')?.a], ['models', 'read']);
    assert.deepEqual([row('GET', '/organization/usage/completions')?.g, row('GET', '/organization/usage/completions')?.a], ['usage', 'read']);
    assert.deepEqual([row('POST', '/organization/projects')?.g, row('POST', '/organization/projects')?.a], ['management', 'write']);
    assert.equal(row('GET', '/vector_stores')?.g, 'vector-stores');
    assert.equal(row('POST', '/batches')?.g, 'batch');
  });

  it('refuses a route no rule covers', () => {
    assert.equal(classifyRoute({ method: 'GET', path: '/brand_new_api' }), undefined);
    assert.equal(classifyRoute({ method: 'GET', path: '/' }), undefined);
  });
});
