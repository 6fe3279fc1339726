// The keys view as a user first meets it: our activity-bar icon, the OpenAI Keys view, and its welcome
// view offering Add API Key, in a fresh VS Code with the packaged extension installed.
import * as assert from 'node:assert/strict';
import { scenario } from './harness/scenario';
import { KEYS_VIEW } from './harness/workbench';

scenario('keys view', { label: 'keys-view' }, ({ step }) => {
  step('shows the OpenAI Connector icon in the activity bar', async (wb) => {
    await wb.activityIcon.waitFor();
    assert.match((await wb.activityIcon.getAttribute('aria-label')) ?? '', /^OpenAI Connector/);
  });

  step('opens the OpenAI Keys view with the welcome view and its Add API Key button', async (wb) => {
    const pane = await wb.openView(KEYS_VIEW);
    await wb.welcomeButton('Add API Key').waitFor();
    assert.match(await pane.locator('.welcome-view').innerText(), /No OpenAI API keys yet/);
    assert.equal(await wb.treeItem(/./, KEYS_VIEW).count(), 0, 'a fresh profile has no keys');
  });

  step('the welcome button starts Add API Key with a password box', async (wb) => {
    await wb.welcomeButton('Add API Key').click();
    await wb.expectQuickInputTitle(/Add API Key/);
    assert.equal(await wb.quickInputBox.getAttribute('type'), 'password');
    await wb.dismissQuickInput();
  });
});
