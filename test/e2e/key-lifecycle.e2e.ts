// The key vault as a user drives it in the real workbench: Add API Key from the palette (Restricted,
// with its matrix), a second shared key, set active, rotate and remove from the tree's context menu.
// Afterwards the exact key strings are searched for in settings, storage, logs and the DOM.
import * as assert from 'node:assert/strict';
import { makeKey } from '../unit/test-keys';
import { addKeyViaUi } from './harness/add-key';
import { scenario } from './harness/scenario';
import type { Session } from './harness/session';
import { KEYS_VIEW } from './harness/workbench';

const first = makeKey.project();
const second = makeKey.serviceAccount();
const rotated = makeKey.project();

/** Waits until `text` is in a file the session wrote (not only in the DOM). */
async function onDisk(session: Session, text: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = (await session.findSecret(text)).filter((where) => !where.startsWith('DOM of frame'));
    if (files.length > 0) return;
    if (Date.now() > deadline) throw new Error(`"${text}" never reached the disk within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250)); // polling interval, not a wait standing in for a signal
  }
}

scenario('key lifecycle', { label: 'key-lifecycle' }, ({ step }) => {
  step('adds a Restricted key from the palette and shows it in the tree with its level', async (wb) => {
    await wb.openView(KEYS_VIEW);
    const item = await addKeyViaUi(wb, { secret: `Bearer ${first}`, name: 'e2e-app', level: ['List models: Read', 'Files: Write'] });
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
    const added = await addKeyViaUi(wb, { secret: second, name: 'e2e-shared', scope: 'All workspaces', level: 'Read only' });
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
    await wb.typeInInput(rotated, { password: true, prompt: /Rotate API Key/ });
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
    // Positive signals before the negative check: the log line and the index after the rotation
    // (with the new value's last four characters) are on disk, so the search sees the final state.
    // They also show that the search itself finds stored text.
    await onDisk(session, `Rotated key 'e2e-app'`);
    await onDisk(session, `"last4":"${rotated.slice(-4)}"`);
    for (const secret of [first, second, rotated]) {
      assert.deepEqual(await session.findSecret(secret), [], `a key was found (ending ${secret.slice(-4)})`);
    }
  });
});
