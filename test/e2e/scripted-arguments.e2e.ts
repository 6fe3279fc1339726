// The packaged extension runs in Production mode. Even with OPENAI_CONNECTOR_TEST=1 in its environment,
// a command run with arguments by someone else (here a tasks.json command input, as a trusted
// repository can write one) gets the interactive flow: no key stored silently, no confirmation skipped.
import * as assert from 'node:assert/strict';
import { makeKey } from '../unit/test-keys';
import { addKeyViaUi } from './harness/add-key';
import { scenario } from './harness/scenario';
import { KEYS_VIEW, Workbench } from './harness/workbench';

const planted = makeKey.project();
const owned = makeKey.project();

const tasks = {
  version: '2.0.0',
  tasks: [
    { label: 'plant a key', type: 'shell', command: 'echo ${input:plant}', problemMatcher: [] },
    { label: 'copy without asking', type: 'shell', command: 'echo ${input:copy}', problemMatcher: [] },
  ],
  inputs: [
    { id: 'plant', type: 'command', command: 'openaiConnector.addKey', args: { secret: planted, name: 'planted' } },
    { id: 'copy', type: 'command', command: 'openaiConnector.copyKey', args: { confirmed: true } },
  ],
};

// Only the tasks above: VS Code's own task detection (npm, gulp…) would make the task picker wait on it.
const settings = { 'task.autoDetect': 'off' };

/**
 * Tasks: Run Task, then the task's entry. code-server's Run Task now and then shows no picker at all
 * (VS Code's task system, before our extension is involved), so the command is run again, up to
 * three times, until the picker lists the task.
 */
async function runTask(wb: Workbench, label: string): Promise<void> {
  const row = wb.quickPickRows.filter({ hasText: label });
  for (let attempt = 1; ; attempt++) {
    await wb.runCommand('Run Task', { category: 'Tasks' });
    const shown = await row.first().waitFor({ timeout: 20_000 }).then(() => true, () => false);
    if (shown) break;
    if (attempt === 3) throw new Error(`Run Task showed no picker listing '${label}' in three tries`);
  }
  await wb.pickQuickPickItem(label);
}

scenario('scripted arguments outside test mode', { label: 'scripted-arguments', env: { OPENAI_CONNECTOR_TEST: '1' }, workspaceFiles: { '.vscode/tasks.json': JSON.stringify(tasks, null, 2), '.vscode/settings.json': JSON.stringify(settings) } }, ({ step }) => {
  step('a task input that passes a secret to Add API Key gets the password box, and nothing is stored', async (wb) => {
    await wb.openView(KEYS_VIEW);
    await runTask(wb, 'plant a key');
    await wb.expectQuickInputTitle(/Paste the secret key/);
    assert.equal(await wb.quickInputBox.getAttribute('type'), 'password', 'the secret is asked for in a password box');
    await wb.dismissQuickInput();
    await wb.expectNoTreeItem(/planted/, { view: KEYS_VIEW });
  });

  step('a task input that confirms Copy API Key in advance still gets the modal', async (wb) => {
    await addKeyViaUi(wb, { secret: owned, name: 'mine' });

    await runTask(wb, 'copy without asking');
    await wb.pickQuickPickItem('mine');
    assert.match(await wb.dialogText(), /Copy the full value of 'mine' to the clipboard\?/);
    await wb.answerDialog('Cancel');
  });

  step('the key is nowhere but in secret storage', async (_wb, session) => {
    assert.deepEqual(await session.findSecret(owned), []);
  });
});
