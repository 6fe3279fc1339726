// The one scope table: every group and setting round-trips through minting and the decoder.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMissingScopes } from '../../src/core/permissions/missing-scopes';
import { RESOURCE_GROUPS, ResourceGroup, emptyMatrix } from '../../src/core/permissions/permission-model';
import { SCOPE_TABLE, decodeScope, decodeScopes, scopesFor, scopesForPermission } from '../../src/core/permissions/scope-table';

const GROUPS = RESOURCE_GROUPS as readonly ResourceGroup[];

describe('scope table', () => {
  it('round-trips every group and setting: group/setting → scopes → decoder → the same group and setting', () => {
    let checked = 0;
    for (const g of GROUPS) {
      for (const access of g.choices) {
        const scopes = scopesFor(g.id, access);
        if (access === 'none') {
          assert.deepEqual(scopes, [], g.id);
          continue;
        }
        assert.ok(scopes.length > 0, `${g.id}: ${access}`);
        assert.deepEqual(decodeScopes(scopes), { matrix: { [g.id]: access }, unknown: [] }, `${g.id}: ${access}`);
        // The "Missing scopes" decoder reads the same table.
        const decoded = decodeMissingScopes(401, { error: { message: `Missing scopes: ${scopes.join(', ')}.` } });
        assert.ok(decoded?.scopes.every((s) => s.group === g.id), `${g.id}: ${access}`);
        assert.ok(decoded?.scopes.some((s) => s.access === access), `${g.id}: ${access}`);
        checked++;
      }
    }
    assert.equal(checked, SCOPE_TABLE.length);
  });

  it('uses the scope names OpenAI documents', () => {
    assert.deepEqual(scopesFor('responses', 'write'), ['api.responses.read', 'api.responses.write']);
    assert.deepEqual(scopesFor('model-capabilities', 'request'), ['model.request']);
    assert.deepEqual(scopesFor('models', 'read'), ['api.model.read']);
    assert.deepEqual(scopesFor('files', 'read'), ['api.files.read']);
    assert.deepEqual(scopesFor('fine-tuning', 'read'), ['api.fine_tuning.jobs.read']);
  });

  it('decodes aliases to the same setting and keeps unknown scopes as written', () => {
    assert.deepEqual(decodeScope('model.read'), { scope: 'model.read', group: 'models', access: 'read' });
    assert.deepEqual(decodeScope('api.model.request'), { scope: 'api.model.request', group: 'model-capabilities', access: 'request' });
    assert.deepEqual(decodeScope('api.batches.write'), { scope: 'api.batches.write', group: 'batch', access: 'write' });
    assert.deepEqual(decodeScope('api.brand_new.read'), { scope: 'api.brand_new.read' });
    assert.deepEqual(decodeScopes(['api.files.read', 'api.brand_new.read', 'x']).unknown, ['api.brand_new.read', 'x']);
  });

  it('mints a permission as the union of its groups, never admin groups', () => {
    const matrix = { ...emptyMatrix(), responses: 'write' as const, 'model-capabilities': 'request' as const, management: 'write' as const };
    assert.deepEqual(scopesForPermission({ level: 'restricted', matrix }), ['model.request', 'api.responses.read', 'api.responses.write']);
    const readOnly = scopesForPermission({ level: 'read-only' });
    assert.ok(readOnly.every((s) => s.endsWith('.read')));
    assert.ok(!readOnly.includes('api.usage.read'));
    const all = decodeScopes(scopesForPermission({ level: 'all' })).matrix;
    for (const g of GROUPS.filter((x) => !x.admin)) assert.equal(all[g.id], g.choices[g.choices.length - 1], g.id);
  });
});
