// The key lifecycle with an admin key, inside a real VS Code, against the Admin API mock on 127.0.0.1:
// the Organization view with paging, Create Key for This Workspace, Revoke Key at OpenAI, the recommender.
import * as assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KeyRecord } from '../../src/core/keys/key-index';
import type { CreateKeyOutcome } from '../../src/vscode/organization/create-workspace-key';
import type { RecommendOutcome } from '../../src/vscode/organization/recommend-command';
import type { ReplaceOutcome } from '../../src/vscode/organization/revoke-and-replace';
import type { RevokeOutcome } from '../../src/vscode/organization/revoke-key';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { mockErrors } from '../fixtures/mock-openai-server';
import { makeKey } from '../unit/test-keys';
import { clearVault, eventually, hooks } from './extension-api';

/** A saved request of this workspace: POST /responses (the responses trap). */
const SAVED_ASK = JSON.stringify({ version: 1, name: 'ask', request: { method: 'POST', path: '/responses', bodyKind: 'json', body: { model: 'gpt-4o-mini', input: 'hi' } } }, null, 2);

interface Row {
  depth: number;
  label: string;
  description: string;
  contextValue: string;
}

async function rows(): Promise<{ rows: Row[]; logDir: string }> {
  await vscode.commands.executeCommand('openaiConnector.refreshOrganization');
  const snapshot = await vscode.commands.executeCommand<{ rows: Row[]; logDir: string }>('openaiConnector.test.organizationRows');
  assert.ok(snapshot, 'the test-only rows command answered nothing');
  return snapshot;
}

/** Every file under a folder whose text contains `needle` (log files of this VS Code session). */
async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    const info = await stat(path);
    if (info.isDirectory()) found.push(...(await filesContaining(path, needle)));
    else if ((await readFile(path, 'utf8')).includes(needle)) found.push(path);
  }
  return found;
}

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the integration host opens a folder');
  return folder.uri.fsPath;
}

