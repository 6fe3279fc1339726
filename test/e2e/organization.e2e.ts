// A new user with only an admin key, in the real workbench: the Organization view appears with the
// organization's projects and keys, Create Key for This Workspace mints a least-privilege key from the
// workspace's saved requests, stores it and makes it active; the minted value is then searched for in
// settings, storage, logs and the DOM (and is nowhere). Last, a project key leaked into a workspace
// file is revoked and replaced through the editor's quick fix.
import * as assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { MockAdmin, startMockAdmin } from '../fixtures/mock-admin-server';
import { makeKey } from '../unit/test-keys';
import { addKeyViaUi } from './harness/add-key';
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
    await addKeyViaUi(wb, { secret: adminKey, name: 'org admin', scope: 'All workspaces', baseUrl: mock.baseUrl });
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
    // The row's accessible name is its tooltip: "Stored in VS Code as 'workspace'".
    await wb.expectTreeItem(/^workspace\b.*Stored in VS Code as 'workspace'/, { view: ORG_VIEW, timeout: 30_000 });
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

  step('Revoke and Replace from the quick fix of a leaked key: revoked, replaced, gone from the file', async (wb, session) => {
    const leaked = makeKey.project();
    const listed = mock.addKey('proj_0001', leaked, { name: 'leaky' });
    const file = join(session.host.dirs.workspace, 'leaky_app.py');
    await writeFile(file, `import os\n\nclient = OpenAI(api_key="${leaked}")\n`);
    await wb.runCommand('View: Close All Editors', { category: null });
    await wb.openPalette();
    await wb.quickInputBox.fill('leaky_app.py');
    await wb.quickPickRows.filter({ hasText: 'leaky_app.py' }).first().click();
    const squiggle = wb.page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 30_000 });
    // As a user would: click into the flagged key, then open the quick-fix menu there. (Not F8: VS Code's
    // own problem peek puts the whole line, key included, into an aria-label.)
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle is on screen');
    await wb.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await wb.page.keyboard.press('Control+.');
    const menu = wb.page.locator('.action-widget');
    await menu.getByText('Move key to OpenAI Connector').first().waitFor();
    await menu.getByText('Revoke and Replace Key at OpenAI').first().click();
    assert.match(await wb.dialogText(), /Revoke and replace 'leaky'/);
    await wb.answerDialog('Revoke and Replace');
    await wb.waitForNotification(/'leaky' is revoked and replaced by 'leaky \(replacement\)'/, 60_000);

    assert.ok(mock.requests.some((r) => r.method === 'DELETE' && r.path.endsWith(`/projects/proj_0001/api_keys/${listed.id}`)), 'the leaked key was revoked with a DELETE');
    assert.equal(mock.keys.some((k) => k.value === leaked), false, 'the leaked key is no longer listed');
    const replacement = mock.keys.find((k) => k.name === 'leaky (replacement)');
    assert.ok(replacement, 'a replacement was minted');
    await wb.expectTreeItem(/^leaky \(replacement\).*\bactive\b/, { view: KEYS_VIEW, timeout: 30_000 });
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes(leaked), 'the literal is gone from the file on disk');
    assert.match(text, /os\.environ\["OPENAI_API_KEY"\]/);
    assert.deepEqual(await session.findSecret(leaked), []);
    assert.deepEqual(await session.findSecret(replacement.value), []);
  });
});
