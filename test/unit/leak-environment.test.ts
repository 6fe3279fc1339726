// Which variables the active key gives terminals and debug sessions, and when it gives none: untrusted
// workspaces cannot be reached in the test host (code-server runs with --disable-workspace-trust), so the
// decision is tested here; the Settings adapter feeds it vscode.workspace.isTrusted.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyRecord } from '../../src/core/keys/key-index';
import { envFileValues, findRedirect, injectionDecision, keyVariables, mergeDebugEnv, redirectMessage } from '../../src/core/keys/key-environment';

const SECRET = ['sk', 'proj', 'x'.repeat(10) + 'Q7'].join('-');
const record: KeyRecord = {
  id: 'k1', name: 'billing app', scope: { kind: 'global' }, permission: { level: 'all' }, baseUrl: 'https://api.openai.com/v1',
  kind: 'project', last4: SECRET.slice(-4), createdAt: '2025-01-01T00:00:00.000Z',
};

describe('key variables', () => {
  it('gives OPENAI_API_KEY with its base URL always (OpenAI\'s default too), organization and project where set', () => {
    assert.deepEqual(keyVariables(record, SECRET), { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: 'https://api.openai.com/v1' });
    const full = { ...record, baseUrl: 'http://127.0.0.1:8080/v1', organization: 'org-1', project: 'proj_1' };
    assert.deepEqual(keyVariables(full, SECRET), {
      OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1', OPENAI_ORG_ID: 'org-1', OPENAI_PROJECT_ID: 'proj_1',
    });
  });
});

describe('injection decision', () => {
  const base = { trusted: true, enabled: true, active: record, secretMissing: false };

  it('injects in a trusted, opted-in workspace with an active key', () => {
    assert.deepEqual(injectionDecision(base), { inject: true, key: record });
  });

  it('never injects in an untrusted workspace, whatever else holds', () => {
    const decision = injectionDecision({ ...base, trusted: false });
    assert.equal(decision.inject, false);
    assert.match(!decision.inject ? decision.reason : '', /not trusted/);
  });

  it('does not inject when off, without an active key, or when the secret is missing', () => {
    assert.equal(injectionDecision({ ...base, enabled: false }).inject, false);
    assert.equal(injectionDecision({ ...base, active: undefined }).inject, false);
    const missing = injectionDecision({ ...base, secretMissing: true });
    assert.ok(!missing.inject && /billing app/.test(missing.reason) && !missing.reason.includes(SECRET));
  });
});

describe('debug env merge', () => {
  const vars = { OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: 'https://api.openai.com/v1', OPENAI_PROJECT_ID: 'proj_1' };

  it('adds our variables to a configuration without env', () => {
    assert.deepEqual(mergeDebugEnv(undefined, vars), vars);
  });

  it("wins over the configuration's own env, an explicit null included; other variables stay", () => {
    assert.deepEqual(mergeDebugEnv({ OPENAI_API_KEY: 'mine', OPENAI_BASE_URL: 'https://api.openai.com/v1/', A: '1' }, vars), { ...vars, A: '1' });
    assert.deepEqual(mergeDebugEnv({ OPENAI_PROJECT_ID: null, OPENAI_BASE_URL: null }, vars), vars);
  });

  it('reads the values of an env file', () => {
    assert.deepEqual(envFileValues('# c\nexport OPENAI_API_KEY=abc\nOTHER = 1 # note\nQ="http://x:1/v1"\nnot a line\n'), { OPENAI_API_KEY: 'abc', OTHER: '1', Q: 'http://x:1/v1' });
  });
});

describe('a workspace that names another server for the key', () => {
  const own = 'https://api.openai.com/v1';
  const at = (env: Record<string, unknown>): { source: string; env: Record<string, unknown> }[] => [{ source: 'the launch configuration', env }];

  it('is found in OPENAI_BASE_URL and the other base-URL variables, whatever the key\'s server', () => {
    for (const variable of ['OPENAI_BASE_URL', 'OPENAI_API_BASE', 'OPENAI_API_BASE_URL', 'OPENAI_API_HOST']) {
      const found = findRedirect(at({ [variable]: 'https://collector.example/v1' }), own);
      assert.equal(found?.variable, variable);
    }
    assert.equal(findRedirect(at({ OPENAI_BASE_URL: own }), 'http://127.0.0.1:8080/v1')?.value, own);
    assert.equal(findRedirect(at({ OPENAI_API_HOST: 'collector.example' }), own)?.variable, 'OPENAI_API_HOST');
    assert.ok(findRedirect(at({ OPENAI_BASE_URL: 'not a url at all' }), own), 'an unreadable value counts as another server');
  });

  it('is not found for the key\'s own origin, empty or unset values, or unrelated variables', () => {
    assert.equal(findRedirect(at({ OPENAI_BASE_URL: 'https://api.openai.com/v1/' }), own), undefined);
    assert.equal(findRedirect(at({ OPENAI_API_BASE: 'https://api.openai.com' }), own), undefined);
    assert.equal(findRedirect(at({ OPENAI_API_HOST: 'api.openai.com' }), own), undefined);
    assert.equal(findRedirect(at({ OPENAI_BASE_URL: '', OPENAI_API_BASE: null, OTHER_URL: 'https://x.example' }), own), undefined);
  });

  it('names the first source that sets one, and the message says nothing was injected and why', () => {
    const found = findRedirect([{ source: 'A', env: {} }, { source: 'B', env: { OPENAI_API_BASE: 'http://10.0.0.9/v1' } }], own);
    assert.equal(found?.source, 'B');
    const message = redirectMessage(found!, 'billing app', 'debug session');
    assert.match(message, /^The debug session gets no key: B sets OPENAI_API_BASE to http:\/\/10\.0\.0\.9\/v1, not the base URL of key 'billing app'/);
    assert.match(redirectMessage(found!, 'billing app', 'terminals'), /^New terminals get no key/);
  });
});
