// "Missing scopes" decoding at its edges: which statuses count, every shape of body, every separator
// and spelling, the role list in part, every scope family, the fallbacks, and invalid-key 401s told
// apart by code and by message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMissingScopes, explain, isInvalidKey401, scopeToPermission } from '../../src/core/permissions/missing-scopes';

const body = (message: string): unknown => ({ error: { message, type: 'invalid_request_error', param: null, code: null } });
const scopesOf = (status: number, b: unknown): string[] | undefined => decodeMissingScopes(status, b)?.scopes.map((s) => s.scope);

describe('decodeMissingScopes: what counts', () => {
  it('reads 401 and 403, nothing else', () => {
    const b = body('Missing scopes: api.files.read.');
    assert.deepEqual(scopesOf(401, b), ['api.files.read']);
    assert.deepEqual(scopesOf(403, b), ['api.files.read']);
    for (const status of [200, 400, 402, 404, 429, 500]) assert.equal(decodeMissingScopes(status, b), undefined, String(status));
  });

  it('reads the message from every body shape', () => {
    const m = 'Missing scopes: api.files.read';
    for (const b of [m, body(m), JSON.stringify(body(m)), { error: m }, { message: m }, JSON.stringify({ message: m }), { error: { error: { message: m } } }]) {
      assert.deepEqual(scopesOf(401, b), ['api.files.read'], JSON.stringify(b));
    }
    for (const b of [null, 42, true, {}, { error: null }, { error: 5 }, { message: 7 }, '']) assert.equal(decodeMissingScopes(401, b), undefined, JSON.stringify(b));
  });

  it('reads "Missing scope:" in any case', () => {
    assert.deepEqual(scopesOf(401, body('missing scope: api.files.write')), ['api.files.write']);
    assert.deepEqual(scopesOf(401, body('MISSING SCOPES:api.files.write')), ['api.files.write']);
    assert.equal(decodeMissingScopes(401, body('Scopes missing: api.files.write')), undefined);
  });

  it('reads scopes separated by commas or "and", and stops at the first word that is not one', () => {
    assert.deepEqual(scopesOf(401, body('Missing scopes: api.files.read and api.files.write, model.request. Check your role.')), ['api.files.read', 'api.files.write', 'model.request']);
    assert.deepEqual(scopesOf(401, body('Missing scopes: api.files.read api.files.write')), ['api.files.read']);
    assert.deepEqual(scopesOf(401, body('Missing scopes:   api.files.read  ,  api.files.write')), ['api.files.read', 'api.files.write']);
    assert.deepEqual(scopesOf(401, body('Missing scopes: api.files.read, api.files.read and api.files.read')), ['api.files.read']);
  });

  it('quotes the message and the role lists it found', () => {
    const orgOnly = decodeMissingScopes(401, body('Missing scopes: api.files.read. Check your organization (Owner) role.'));
    assert.deepEqual([orgOnly?.roles, orgOnly?.admin], ['organization (Owner)', false]);
    const projectOnly = decodeMissingScopes(401, body('Missing scopes: api.files.read. Check your project ( Member ) role.'));
    assert.deepEqual([projectOnly?.roles, projectOnly?.admin], ['project ( Member )', false]);
    const admin = decodeMissingScopes(401, body('Missing scopes: api.files.read.'));
    assert.deepEqual([admin?.roles, admin?.admin, admin?.message], [undefined, true, 'Missing scopes: api.files.read.']);
    assert.equal('roles' in admin!, false);
  });
});

describe('scopeToPermission', () => {
  it('maps every scope family to its group', () => {
    const groups: Record<string, string> = {
      responses: 'responses', files: 'files', fine_tuning: 'fine-tuning', assistants: 'assistants', threads: 'threads', videos: 'videos',
      evals: 'evals', vector_stores: 'vector-stores', batch: 'batch', batches: 'batch', uploads: 'uploads', conversations: 'conversations',
      containers: 'containers', realtime: 'realtime', skills: 'skills', chatkit: 'chatkit', management: 'management',
    };
    for (const [family, group] of Object.entries(groups)) {
      assert.deepEqual(scopeToPermission(`api.${family}.write`), { scope: `api.${family}.write`, group, access: 'write' }, family);
      assert.deepEqual(scopeToPermission(`api.${family}.read`), { scope: `api.${family}.read`, group, access: 'read' }, family);
    }
    assert.deepEqual(scopeToPermission('api.usage.read'), { scope: 'api.usage.read', group: 'usage', access: 'read' });
    assert.deepEqual(scopeToPermission('api.models.read'), { scope: 'api.models.read', group: 'models', access: 'read' });
  });

  it('reads nested scope names by their first part', () => {
    assert.deepEqual(scopeToPermission('api.vector_stores.files.write'), { scope: 'api.vector_stores.files.write', group: 'vector-stores', access: 'write' });
    assert.deepEqual(scopeToPermission('api.responses.input_items.read'), { scope: 'api.responses.input_items.read', group: 'responses', access: 'read' });
  });

  it('falls back to the highest setting when the group has no such access, and keeps a scope the table does not know as written', () => {
    assert.deepEqual(scopeToPermission('api.models.write'), { scope: 'api.models.write' });
    assert.deepEqual(scopeToPermission('api.responses.request'), { scope: 'api.responses.request', group: 'responses', access: 'write' });
    assert.deepEqual(scopeToPermission('api.usage.write'), { scope: 'api.usage.write', group: 'usage', access: 'read' });
  });

  it('keeps unknown or malformed scopes as they are', () => {
    for (const scope of ['api.files.delete', 'files.write', 'api.Files.write', 'xapi.files.write', 'api.files.write.x', 'api..write', 'api.unknown.read', 'model.write']) {
      assert.deepEqual(scopeToPermission(scope), { scope }, scope);
    }
  });
});

