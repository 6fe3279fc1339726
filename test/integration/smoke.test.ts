// Smoke test of the installed extension inside a real VS Code: it activates lazily on a command,
// registers every command its manifest declares, and contributes the keys view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'openai-connector.openai-connector';

interface ManifestCommand {
  command: string;
}

function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(found, `extension ${EXTENSION_ID} is not loaded`);
  return found;
}

describe('smoke', () => {
  it('is not active before anything asks for it, and activates on a command', async () => {
    const ext = extension();
    assert.equal(ext.isActive, false, 'the extension activated at start-up; activation must stay lazy');
    await vscode.commands.executeCommand('openaiConnector.showLog');
    assert.equal(ext.isActive, true);
  });

  it('registers every command declared in package.json', async () => {
    const declared = (extension().packageJSON as { contributes: { commands: ManifestCommand[] } }).contributes.commands;
    assert.ok(declared.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `commands declared but not registered: ${missing.join(', ')}`);
  });

  it('contributes the OpenAI Keys view, which can be focused', async () => {
    const views = (extension().packageJSON as { contributes: { views: Record<string, { id: string; name: string }[]> } })
      .contributes.views;
    const keys = Object.values(views).flat().find((v) => v.id === 'openaiConnector.keys');
    assert.equal(keys?.name, 'OpenAI Keys');
    // `<view id>.focus` exists only when the workbench knows the view.
    await vscode.commands.executeCommand('openaiConnector.keys.focus');
  });
});
