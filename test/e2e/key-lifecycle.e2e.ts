// The key vault as a user drives it in the real workbench: Add API Key from the palette (Restricted,
// with its matrix), a second shared key, set active, rotate and remove from the tree's context menu.
// Afterwards the exact key strings are searched for in settings, storage, logs and the DOM.
import * as assert from 'node:assert/strict';
import { makeKey } from '../unit/test-keys';
import { scenario } from './harness/scenario';
import { KEYS_VIEW } from './harness/workbench';

const first = makeKey.project();
const second = makeKey.serviceAccount();
const rotated = makeKey.project();

scenario('key lifecycle', { label: 'key-lifecycle' }, ({ step }) => {
  step('adds a Restricted key from the palette and shows it in the tree with its level', async (wb) => {
    await wb.openView(KEYS_VIEW);
    await wb.runCommand('Add API Key');
    await wb.typeInInput(`Bearer ${first}`, { password: true, title: /Add API Key \(1\/5\)/ });
    await wb.typeInInput('e2e-app', { title: /Add API Key \(2\/5\)/ });
    await wb.pickQuickPickItem('This workspace');
    await wb.pickQuickPickItem('Restricted');
    await wb.pickQuickPickItems(['List models: Read', 'Files: Write']);
    await wb.acceptInput({ title: /Add API Key \(5\/5\)/ });
    await wb.acceptInput({ title: /organization/ });
    await wb.acceptInput({ title: /project/ });
    const item = await wb.expectTreeItem(/e2e-app/, { view: KEYS_VIEW });
    assert.match(item, /Restricted/);
    assert.match(item, new RegExp(`sk-proj-…${first.slice(-4)}`));
    assert.match(item, /active/);
    await wb.expandTreeItem(/e2e-app/, KEYS_VIEW);
    await wb.expectTreeItem(/Files: Write/, { view: KEYS_VIEW });
    await wb.expectTreeItem(/Vector Stores: None/, { view: KEYS_VIEW });
    // Collapse it again: the tree only renders the rows in view.
    await wb.treeItem(/e2e-app/, KEYS_VIEW).first().locator('.monaco-tl-twistie').click();
    await wb.expectNoTreeItem(/Files: Write/, { view: KEYS_VIEW });
  });

  step('adds a second key for all workspaces and makes it the active key from the tree', async (wb) => {
    await wb.runCommand('Add API Key');
    await wb.typeInInput(second, { password: true, title: /Add API Key \(1\/5\)/ });
    await wb.typeInInput('e2e-shared', { title: /2\/5/ });
    await wb.pickQuickPickItem('All workspaces');
    await wb.pickQuickPickItem('Read only');
    await wb.acceptInput({ title: /5\/5/ });
    await wb.acceptInput({ title: /organization/ });
    await wb.acceptInput({ title: /project/ });
    const added = await wb.expectTreeItem(/e2e-shared/, { view: KEYS_VIEW });
    assert.match(added, /service account · Read only/);
    assert.doesNotMatch(added, /active/);
    await wb.treeItemContextMenu(/e2e-shared/, 'Set Active Key for This Workspace', KEYS_VIEW);
    await wb.expectTreeItem(/e2e-shared.*active/, { view: KEYS_VIEW });
    // The status bar names the workspace's active key and its level, never the key.
    await wb.page.locator('.part.statusbar').getByText(/e2e-shared · Read only/).first().waitFor();
    assert.doesNotMatch(await wb.expectTreeItem(/e2e-app/, { view: KEYS_VIEW }), /active/);
  });

  step('rotates a key from the tree: same name and level, new value', async (wb) => {
    await wb.treeItemContextMenu(/e2e-app/, 'Rotate API Key', KEYS_VIEW);
    await wb.typeInInput(rotated, { password: true, title: /Rotate API Key/ });
    const item = await wb.expectTreeItem(new RegExp(`e2e-app.*${rotated.slice(-4)}`), { view: KEYS_VIEW });
    assert.match(item, /Restricted/);
  });

  step('removes a key after the modal confirmation', async (wb) => {
    await wb.treeItemContextMenu(/e2e-shared/, 'Remove API Key', KEYS_VIEW);
    assert.match(await wb.dialogText(), /Remove key 'e2e-shared'\?/);
    await wb.answerDialog('Remove');
    await wb.expectNoTreeItem(/e2e-shared/, { view: KEYS_VIEW });
    await wb.expectTreeItem(/e2e-app/, { view: KEYS_VIEW });
  });

  step('no key string is in settings, storage, logs or the DOM', async (wb, session) => {
    await wb.runCommand('Show Log');
    const log = await wb.outputPanelText();
    assert.match(log, /Rotated\skey\s'e2e-app'/); // the editor renders spaces as no-break spaces
    await new Promise((r) => setTimeout(r, 1500)); // let storage and logs flush to disk
    // The search itself works: the key's name is in the stored index and the DOM.
    assert.ok((await session.findSecret('e2e-app')).length > 0, 'findSecret found nothing at all');
    for (const secret of [first, second, rotated]) {
      assert.deepEqual(await session.findSecret(secret), [], `a key was found (ending ${secret.slice(-4)})`);
    }
  });
});
