// Which variables the active key gives terminals and debug sessions, and when it gives none: untrusted
// workspaces cannot be reached in the test host (code-server runs with --disable-workspace-trust), so the
// decision is tested here; the Settings adapter feeds it vscode.workspace.isTrusted.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyRecord } from '../../src/core/key-index';
import { envFileNames, injectionDecision, keyVariables, mergeDebugEnv } from '../../src/vscode/environment/key-variables';

const SECRET = ['sk', 'proj', 'x'.repeat(10) + 'Q7'].join('-');
const record: KeyRecord = {
  id: 'k1', name: 'billing app', scope: { kind: 'global' }, permission: { level: 'all' }, baseUrl: 'https://api.openai.com/v1',
  kind: 'project', last4: SECRET.slice(-4), createdAt: '2025-01-01T00:00:00.000Z',
};

describe('key variables', () => {
  it('gives OPENAI_API_KEY, and the base URL, organization and project only where set', () => {
    assert.deepEqual(keyVariables(record, SECRET), { OPENAI_API_KEY: SECRET });
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
  const vars = { OPENAI_API_KEY: SECRET, OPENAI_PROJECT_ID: 'proj_1' };

  it('adds our variables to a configuration without env', () => {
    assert.deepEqual(mergeDebugEnv(undefined, new Set(), vars), vars);
  });

  it("lets the configuration's own env win, including an explicit null that unsets", () => {
    assert.deepEqual(mergeDebugEnv({ OPENAI_API_KEY: 'mine', A: '1' }, new Set(), vars), { OPENAI_PROJECT_ID: 'proj_1', OPENAI_API_KEY: 'mine', A: '1' });
    assert.deepEqual(mergeDebugEnv({ OPENAI_PROJECT_ID: null }, new Set(), vars), { OPENAI_API_KEY: SECRET, OPENAI_PROJECT_ID: null });
  });

  it("lets the configuration's envFile win", () => {
    const names = envFileNames('# c\nexport OPENAI_API_KEY=abc\nOTHER = 1\nnot a line\n');
    assert.deepEqual([...names], ['OPENAI_API_KEY', 'OTHER']);
    assert.deepEqual(mergeDebugEnv({}, names, vars), { OPENAI_PROJECT_ID: 'proj_1' });
  });
});
