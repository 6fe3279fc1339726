/**
 * 4. Catalogue and permission check: every official operation, as a concrete path, classified
 * (RouteCatalogue.find) and checked (checkPermission) for keys of each level; per-call cost.
 */
import { RouteCatalogue, fillPathTemplate, loadRouteCatalogue } from '../../src/core/catalogue/route-catalogue';
import { ROUTE_ROWS } from '../../src/core/catalogue/route-catalogue.data';
import type { KeyRecord } from '../../src/core/keys/key-index';
import { CheckedKey, checkPermission } from '../../src/core/permissions/permission-check';
import { emptyMatrix } from '../../src/core/permissions/permission-model';
import { OFFICIAL_OPERATIONS } from './bundle-budget';
import { Row, median, timed } from './measure';

const SECTION = '4. Catalogue and permissions';
const BASE = 'https://api.openai.com/v1';

function keys(): CheckedKey[] {
  const restricted: KeyRecord['permission'] = { level: 'restricted', matrix: { ...emptyMatrix(), models: 'read', 'model-capabilities': 'request', responses: 'write', files: 'read' } };
  return [
    { name: 'all', kind: 'project', permission: { level: 'all' }, baseUrl: BASE },
    { name: 'read', kind: 'project', permission: { level: 'read-only' }, baseUrl: BASE },
    { name: 'restricted', kind: 'project', permission: restricted, baseUrl: BASE },
    { name: 'admin', kind: 'admin', permission: { level: 'all' }, baseUrl: BASE },
  ];
}

export async function benchCatalogue(opts: { rounds: number }): Promise<Row[]> {
  const catalogue = await loadRouteCatalogue();
  const build: number[] = [];
  for (let r = 0; r < opts.rounds; r++) build.push(await timed(() => new RouteCatalogue(ROUTE_ROWS)));
  const calls = catalogue.routes.map((route) => {
    const values = Object.fromEntries(route.params.filter((p) => p.in === 'path').map((p) => [p.name, `${p.name}_123`]));
    const path = `/v1${fillPathTemplate(route.path, values)}${route.fixedQuery ? `?${route.fixedQuery}` : ''}`;
    return { method: route.method, path, operationId: route.operationId };
  });
  const misfiled = calls.filter((c) => catalogue.find(c.method, c.path)?.route.operationId !== c.operationId);
  const checked = keys();
  const verdicts = new Map<string, number>();

  const classify: number[] = [];
  const check: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    let sink = 0;
    classify.push(
      (await timed(() => {
        for (const c of calls) sink += catalogue.find(c.method, c.path) ? 1 : 0;
      })) * 1000 / calls.length,
    );
    check.push(
      (await timed(() => {
        for (const key of checked) {
          for (const c of calls) {
            const v = checkPermission(key, c.method, c.path, catalogue).verdict;
            if (r === 0) verdicts.set(v, (verdicts.get(v) ?? 0) + 1);
          }
        }
      })) * 1000 / (calls.length * checked.length),
    );
    if (sink !== calls.length) throw new Error('a route was not found');
  }
  const summary = [...verdicts].map(([v, n]) => `${n} ${v}`).join(', ');
  return [
    { section: SECTION, measure: 'Operations in the catalogue', value: calls.length, unit: 'ops', target: `${OFFICIAL_OPERATIONS}`, met: calls.length === OFFICIAL_OPERATIONS && misfiled.length === 0, note: misfiled.length ? `${misfiled.length} concrete paths resolve to another operation: ${misfiled.slice(0, 3).map((c) => `${c.method} ${c.path}`).join(', ')}` : 'each concrete path resolves to its own operation' },
    { section: SECTION, measure: 'Catalogue index build (once per session)', value: median(build), unit: 'ms', samples: build.length, note: 'from the loaded rows; loading the chunk itself is under Activation' },
    { section: SECTION, measure: 'Classify one request (find by method and path)', value: median(classify), unit: 'µs', target: 'microseconds', met: median(classify) < 1000, samples: opts.rounds, note: `median per call over all ${calls.length} operations` },
    { section: SECTION, measure: 'Permission check of one request', value: median(check), unit: 'µs', target: 'microseconds', met: median(check) < 1000, samples: opts.rounds, note: `4 keys (All, Read only, Restricted, admin) × ${calls.length} operations: ${summary}` },
  ];
}
