// The keys view as a user first meets it: our activity-bar icon, the OpenAI Keys view, and its welcome
// view offering Add API Key and the Getting Started walkthrough, in a fresh VS Code with the packaged
// extension installed.
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

  step('the welcome view opens the Getting Started walkthrough with its six steps', async (wb) => {
    await wb.welcomeButton('Open Getting Started').click();
    const walkthrough = wb.page.locator('.gettingStartedContainer');
    await walkthrough.getByText('Get Started with OpenAI Connector').first().waitFor();
    const steps = walkthrough.locator('.getting-started-step .step-title');
    await steps.first().waitFor();
    assert.deepEqual((await steps.allInnerTexts()).map((t) => t.trim()), [
      'Create an API key at platform.openai.com',
      'Add it to OpenAI Connector',
      'Test it',
      'Detect or set its permissions',
      'Send a first request',
      'Scan the workspace for leaked keys',
    ]);
  });
});