describe('isInvalidKey401', () => {
  it('trusts the codes of an invalid key, wherever the code sits', () => {
    for (const code of ['invalid_api_key', 'invalid_authentication']) {
      assert.equal(isInvalidKey401({ error: { message: 'x', code } }), true, code);
      assert.equal(isInvalidKey401({ code, message: 'x' }), true, code);
      assert.equal(isInvalidKey401(JSON.stringify({ error: { code } })), true, code);
    }
    assert.equal(isInvalidKey401({ error: { message: 'x', code: 'rate_limited' } }), false);
    assert.equal(isInvalidKey401({ code: 5 }), false);
    assert.equal(isInvalidKey401('not json'), false);
  });

  it('reads the messages of an invalid, missing, revoked or expired key', () => {
    for (const message of [
      'Incorrect API key provided: sk-***.', 'Invalid API key.', 'invalid_api_key', 'Invalid Authorization header.',
      "You didn't provide an API key.", 'This API key has been revoked.', 'The api key was deactivated', 'API key expired.', 'API key disabled by admin',
    ]) assert.equal(isInvalidKey401(body(message)), true, message);
    assert.equal(isInvalidKey401('Incorrect API key provided'), true);
  });

  it('a missing-scopes message is never an invalid key, whatever else it says', () => {
    assert.equal(isInvalidKey401(body('Missing scopes: api.files.read. Invalid API key?')), false);
    assert.equal(isInvalidKey401(body('missing scope: model.request (incorrect api key)')), false);
    assert.equal(isInvalidKey401(body('Your organization is not verified.')), false);
  });
});

describe('explain', () => {
  it('is one exact sentence set for a project key with roles', () => {
    const d = decodeMissingScopes(401, body('Missing scopes: api.files.write. Check your organization (Reader, Owner) and project (Owner).'))!;
    assert.equal(
      explain(d),
      'The key is missing Files: Write (api.files.write). Turn them on for this key at platform.openai.com (API keys → edit the key → Restricted), or use a key with All permissions. '
      + "The same error appears when the key owner's role is too weak: check their organization (Reader, Owner) and project (Owner) role. "
      + 'Changes take time to apply: up to 15 minutes for key permissions and up to 30 minutes for role changes.',
    );
  });

  it('is one exact sentence set for an admin key', () => {
    const d = decodeMissingScopes(401, body('Missing scopes: api.management.write, api.new_thing.read'))!;
    assert.equal(
      explain(d),
      'The key is missing Management: Write (api.management.write), api.new_thing.read (not a setting this extension knows). '
      + 'Give the admin key these permissions at platform.openai.com (Organization settings → Admin keys). '
      + "The same error appears when the key owner's role in the organization or project is too weak. "
      + 'Changes take time to apply: up to 15 minutes for key permissions and up to 30 minutes for role changes.',
    );
  });
});

describe('missing scopes: edges the reviewer found untested', () => {
  it('reads raw JSON text without a message field as text, and quotes the message of JSON text', () => {
    assert.deepEqual(scopesOf(401, '{"detail":"Missing scopes: api.files.read"}'), ['api.files.read']);
    const m = 'Missing scopes: api.files.read.';
    assert.equal(decodeMissingScopes(401, JSON.stringify(body(m)))?.message, m);
    assert.deepEqual(scopesOf(401, { error: null, message: m }), ['api.files.read']);
  });

  it('reads the code beside a null error, and survives a null body', () => {
    assert.equal(isInvalidKey401({ error: null, code: 'invalid_api_key' }), true);
    assert.equal(isInvalidKey401(null), false);
  });

  it('needs a scope right after the colon', () => {
    assert.equal(decodeMissingScopes(401, body('Missing scopes: (none listed)')), undefined);
  });

  it('reads role lists written without a space', () => {
    assert.equal(decodeMissingScopes(401, body('Missing scopes: api.files.read. organization(Owner) project(Member)'))?.roles, 'organization (Owner) and project (Member)');
  });
});
