// The report of `npm run update:openapi`: which routes a new description adds, removes or reclassifies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffCatalogues, formatCatalogueDiff, isEmptyDiff, routeKey } from '../../src/core/catalogue/catalogue-diff';
import type { RouteRow } from '../../src/core/catalogue/route-types';

const row = (over: Partial<RouteRow> & Pick<RouteRow, 'm' | 'p'>): RouteRow => ({
  id: `${over.m}${over.p}`,
  t: 'Files',
  s: 'A route',
  g: 'files',
  a: 'read',
  b: 'none',
  ...over,
});

describe('diffCatalogues', () => {
  const files = row({ m: 'GET', p: '/files' });
  const upload = row({ m: 'POST', p: '/files', a: 'write', b: 'multipart' });
  const responses = row({ m: 'POST', p: '/responses', g: 'responses', a: 'request', c: 'responses', b: 'json' });
  const betaResponses = row({ m: 'POST', p: '/responses', q: 'beta=true', g: 'responses', a: 'request', b: 'json' });

  it('finds nothing when the catalogues are equal', () => {
    const diff = diffCatalogues([files, upload], [files, upload]);
    assert.ok(isEmptyDiff(diff));
    assert.equal(formatCatalogueDiff(diff), 'No route changed.');
  });

  it('lists routes added and removed by method, path and fixed query', () => {
    const diff = diffCatalogues([files, responses], [files, betaResponses, upload]);
    assert.deepEqual(diff.added, ['POST /files', 'POST /responses?beta=true']);
    assert.deepEqual(diff.removed, ['POST /responses']);
    assert.deepEqual(diff.reclassified, []);
  });

  it('reports a changed group, access, capability or admin flag as a reclassification', () => {
    const before = [files, upload, responses, row({ m: 'GET', p: '/organization/projects', g: 'management' })];
    const after = [
      { ...files, g: 'vector-stores' as const },
      { ...upload, a: 'request' as const },
      { ...responses, c: undefined },
      row({ m: 'GET', p: '/organization/projects', g: 'management', ad: 1 }),
    ];
    const diff = diffCatalogues(before, after);
    assert.deepEqual(diff.reclassified, [
      { route: 'GET /files', changes: ['group: files → vector-stores'] },
      { route: 'POST /files', changes: ['access: write → request'] },
      { route: 'POST /responses', changes: ['capability: responses → —'] },
      { route: 'GET /organization/projects', changes: ['admin only: no → yes'] },
    ]);
    assert.deepEqual(diff.otherwiseChanged, []);
  });

  it('keeps other changes (summary, parameters, examples) apart from reclassifications', () => {
    const diff = diffCatalogues([files, upload], [{ ...files, s: 'List files, renamed' }, { ...upload, ex: { purpose: 'batch' } }]);
    assert.deepEqual(diff.reclassified, []);
    assert.deepEqual(diff.otherwiseChanged, ['GET /files', 'POST /files']);
  });

  it('prints one line per route under a count line', () => {
    const text = formatCatalogueDiff(diffCatalogues([files, responses], [{ ...files, a: 'write' }, upload]));
    assert.equal(
      text,
      [
        '1 added, 1 removed, 1 reclassified, 0 changed otherwise (parameters, body, examples or summary).',
        '',
        'Added:',
        '  POST /files',
        '',
        'Removed:',
        '  POST /responses',
        '',
        'Reclassified:',
        '  GET /files  (access: read → write)',
      ].join('\n'),
    );
  });

  it('names a route by method, template and fixed query', () => {
    assert.equal(routeKey(betaResponses), 'POST /responses?beta=true');
    assert.equal(routeKey(files), 'GET /files');
  });
});
