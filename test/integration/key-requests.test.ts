// Test Key and Detect Permissions inside a real VS Code, against our deterministic mock on 127.0.0.1.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KeyRecord } from '../../src/core/keys/key-index';
import type { KeyTestReport } from '../../src/vscode/commands/test-key';
import { PROBES } from '../../src/core/permissions/permission-probes';
import type { DetectOutcome } from '../../src/vscode/commands/detect-permissions';
import { MockOpenAI, mockErrors, startMockOpenAI } from '../fixtures/mock-openai-server';
import { makeKey } from '../unit/test-keys';
import { clearVault, hooks } from './extension-api';

describe('Test Key and Detect Permissions', () => {
  let mock: MockOpenAI;
  let key: string;
  let record: KeyRecord;

  before(async () => {
    mock = await startMockOpenAI();
  });
  after(async () => {
    delete process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS;
    await mock.close();
  });
  beforeEach(async () => {
    await clearVault(await hooks());
    mock.reset();
    key = makeKey.project();
    record = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: key, name: 'probe-me', baseUrl: mock.baseUrl }))!;
    assert.ok(record);
  });

  async function testKey(): Promise<KeyTestReport> {
    const report = await vscode.commands.executeCommand<KeyTestReport>('openaiConnector.testKey', { keyId: record.id });
    assert.ok(report);
    assert.ok(!report.message.includes(key), 'the report shows the key');
    return report;
  }

  it('reports a valid key with the status and request id, sending the key only in the Authorization header', async () => {
    const report = await testKey();
    assert.equal(report.verdict, 'valid');
    assert.equal(report.status, 200);
    assert.match(report.requestId ?? '', /^req_mock/);
    assert.equal(mock.requests.length, 1);
    assert.equal(mock.requests[0]!.path, '/v1/models');
    assert.equal(mock.requests[0]!.headers.authorization, `Bearer ${key}`);
  });

  it('reports an invalid key, a missing scope and an unreachable server', async () => {
    mock.script('GET /v1/models', mockErrors.invalidKey(1));
    assert.equal((await testKey()).verdict, 'invalid');
    mock.script('GET /v1/models', mockErrors.missingScopes(['api.model.read'], '(Reader, Writer, Owner)', 1));
    const scoped = await testKey();
    assert.equal(scoped.verdict, 'missing-scope');
    assert.match(scoped.message, /List models/);
    assert.equal(scoped.status, 401);
    assert.equal((await hooks()).vault.get(record.id)?.permission.level, 'all', 'a 401 never downgrades the stored level');

    const closed = await startMockOpenAI();
    const url = closed.baseUrl;
    await closed.close();
    const other = await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: makeKey.project(), name: 'nowhere', baseUrl: url, scope: 'global' });
    const report = await vscode.commands.executeCommand<KeyTestReport>('openaiConnector.testKey', { keyId: other!.id });
    assert.equal(report?.verdict, 'unreachable');
  });

  it('refuses Detect Permissions for a key whose base URL is not OpenAI', async () => {
    delete process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS;
    const outcome = await vscode.commands.executeCommand('openaiConnector.detectPermissions', { keyId: record.id }, { save: true });
    assert.equal(outcome, undefined);
    assert.equal(mock.requests.length, 0);
  });

  it('detects a restricted key matrix with probes that never send a valid write', async () => {
    process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS = new URL(mock.baseUrl).origin;
    // A restricted key: List models Read, Responses Read, Files Write; everything else None.
    const allowed = new Set(['models.read', 'responses.read', 'files.read', 'files.write']);
    for (const probe of PROBES) {
      const route = `${probe.method} /v1${probe.path.split('?')[0]}`;
      if (probe.id === 'responses.read') mock.script(route, mockErrors.notFound('No response found with id resp_permission_probe.'));
      else if (probe.id === 'files.read') mock.script(route, { kind: 'json', body: { object: 'list', data: [] } });
      else if (probe.id === 'files.write') mock.script(route, mockErrors.badRequest('file', "'file' is a required property"));
      else if (!allowed.has(probe.id)) {
        const scope = probe.group === 'model-capabilities' ? 'model.request' : `api.${probe.group.replace(/-/g, '_')}.${probe.access === 'read' ? 'read' : 'write'}`;
        mock.script(route, mockErrors.missingScopes([scope]));
      }
    }
    const outcome = await vscode.commands.executeCommand<DetectOutcome>('openaiConnector.detectPermissions', { keyId: record.id }, { save: true });
    assert.ok(outcome, 'Detect Permissions showed an error');
    const m = outcome.detected.matrix;
    assert.equal(m.models, 'read');
    assert.equal(m['model-capabilities'], 'none');
    assert.equal(m.responses, 'read');
    assert.equal(m.files, 'write');
    assert.equal(m['vector-stores'], 'none');
    assert.equal(m.batch, 'none');
    assert.ok(outcome.detected.unknown.includes('assistants'), 'shut-down APIs are not probed');
    assert.equal(outcome.saved, true);

    const saved = (await hooks()).vault.get(record.id)!;
    assert.equal(saved.permission.level, 'restricted');
    assert.ok(saved.lastVerifiedAt, 'last verified is recorded');
    if (saved.permission.level === 'restricted') assert.equal(saved.permission.matrix.files, 'write');

    // Every probe went out once, and every POST carried exactly the probe's deliberately invalid body.
    assert.equal(mock.requests.length, PROBES.length);
    for (const request of mock.requests.filter((r) => r.method === 'POST')) {
      const probe = PROBES.find((p) => `/v1${p.path}` === request.path && p.method === 'POST');
      assert.ok(probe, `unexpected POST ${request.path}`);
      assert.deepEqual(JSON.parse(request.body), probe.body, `${request.path} received a body other than the invalid probe`);
      const body = JSON.parse(request.body) as Record<string, unknown>;
      assert.ok(!(typeof body.model === 'string' && (body.messages !== undefined || typeof body.input === 'string')), `${request.path} got a valid model request`);
    }
  });
});
