// A new user with only an admin key, in the real workbench: the Organization view appears with the
// organization's projects and keys, Create Key for This Workspace mints a least-privilege key from the
// workspace's saved requests, stores it and makes it active; the minted value is then searched for in
// settings, storage, logs and the DOM (and is nowhere).
import * as assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { makeKey } from '../unit/test-keys';
import { scenario } from './harness/scenario';
import { KEYS_VIEW } from './harness/workbench';

const ORG_VIEW = 'Organization';
const adminKey = makeKey.admin();
let mock: MockAdmin;

before(async () => {
  mock = await startMockAdmin({ adminKey, seed: { projects: 2, keysPerProject: 3 } });
});
after(() => mock?.close());

const SAVED_ASK = JSON.stringify({ version: 1, name: 'ask', request: { method: 'POST', path: '/responses', bodyKind: 'json', body: { model: 'gpt-4o-mini', input: 'hi' } } }, null, 2);

scenario('organization', { label: 'organization', workspaceFiles: { '.vscode/openai-requests/ask.json': SAVED_ASK } }, ({ step }) => {
  step('an admin key brings the Organization view with projects, keys and their last use', async (wb) => {
    await wb.openView(KEYS_VIEW);
    await wb.runCommand('Add API Key');
    await wb.typeInInput(adminKey, { password: true, prompt: /Paste the secret key/ });
    await wb.typeInInput('org admin', { prompt: /A name that says which app uses this key/ });
    await wb.pickQuickPickItem('All workspaces');
    await wb.pickQuickPickItem('All');
    await wb.typeInInput(mock.baseUrl, { prompt: /Base URL: OpenAI's/ });
    await wb.acceptInput({ prompt: /Organization id/ });
    await wb.acceptInput({ prompt: /Project id/ });
    await wb.expectTreeItem(/org admin/, { view: KEYS_VIEW });
    await wb.openView(ORG_VIEW);
    await wb.expectTreeItem(/Project 1/, { view: ORG_VIEW, timeout: 60_000 });
    await wb.expandTreeItem(/Project 1/, ORG_VIEW);
    const row = await wb.expectTreeItem(/key 1\.1/, { view: ORG_VIEW });
    assert.match(row, /User 1/);
    assert.match(row, /last used .* ago/);
  });

  step('Create Key for This Workspace mints a least-privilege key, stored and active', async (wb) => {
    await wb.runCommand('Create Key for This Workspace');
    await wb.pickQuickPickItem('Project 1');
    await wb.acceptInput({ prompt: /Name of the new key/ });
    await wb.pickQuickPickItem('Restricted (recommended)');
    // The folder is also called "workspace": its group row matches /^workspace/ too, so wait for the key's own row.
    await wb.expectTreeItem(/^workspace\b.*\bactive\b/, { view: KEYS_VIEW, timeout: 60_000 });
    const minted = mock.keys.find((k) => k.scopes !== undefined);
    assert.ok(minted, 'a scoped key was minted');
    assert.deepEqual([...minted.scopes!].sort(), ['api.responses.read', 'api.responses.write', 'model.request']);
    assert.equal(mock.serviceAccounts.find((a) => a.id === (minted.owner as { service_account: { id: string } }).service_account.id)?.role, 'none');
    // A tree row's accessible name is its tooltip, which says where the key is stored.
    await wb.expectTreeItem(/Stored in VS Code as 'workspace'/, { view: ORG_VIEW, timeout: 30_000 });
  });

  step('the minted value is nowhere: not in settings, storage, logs or the DOM', async (wb, session) => {
    await wb.runCommand('Show Log');
    assert.match(await wb.outputPanelText(), /Minted\skey/);
    // A positive signal first: the stored index (which names the admin key) has reached disk.
    const deadline = Date.now() + 30_000;
    while ((await session.findSecret('org admin')).length === 0) {
      assert.ok(Date.now() < deadline, 'findSecret found nothing at all');
      await new Promise((r) => setTimeout(r, 250));
    }
    const minted = mock.keys.find((k) => k.scopes !== undefined)!;
    assert.deepEqual(await session.findSecret(minted.value), []);
    assert.deepEqual(await session.findSecret(adminKey), []);
  });
});
