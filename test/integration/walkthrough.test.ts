// The Getting Started walkthrough inside a real VS Code: it opens by id (as the keys view's welcome
// button and Open Getting Started open it), and every command its steps run or wait for is registered.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { WALKTHROUGH_CONTEXT_KEYS, WALKTHROUGH_ID } from '../../src/vscode/walkthrough/walkthrough-ids';
import { linkedCommands, parseCompletionEvent, qualifiedWalkthroughId, type ManifestWithWalkthroughs } from '../unit/walkthrough-steps';
import { EXTENSION_ID, eventually } from './extension-api';

function manifest(): ManifestWithWalkthroughs {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.packageJSON as ManifestWithWalkthroughs;
}

function walkthrough(): NonNullable<ManifestWithWalkthroughs['contributes']['walkthroughs']>[number] {
  const found = manifest().contributes.walkthroughs?.find((w) => w.id === WALKTHROUGH_ID);
  assert.ok(found, `no walkthrough ${WALKTHROUGH_ID} in the loaded manifest`);
  return found;
}

function activeTabLabel(): string {
  return vscode.window.tabGroups.activeTabGroup.activeTab?.label ?? '';
}

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('Getting Started walkthrough', () => {
  before(closeAllEditors);
  afterEach(closeAllEditors);

  // The Getting Started editor is titled "Welcome" whichever extension walkthrough it shows, and its
  // content is not visible from the extension host: test/e2e/keys-view.e2e.ts checks that it shows ours.
  it('opens the Getting Started editor with workbench.action.openWalkthrough and our id', async () => {
    await eventually(() => assert.equal(activeTabLabel(), ''), 5_000);
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', qualifiedWalkthroughId(manifest(), WALKTHROUGH_ID), false);
    await eventually(() => assert.equal(activeTabLabel(), 'Welcome'), 15_000);
  });

  it('opens it from the Open Getting Started command', async () => {
    await eventually(() => assert.equal(activeTabLabel(), ''), 5_000);
    await vscode.commands.executeCommand('openaiConnector.openGettingStarted');
    await eventually(() => assert.equal(activeTabLabel(), 'Welcome'), 15_000);
  });

  it("registers every command the steps' buttons run and their completion events wait for", async () => {
    await vscode.commands.executeCommand('openaiConnector.showLog'); // activates the extension
    const registered = new Set(await vscode.commands.getCommands(true));
    const contextKeys = new Set<string>(Object.values(WALKTHROUGH_CONTEXT_KEYS));
    const steps = walkthrough().steps;
    assert.equal(steps.length, 6);
    for (const step of steps) {
      for (const id of linkedCommands(step.description)) assert.ok(registered.has(id), `step ${step.id}: button command ${id} is not registered`);
      for (const raw of step.completionEvents ?? []) {
        const event = parseCompletionEvent(raw);
        if (event.kind === 'command') assert.ok(registered.has(event.id), `step ${step.id}: ${raw} waits for an unregistered command`);
        else if (event.kind === 'context') assert.ok(contextKeys.has(event.key), `step ${step.id}: ${raw} is not a context key the extension sets`);
        else assert.equal(event.kind, 'link', `step ${step.id}: unexpected completion event ${raw}`);
      }
    }
  });
});
