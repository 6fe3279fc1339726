// The pre-send permission check at its edges: a Model capabilities sub-item set to None refuses its
// route even when the route needs a second group (POST /responses), each level against each kind of
// access, the rank order of settings, and the exact reasons. Uses the real catalogue and made-up routes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteInfo } from '../../src/core/catalogue/route-types';
import { RouteFinder, checkPermission, describeNeed, neededAccess, routeNeeds } from '../../src/core/permissions/permission-check';
import type { Access } from '../../src/core/permissions/permission-model';
import { catalogue, key, restricted } from './permission-keys';

/** A catalogue of one made-up route, to reach every branch whatever the real catalogue holds. */
function only(route: Partial<RouteInfo>): RouteFinder {
  const full: RouteInfo = {
    operationId: 'op', method: 'POST', path: '/thing', tag: 't', summary: 's', group: 'files', access: 'write', adminOnly: false,
    body: 'json', streaming: false, deprecated: false, params: [], fileFields: [], ...route,
  };
  return { find: () => ({ route: full }) };
}

describe('permission check: Model capabilities sub-items', () => {
  it('POST /responses is refused when its Responses sub-item is None, though both groups are granted', () => {
    const k = key(restricted({ responses: 'write', 'model-capabilities': 'request' }, { responses: 'none' }));
    const r = checkPermission(k, 'POST', '/v1/responses', catalogue);
    assert.equal(r.verdict, 'denied');
    assert.deepEqual(r.needs, { group: 'model-capabilities', access: 'request' });
    assert.equal(r.reason, "Key 'ci-bot' is Restricted: Model capabilities is Request, but its sub-item Responses (/v1/responses) is None, so POST /v1/responses is refused.");
  });

  it('a sub-item set to Request, or absent, follows the parent', () => {
    for (const capabilities of [{ responses: 'request' as const }, { images: 'none' as const }, undefined]) {
      const k = key(restricted({ responses: 'write', 'model-capabilities': 'request' }, capabilities));
      assert.equal(checkPermission(k, 'POST', '/v1/responses', catalogue).verdict, 'allowed', JSON.stringify(capabilities));
    }
  });

  it('a sub-item of a route that needs no model call changes nothing', () => {
    const k = key(restricted({ files: 'write' }, { responses: 'none', images: 'none' }));
    assert.equal(checkPermission(k, 'POST', '/v1/files', catalogue).verdict, 'allowed');
  });

  it('a route without a sub-item of its own is not refused by the other sub-items', () => {
    const finder = only({ group: 'model-capabilities', access: 'request' });
    const k = key(restricted({ 'model-capabilities': 'request' }, { responses: 'none', images: 'none' }));
    assert.equal(checkPermission(k, 'POST', '/thing', finder).verdict, 'allowed');
    const withItem = only({ group: 'model-capabilities', access: 'request', capability: 'audio' });
    const off = checkPermission(key(restricted({ 'model-capabilities': 'request' }, { audio: 'none' })), 'POST', '/thing', withItem);
    assert.equal(off.verdict, 'denied');
    assert.match(off.reason, /its sub-item Audio \(\/v1\/audio\) is None/);
  });

  it('names the trap only when some sub-item is enabled', () => {
    const none = checkPermission(key(restricted({})), 'POST', '/v1/embeddings', catalogue);
    assert.equal(none.reason, "Key 'ci-bot' is Restricted: POST /v1/embeddings needs Model capabilities: Request, but Model capabilities is None.");
    const offItems = checkPermission(key(restricted({}, { embeddings: 'none' })), 'POST', '/v1/embeddings', catalogue);
    assert.equal(offItems.reason, none.reason);
    const own = checkPermission(key(restricted({}, { embeddings: 'request' })), 'POST', '/v1/embeddings', catalogue);
    assert.equal(own.reason, `${none.reason} Embeddings (/v1/embeddings) is enabled under Model capabilities, but sub-items grant nothing while Model capabilities itself is None: set it to Request.`);
    const noItemRoute = checkPermission(key(restricted({}, { images: 'request' })), 'POST', '/thing', only({ group: 'model-capabilities', access: 'request' }));
    assert.match(noItemRoute.reason, / Some sub-items are enabled under Model capabilities/);
  });
});

