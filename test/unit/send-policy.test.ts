// The one send decision: refusals (foreign origin, admin key on a model route), the question when the
// declared level denies, and no opinion about servers that are not OpenAI's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RouteCatalogue } from '../../src/core/catalogue/route-catalogue';
import { ROUTE_ROWS } from '../../src/core/catalogue/route-catalogue.data';
import type { CheckedKey } from '../../src/core/permissions/permission-check';
import { decideSend } from '../../src/core/permissions/send-policy';

const catalogue = new RouteCatalogue(ROUTE_ROWS);
const OPENAI = 'https://api.openai.com/v1';
const MOCK = 'http://127.0.0.1:4010';

function key(extra: Partial<CheckedKey> = {}): CheckedKey {
  return { name: 'ci-bot', kind: 'project', baseUrl: OPENAI, permission: { level: 'all' }, ...extra };
}

/** Counts catalogue lookups, to show the decision looks a route up once. */
function counting(): { finder: RouteCatalogue; calls: () => number } {
  let n = 0;
  const finder = Object.create(catalogue) as RouteCatalogue;
  finder.find = (method, path) => {
    n++;
    return catalogue.find(method, path);
  };
  return { finder, calls: () => n };
}

describe('decideSend', () => {
  it('allows what the declared level allows, with one catalogue lookup', () => {
    const { finder, calls } = counting();
    const d = decideSend(key(), { method: 'post', path: '/v1/responses' }, finder);
    assert.equal(d.kind, 'allow');
    assert.ok(d.kind === 'allow' && d.openAI && d.check.verdict === 'allowed');
    assert.equal(calls(), 1);
  });

  it('asks when the declared level denies, naming the need', () => {
    const d = decideSend(key({ permission: { level: 'read-only' } }), { method: 'POST', path: '/files' }, catalogue);
    assert.equal(d.kind, 'confirm');
    assert.match(d.kind === 'confirm' ? d.why : '', /Read only: POST \/v1\/files needs Files: Write/);
  });

  it('refuses an admin key on a model route, and asks for one on another project route', () => {
    const admin = key({ kind: 'admin' });
    const model = decideSend(admin, { method: 'POST', path: '/responses' }, catalogue);
    assert.equal(model.kind, 'refuse');
    assert.match(model.kind === 'refuse' ? model.why : '', /admin key, and admin keys cannot call models \(POST \/v1\/responses\)/);
    assert.equal(decideSend(admin, { method: 'GET', path: '/files' }, catalogue).kind, 'confirm');
    assert.equal(decideSend(admin, { method: 'GET', path: '/organization/projects' }, catalogue).kind, 'allow');
  });

  it('refuses a path that would take the key to another origin, for every server', () => {
    for (const baseUrl of [OPENAI, `${MOCK}/v1`]) {
      for (const path of ['https://example.invalid/v1/models', '//example.invalid/v1/models']) {
        const d = decideSend(key({ baseUrl }), { method: 'GET', path }, catalogue);
        assert.equal(d.kind, 'refuse', `${baseUrl} ${path}`);
        assert.match(d.kind === 'refuse' ? d.why : '', /^Refused/);
      }
    }
  });

  it('has no opinion about other servers unless the test host names them', () => {
    const compatible = key({ baseUrl: `${MOCK}/v1`, permission: { level: 'read-only' }, kind: 'admin' });
    const free = decideSend(compatible, { method: 'POST', path: '/responses' }, catalogue);
    assert.ok(free.kind === 'allow' && !free.openAI);
    assert.equal(decideSend(compatible, { method: 'POST', path: '/responses' }, catalogue, [MOCK]).kind, 'refuse');
    assert.equal(decideSend({ ...compatible, kind: 'project' }, { method: 'POST', path: '/responses' }, catalogue, [MOCK]).kind, 'confirm');
  });
});
