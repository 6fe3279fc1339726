// Stores an admin key for a local Admin API mock as a user does (palette, prompts), for every workspace.
import { KEYS_VIEW, type Workbench } from './workbench';

export async function addAdminKey(wb: Workbench, key: string, name: string, baseUrl: string): Promise<void> {
  await wb.openView(KEYS_VIEW);
  await wb.runCommand('Add API Key');
  await wb.typeInInput(key, { password: true, prompt: /Paste the secret key/ });
  await wb.typeInInput(name, { prompt: /A name that says which app uses this key/ });
  await wb.pickQuickPickItem('All workspaces');
  await wb.pickQuickPickItem('All');
  await wb.typeInInput(baseUrl, { prompt: /Base URL: OpenAI's/ });
  await wb.acceptInput({ prompt: /Organization id/ });
  await wb.acceptInput({ prompt: /Project id/ });
  await wb.expectTreeItem(new RegExp(name), { view: KEYS_VIEW });
}