describe('Organization: the key lifecycle with an admin key', () => {
  let mock: MockAdmin;
  let adminKey: string;
  let admin: KeyRecord;
  const savedDir = (): string => join(workspaceDir(), '.vscode', 'openai-requests');

  before(async () => {
    adminKey = makeKey.admin();
    mock = await startMockAdmin({ adminKey });
    process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS = new URL(mock.baseUrl).origin;
  });
  after(async () => {
    delete process.env.OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS;
    await rm(savedDir(), { recursive: true, force: true });
    await clearVault(await hooks());
    await mock.close();
  });
  beforeEach(async () => {
    await clearVault(await hooks());
    // Earlier suites leave request history behind; the recommender reads it, so each test starts without.
    await vscode.commands.executeCommand('openaiConnector.clearHistory', { confirm: false });
    mock.reset();
    mock.seed({ projects: 2, keysPerProject: 3 });
    mock.roleLessKeysWork = true;
    admin = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: adminKey, name: 'org admin', baseUrl: mock.baseUrl, scope: 'global' }))!;
    assert.ok(admin);
  });

  it('lists projects and keys page by page with owner, use and lost access, and links a stored key both ways', async () => {
    mock.seed({ projects: 3, keysPerProject: 130 });
    const leaked = makeKey.project();
    const remote = mock.addKey('proj_0002', leaked, { name: 'leaky', last_used_at: Math.floor(Date.now() / 1000) - 3 * 3600 });
    const stored = (await vscode.commands.executeCommand<KeyRecord>('openaiConnector.addKey', { secret: leaked, name: 'my app', baseUrl: mock.baseUrl }))!;
    const { rows: all } = await rows();
    const projects = all.filter((r) => r.depth === 0);
    assert.deepEqual(projects.map((p) => p.label), ['Project 1', 'Project 2', 'Project 3']);
    assert.match(projects[0]!.description, /^130 keys · 26 with owner lost access$/);
    assert.equal(all.filter((r) => r.depth === 1).length, 391, 'every page of every project');
    const keyPages = mock.requests.filter((r) => r.path.includes('/api_keys'));
    assert.ok(keyPages.some((r) => r.path.includes('after=')), 'a second page was read');
    assert.ok(keyPages.every((r) => r.path.includes('owner_project_access=any')));
    const leakyRow = all.find((r) => r.label === 'leaky')!;
    assert.match(leakyRow.description, /^sk-proj-..\.\.\..{4} · Leaky Dev · created \d{4}-\d\d-\d\d · last used 3 h ago · stored as 'my app'$/);
    assert.match(all.find((r) => r.label === 'key 1.5')!.description, /⚠ owner lost access/);
    assert.match(all.find((r) => r.label === 'key 1.2')!.description, /never used/);
    // The other way: the stored key shows its project and last use.
    const testing = await hooks();
    const keyItem = testing.keysTree.getTreeItem({ type: 'key', record: testing.vault.get(stored.id)! } as never);
    assert.match(String(keyItem.description), /proj_0002 · last used 3 h ago/);
    assert.match(keyItem.contextValue ?? '', /\borgLinked\b/);
    assert.ok(remote.id);
  });

  it('says plainly when the admin key is invalid or refused, on 429, on a dropped connection and for an empty organization', async () => {
    mock.adminKeys.clear();
    let view = await rows();
    assert.match(view.rows[0]!.label, /Could not read the organization: The admin key was refused as invalid, expired or revoked/);
    mock.adminKeys.add(adminKey);
    mock.seed({ projects: 0 });
    view = await rows();
    assert.deepEqual(view.rows.map((r) => r.label), ['This organization has no projects.']);
    mock.seed({ projects: 1, keysPerProject: 0 });
    mock.script('GET /v1/organization/projects', mockErrors.rateLimited(0.05, 1));
    view = await rows();
    assert.deepEqual(view.rows.map((r) => r.label), ['Project 1', 'No keys in this project.'], 'a 429 is waited out');
    mock.script('GET /v1/organization/projects', { kind: 'json', status: 403, body: { error: { message: 'This endpoint requires an admin API key.' } }, times: 1 });
    view = await rows();
    assert.match(view.rows[0]!.label, /Not allowed: .* needs an admin key of an organization owner/);
    mock.script('GET /v1/organization/projects', { kind: 'destroy', times: 1 });
    view = await rows();
    assert.match(view.rows[0]!.label, /connection .* failed during GET \/organization\/projects/);
    for (const r of view.rows) assert.ok(!r.label.includes(adminKey));
  });

  it('recommends least privilege from saved requests and history, with the responses trap', async () => {
    await mkdir(savedDir(), { recursive: true });
    await writeFile(join(savedDir(), 'ask.json'), SAVED_ASK);
    const outcome = await vscode.commands.executeCommand<RecommendOutcome>('openaiConnector.recommendLeastPrivilege', { quiet: true });
    assert.ok(outcome);
    assert.equal(outcome.recommendation.matrix.responses, 'write');
    assert.equal(outcome.recommendation.matrix['model-capabilities'], 'request');
    assert.equal(outcome.recommendation.matrix.files, 'none');
  });

  it('creates a least-privilege key for this workspace: role-less account, value only in SecretStorage, active, detected', async () => {
    await mkdir(savedDir(), { recursive: true });
    await writeFile(join(savedDir(), 'ask.json'), SAVED_ASK);
    const clipboardBefore = await vscode.env.clipboard.readText();
    const outcome = await vscode.commands.executeCommand<CreateKeyOutcome>('openaiConnector.createWorkspaceKey', { adminKeyId: admin.id, projectId: 'proj_0001', name: 'ws key', level: 'recommended' });
    assert.ok(outcome?.keyId && outcome.stored);
    const create = mock.requests.find((r) => r.method === 'POST' && r.path.endsWith('/service_accounts'))!;
    assert.equal(JSON.parse(create.body).create_service_account_only, true, 'never the unrestricted default');
    assert.deepEqual([...outcome.scopes].sort(), ['api.responses.read', 'api.responses.write', 'model.request']);
    const minted = mock.keys.find((k) => k.id === outcome.remoteKeyId)!;
    assert.deepEqual(minted.scopes, outcome.scopes);
    const testing = await hooks();
    assert.equal(await testing.secrets.get(`openaiConnector.key.${outcome.keyId}`), minted.value, 'the value is in SecretStorage');
    assert.equal(testing.vault.activeKey()?.id, outcome.keyId, 'active in this workspace');
    assert.equal(outcome.detected?.responses, 'write');
    assert.equal(outcome.detected?.['model-capabilities'], 'request');
    assert.equal(outcome.detected?.files, 'none');
    assert.equal(testing.vault.get(outcome.keyId)?.permission.level, 'restricted');
    // Nowhere else: globalState, logs, clipboard, the command's answer.
    for (const k of testing.globalState.keys()) assert.ok(!JSON.stringify(testing.globalState.get(k) ?? null).includes(minted.value), `globalState ${k}`);
    const { logDir, rows: view } = await rows();
    assert.deepEqual(await filesContaining(logDir, minted.value), []);
    assert.ok((await filesContaining(logDir, `Minted key ${minted.id}`)).length > 0, 'the search reads the extension log');
    assert.equal(await vscode.env.clipboard.readText(), clipboardBefore);
    assert.ok(!JSON.stringify(outcome).includes(minted.value));
    assert.ok(!JSON.stringify(view).includes(minted.value));
    assert.match(view.find((r) => r.label === 'ws key')!.description, /stored as 'ws key'/);
  });

  it('says when the new key can do nothing, and takes the unrestricted alternative only when chosen', async () => {
    mock.roleLessKeysWork = false;
    const outcome = await vscode.commands.executeCommand<CreateKeyOutcome>('openaiConnector.createWorkspaceKey', { adminKeyId: admin.id, projectId: 'proj_0001', name: 'ws key', level: 'read-only', onNoAccess: 'unrestricted' });
    assert.ok(outcome?.canDoNothing && outcome.unrestricted);
    const creates = mock.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/service_accounts')).map((r) => JSON.parse(r.body) as Record<string, unknown>);
    assert.equal(creates[0]!.create_service_account_only, true);
    assert.equal(creates[1]!.create_service_account_only, undefined, 'the default-role account, as chosen');
    assert.equal(mock.serviceAccounts.some((a) => a.role === 'none'), false, 'the useless role-less account was deleted');
    const testing = await hooks();
    const unrestricted = mock.keys.find((k) => k.id === outcome.remoteKeyId)!;
    assert.equal(await testing.secrets.get(`openaiConnector.key.${outcome.keyId}`), unrestricted.value);
    assert.equal(testing.vault.get(outcome.keyId!)?.permission.level, 'all');
  });

  it('says exactly what happened when a minted key cannot be stored, and revokes it on request', async () => {
    const outcome = await vscode.commands.executeCommand<CreateKeyOutcome>('openaiConnector.createWorkspaceKey', { adminKeyId: admin.id, projectId: 'proj_0001', name: 'ws key', level: 'all', failStore: true, afterStoreFailure: 'revoke' });
    assert.ok(outcome && !outcome.stored && outcome.revoked);
    assert.equal(mock.keys.some((k) => k.id === outcome.remoteKeyId), false);
    assert.equal(mock.serviceAccounts.some((a) => a.id === outcome.serviceAccountId), false);
    assert.equal((await hooks()).vault.allKeys().filter((k) => k.kind !== 'admin').length, 0);
  });

  it('revokes a user key by the project-key route and our own service-account key by deleting its account', async () => {
    const userKey = mock.keys.find((k) => k.projectId === 'proj_0001' && k.owner.type === 'user')!;
    await rows();
    let outcome = await vscode.commands.executeCommand<RevokeOutcome>('openaiConnector.revokeKeyAtOpenAI', { adminKeyId: admin.id, projectId: 'proj_0001', keyId: userKey.id }, { confirm: true });
    assert.equal(outcome?.plan, 'delete-key');
    assert.ok(mock.requests.some((r) => r.method === 'DELETE' && r.path === `/v1/organization/projects/proj_0001/api_keys/${userKey.id}`));

    const created = (await vscode.commands.executeCommand<CreateKeyOutcome>('openaiConnector.createWorkspaceKey', { adminKeyId: admin.id, projectId: 'proj_0001', name: 'ws key', level: 'all' }))!;
    outcome = await vscode.commands.executeCommand<RevokeOutcome>('openaiConnector.revokeKeyAtOpenAI', { storedKeyId: created.keyId, confirm: true, afterwards: 'mark' });
    assert.equal(outcome?.plan, 'delete-own-account');
    assert.equal(outcome?.storedCopy, 'marked');
    assert.ok(mock.requests.some((r) => r.method === 'DELETE' && r.path === `/v1/organization/projects/proj_0001/service_accounts/${created.serviceAccountId}`));
    const testing = await hooks();
    const item = testing.keysTree.getTreeItem({ type: 'key', record: testing.vault.get(created.keyId!)! } as never);
    assert.match(String(item.description), /revoked at OpenAI/);

    // Someone else's service account: the other keys that go with it are named, and it is asked.
    const shared = mock.keys.find((k) => k.projectId === 'proj_0002' && k.owner.type === 'service_account')!;
    await rows();
    outcome = await vscode.commands.executeCommand<RevokeOutcome>('openaiConnector.revokeKeyAtOpenAI', { adminKeyId: admin.id, projectId: 'proj_0002', keyId: shared.id }, { confirm: true });
    assert.equal(outcome?.plan, 'delete-shared-account');
  });

  describe('Revoke and Replace from a leak finding', function () {
    // The first run opens a Python file and loads the lazy chunks on a shared, busy machine.
    this.timeout(90_000);
    const STEPS = ['mint', 'store', 'activate', 'revoke', 'replace'] as const;
    let leaked: string;
    let file: vscode.Uri;
    let files = 0;

    /** A file with a leaked key that OpenAI lists in proj_0001; returns the quick fix's command. */
    async function leak(): Promise<vscode.Command> {
      leaked = makeKey.project();
      mock.addKey('proj_0001', leaked, { name: 'leaky' });
      await mkdir(savedDir(), { recursive: true });
      await writeFile(join(savedDir(), 'ask.json'), SAVED_ASK);
      file = vscode.Uri.file(join(workspaceDir(), `leaky_app_${++files}.py`));
      await writeFile(file.fsPath, `import os\n\nclient = OpenAI(api_key="${leaked}")\n`);
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      let diagnostic: vscode.Diagnostic | undefined;
      await eventually(() => {
        diagnostic = vscode.languages.getDiagnostics(file).find((d) => d.source === 'OpenAI Connector');
        assert.ok(diagnostic, 'the leak is in Problems');
      }, 10_000);
      assert.ok(diagnostic);
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', file, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      const fix = actions.find((a) => a.title === 'Revoke and Replace Key at OpenAI');
      assert.ok(fix?.command, 'the quick-fix menu offers Revoke and Replace');
      assert.ok(actions.some((a) => a.title === 'Move key to OpenAI Connector'));
      return fix.command;
    }

    async function assertReplaced(): Promise<void> {
      const testing = await hooks();
      assert.equal(mock.keys.some((k) => k.value === leaked), false, 'the leaked key is revoked at OpenAI');
      const replacements = testing.vault.allKeys().filter((k) => k.name === 'leaky (replacement)');
      assert.equal(replacements.length, 1, 'exactly one replacement is stored');
      const active = testing.vault.activeKey();
      assert.equal(active?.id, replacements[0]!.id, 'the replacement is active here');
      const value = await testing.secrets.get(`openaiConnector.key.${active!.id}`);
      const remote = mock.keys.find((k) => k.value === value);
      assert.ok(remote, 'the stored value is the minted key');
      assert.deepEqual([...(remote.scopes ?? [])].sort(), ['api.responses.read', 'api.responses.write', 'model.request']);
      assert.equal(mock.serviceAccounts.filter((a) => a.role === 'none').length, 1, 'no orphan service account');
      const text = await readFile(file.fsPath, 'utf8');
      assert.ok(!text.includes(leaked), 'the literal is gone');
      assert.match(text, /os\.environ\["OPENAI_API_KEY"\]/);
    }

    afterEach(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await rm(file.fsPath, { force: true });
    });

    it('mints, stores, activates, revokes and replaces the literal, reporting each step', async () => {
      const fix = await leak();
      const outcome = await vscode.commands.executeCommand<ReplaceOutcome>(fix.command, ...(fix.arguments ?? []), { adminKeyId: admin.id, confirm: true });
      assert.ok(outcome?.completed, outcome?.message);
      assert.equal(outcome.report.length, 5);
      assert.ok(outcome.report.every((l) => l.startsWith('✓')));
      await assertReplaced();
      assert.ok(!JSON.stringify(outcome).includes(leaked));
    });

    for (const step of STEPS) {
      it(`fails at "${step}" with a stated state, and Resume finishes the job`, async () => {
        const fix = await leak();
        const failed = await vscode.commands.executeCommand<ReplaceOutcome>(fix.command, ...(fix.arguments ?? []), { adminKeyId: admin.id, confirm: true, failAt: step });
        assert.equal(failed?.completed, false);
        assert.equal(failed.failedAt, step);
        assert.match(failed.message, step === 'mint' || step === 'store' ? /Now no replacement is stored yet; the leaked key 'leaky' is not revoked yet/
          : step === 'activate' ? /Now the replacement 'leaky \(replacement\)' is stored but not active yet/
          : step === 'revoke' ? /Now the replacement 'leaky \(replacement\)' is stored and active; the leaked key 'leaky' is not revoked yet; the key is still in the file/
          : /the leaked key 'leaky' is revoked; the key is still in the file/);
        assert.equal(mock.keys.some((k) => k.value === leaked), step !== 'replace', 'revoked only once that step ran');
        const resumed = await vscode.commands.executeCommand<ReplaceOutcome>('openaiConnector.revokeAndReplace', undefined, { confirm: true });
        assert.ok(resumed?.completed, resumed?.message);
        assert.equal(resumed.report[0]!.startsWith(`✓ ${step === 'store' ? 'Mint' : ''}`), true);
        await assertReplaced();
      });
    }
  });
});
