// Decoding OpenAI's "Missing scopes" 401s, in every form seen, and telling them from invalid keys.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMissingScopes, explain, isInvalidKey401, scopeToPermission } from '../../src/core/permissions/missing-scopes';

/** The exact body from the issue. */
const ISSUE_BODY = {
  error: {
    message:
      "You have insufficient permissions for this operation. Missing scopes: model.request. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes.",
    type: 'invalid_request_error',
    param: null,
    code: null,
  },
};

function body(message: string): unknown {
  return { error: { message, type: 'invalid_request_error', param: null, code: null } };
}

describe('decodeMissingScopes', () => {
  it('decodes the sample body of the issue', () => {
    const d = decodeMissingScopes(401, ISSUE_BODY);
    assert.ok(d);
    assert.deepEqual(d.scopes, [{ scope: 'model.request', group: 'model-capabilities', access: 'request' }]);
    assert.equal(d.roles, 'organization (Reader, Writer, Owner) and project (Member, Owner)');
    assert.equal(d.admin, false);
    assert.equal(d.message, ISSUE_BODY.error.message);
  });

  it('reads raw JSON text and the SDK error object alike', () => {
    assert.deepEqual(decodeMissingScopes(401, JSON.stringify(ISSUE_BODY))?.scopes.map((s) => s.scope), ['model.request']);
    assert.deepEqual(decodeMissingScopes(401, ISSUE_BODY.error)?.scopes.map((s) => s.scope), ['model.request']);
    assert.deepEqual(decodeMissingScopes(401, ISSUE_BODY.error.message)?.scopes.map((s) => s.scope), ['model.request']);
  });

  it('decodes the (Viewer, Member, Owner) variant', () => {
    const d = decodeMissingScopes(
      401,
      body("You have insufficient permissions for this operation. Missing scopes: api.files.write. Check that you have the correct role in your organization (Viewer, Member, Owner) and project (Member, Owner), and if you're using a restricted API key, that it has the necessary scopes."),
    );
    assert.deepEqual(d?.scopes, [{ scope: 'api.files.write', group: 'files', access: 'write' }]);
    assert.equal(d?.roles, 'organization (Viewer, Member, Owner) and project (Member, Owner)');
  });

  it('decodes several comma-separated scopes, in order, without duplicates', () => {
    const d = decodeMissingScopes(
      401,
      body('You have insufficient permissions for this operation. Missing scopes: api.responses.read, api.responses.write, model.request, api.responses.write. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner).'),
    );
    assert.deepEqual(d?.scopes, [
      { scope: 'api.responses.read', group: 'responses', access: 'read' },
      { scope: 'api.responses.write', group: 'responses', access: 'write' },
      { scope: 'model.request', group: 'model-capabilities', access: 'request' },
    ]);
  });

  it('decodes the admin form without a role list', () => {
    const d = decodeMissingScopes(401, body('You have insufficient permissions for this operation. Missing scopes: api.management.read.'));
    assert.deepEqual(d?.scopes, [{ scope: 'api.management.read', group: 'management', access: 'read' }]);
    assert.equal(d?.admin, true);
    assert.equal(d?.roles, undefined);
    const usage = decodeMissingScopes(401, body('You have insufficient permissions for this operation. Missing scopes: api.usage.read'));
    assert.deepEqual(usage?.scopes, [{ scope: 'api.usage.read', group: 'usage', access: 'read' }]);
  });

  it('maps every known scope name to its group and setting', () => {
    const expected: [string, string, string][] = [
      ['model.read', 'models', 'read'],
      ['api.model.read', 'models', 'read'],
      ['model.request', 'model-capabilities', 'request'],
      ['api.model.request', 'model-capabilities', 'request'],
      ['api.responses.read', 'responses', 'read'],
      ['api.responses.write', 'responses', 'write'],
      ['api.files.read', 'files', 'read'],
      ['api.files.write', 'files', 'write'],
      ['api.fine_tuning.jobs.read', 'fine-tuning', 'read'],
      ['api.fine_tuning.jobs.write', 'fine-tuning', 'write'],
      ['api.assistants.read', 'assistants', 'read'],
      ['api.assistants.write', 'assistants', 'write'],
      ['api.threads.read', 'threads', 'read'],
      ['api.threads.write', 'threads', 'write'],
      ['api.videos.write', 'videos', 'write'],
      ['api.usage.read', 'usage', 'read'],
      ['api.management.read', 'management', 'read'],
      ['api.vector_stores.write', 'vector-stores', 'write'],
    ];
    for (const [scope, group, access] of expected) assert.deepEqual(scopeToPermission(scope), { scope, group, access }, scope);
    assert.deepEqual(scopeToPermission('api.something_new.write'), { scope: 'api.something_new.write' });
  });

  it('ignores other errors and statuses', () => {
    assert.equal(decodeMissingScopes(400, ISSUE_BODY), undefined);
    assert.equal(decodeMissingScopes(401, body('Incorrect API key provided: sk-abc***wxyz.')), undefined);
    assert.equal(decodeMissingScopes(401, undefined), undefined);
    assert.equal(decodeMissingScopes(401, 'not json at all'), undefined);
    assert.equal(decodeMissingScopes(401, body('Missing scopes: ')), undefined);
  });
});

describe('explain', () => {
  it('names the settings to turn on, the role and the propagation delays', () => {
    const text = explain(decodeMissingScopes(401, ISSUE_BODY)!);
    assert.match(text, /^The key is missing Model capabilities: Request \(model\.request\)\./);
    assert.match(text, /platform\.openai\.com/);
    assert.match(text, /organization \(Reader, Writer, Owner\) and project \(Member, Owner\) role/);
    assert.match(text, /up to 15 minutes for key permissions and up to 30 minutes for role changes/);
  });

  it('lists several scopes and unknown ones honestly', () => {
    const text = explain(decodeMissingScopes(401, body('Missing scopes: api.files.write, api.brand_new.read. Check that you have the correct role in your organization (Reader, Writer, Owner) and project (Member, Owner).'))!);
    assert.match(text, /Files: Write \(api\.files\.write\), api\.brand_new\.read \(not a setting this extension knows\)/);
  });

  it('speaks of admin keys for the admin form', () => {
    const text = explain(decodeMissingScopes(401, body('You have insufficient permissions for this operation. Missing scopes: api.management.read.'))!);
    assert.match(text, /Management: Read/);
    assert.match(text, /admin key/);
    assert.match(text, /role in the organization or project/);
  });
});

describe('isInvalidKey401', () => {
  it('recognises invalid, missing and revoked keys', () => {
    assert.equal(isInvalidKey401({ error: { message: 'Incorrect API key provided: sk-proj-***abcd. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } }), true);
    assert.equal(isInvalidKey401(body("You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth.")), true);
    assert.equal(isInvalidKey401(body('Invalid authorization header')), true);
    assert.equal(isInvalidKey401(JSON.stringify({ error: { message: 'x', code: 'invalid_api_key' } })), true);
  });

  it('does not confuse missing scopes or other errors with an invalid key', () => {
    assert.equal(isInvalidKey401(ISSUE_BODY), false);
    assert.equal(isInvalidKey401(body('Rate limit reached')), false);
    assert.equal(isInvalidKey401(undefined), false);
  });
});