describe('permission check: levels against access kinds', () => {
  it('ranks None < Read < Write and Request', () => {
    const finder = (access: 'read' | 'write') => only({ group: 'files', access });
    const at = (have: Access, access: 'read' | 'write') => checkPermission(key(restricted({ files: have })), 'GET', '/thing', finder(access)).verdict;
    assert.deepEqual([at('none', 'read'), at('read', 'read'), at('write', 'read')], ['denied', 'allowed', 'allowed']);
    assert.deepEqual([at('none', 'write'), at('read', 'write'), at('write', 'write')], ['denied', 'denied', 'allowed']);
  });

  it('Read only allows reads, names what writes need, and refuses model calls by their capability', () => {
    const ro = key({ level: 'read-only' });
    const read = checkPermission(ro, 'GET', '/thing', only({ access: 'read' }));
    assert.deepEqual([read.verdict, read.reason], ['allowed', "Key 'ci-bot' is Read only: GET /v1/thing only reads, which is allowed."]);
    assert.deepEqual(read.needs, { group: 'files', access: 'read' });
    const model = checkPermission(ro, 'POST', '/v1/responses', catalogue);
    assert.equal(model.reason, "Key 'ci-bot' is Read only: Read only keys cannot call models (POST /v1/responses needs Responses API: Write and Model capabilities: Request).");
    // A model route whose own group is Model capabilities: its only need is the one named.
    const own = checkPermission(ro, 'POST', '/thing', only({ group: 'model-capabilities', access: 'request' }));
    assert.deepEqual(own.needs, { group: 'model-capabilities', access: 'request' });
  });

  it('All allows, with the reason and the main need', () => {
    const r = checkPermission(key({ level: 'all' }), 'POST', '/v1/responses', catalogue);
    assert.equal(r.reason, "Key 'ci-bot' has All permissions: POST /v1/responses is allowed.");
    assert.deepEqual(r.needs, { group: 'responses', access: 'write' });
    assert.equal(r.allNeeds?.length, 2);
    assert.equal(r.route?.path, '/responses');
    assert.equal('note' in r, false);
  });

  it('Restricted names everything the route needs when it allows', () => {
    const r = checkPermission(key(restricted({ responses: 'write', 'model-capabilities': 'request' })), 'post', '/responses', catalogue);
    assert.equal(r.reason, "Key 'ci-bot' is Restricted and has Responses API: Write and Model capabilities: Request: POST /v1/responses is allowed.");
  });

  it('the admin checks name the path and the primary need', () => {
    const admin = checkPermission(key({ level: 'all' }, { kind: 'admin' }), 'post', 'responses', catalogue);
    assert.equal(admin.verdict, 'denied');
    assert.deepEqual(admin.needs, { group: 'responses', access: 'write' });
  });
});

describe('permission check: needs', () => {
  it('maps an access kind to the setting of the group that grants it', () => {
    assert.equal(neededAccess('files', 'read'), 'read');
    assert.equal(neededAccess('files', 'write'), 'write');
    assert.equal(neededAccess('responses', 'request'), 'write');
    assert.equal(neededAccess('model-capabilities', 'read'), 'request');
    assert.equal(neededAccess('model-capabilities', 'request'), 'request');
    assert.equal(neededAccess('models', 'read'), 'read');
    assert.equal(neededAccess('usage', 'write'), 'write');
  });

  it('a model call in another group also needs Model capabilities: Request; others need their group only', () => {
    assert.deepEqual(routeNeeds({ group: 'responses', access: 'request' }), [{ group: 'responses', access: 'write' }, { group: 'model-capabilities', access: 'request' }]);
    assert.deepEqual(routeNeeds({ group: 'model-capabilities', access: 'request' }), [{ group: 'model-capabilities', access: 'request' }]);
    assert.deepEqual(routeNeeds({ group: 'files', access: 'write' }), [{ group: 'files', access: 'write' }]);
    assert.equal(describeNeed({ group: 'vector-stores', access: 'read' }), 'Vector Stores: Read');
  });

  it('only OpenAI https keys get an opinion; the reason names the key and its server', () => {
    const r = checkPermission(key({ level: 'all' }, { baseUrl: 'https://proxy.example/v1' }), 'GET', '/v1/models', catalogue);
    assert.equal(r.reason, "No opinion: key 'ci-bot' is for https://proxy.example/v1, not OpenAI's API, so OpenAI's permission model does not apply.");
    assert.equal(r.route, undefined);
  });
});

describe('permission check: edges the reviewer found untested', () => {
  it('names the sub-item trap only when Model capabilities is what is missing', () => {
    const r = checkPermission(key(restricted({}, { responses: 'request' })), 'POST', '/v1/files', catalogue);
    assert.equal(r.reason, "Key 'ci-bot' is Restricted: POST /v1/files needs Files: Write, but Files is None.");
  });

  it('a sub-item set to None refuses only routes that need Model capabilities', () => {
    const finder = only({ group: 'files', access: 'write', capability: 'images' });
    assert.equal(checkPermission(key(restricted({ files: 'write' }, { images: 'none' })), 'POST', '/thing', finder).verdict, 'allowed');
  });
});
