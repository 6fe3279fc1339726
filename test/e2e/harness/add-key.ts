// Add API Key from the palette, as a user does it: the one copy of its steps for the e2e scenarios, the
// attack suite, the README screenshots and the webview benchmark. Each prompt is found by what it asks,
// not by its step number, and every prompt the flow shows is answered (none is optional).
import { KEYS_VIEW, escapeRegExp, type Workbench } from './workbench';

export interface UiKey {
  /** Typed into the password box as is (it may carry "Bearer " or spaces, which the flow strips). */
  readonly secret: string;
  readonly name: string;
  /** Default 'This workspace'. */
  readonly scope?: 'This workspace' | 'All workspaces';
  /** A level's label, or the groups to tick for Restricted (e.g. 'Files: Write'). Default 'All'. */
  readonly level?: 'All' | 'Read only' | readonly string[];
  /** Default: the prefilled OpenAI base URL. */
  readonly baseUrl?: string;
  readonly organization?: string;
  readonly project?: string;
}

/** Runs Add API Key and answers every prompt; returns the new tree item's accessible name. */
export async function addKeyViaUi(wb: Workbench, key: UiKey): Promise<string> {
  await wb.runCommand('Add API Key');
  await wb.typeInInput(key.secret, { password: true, prompt: /Paste the secret key/ });
  await wb.typeInInput(key.name, { prompt: /A name that says which app uses this key/ });
  await wb.pickQuickPickItem(key.scope ?? 'This workspace');
  const level = key.level ?? 'All';
  if (typeof level === 'string') {
    await wb.pickQuickPickItem(level);
  } else {
    await wb.pickQuickPickItem('Restricted');
    await wb.pickQuickPickItems([...level]);
  }
  if (key.baseUrl) await wb.typeInInput(key.baseUrl, { prompt: /Base URL: OpenAI's/ });
  else await wb.acceptInput({ prompt: /Base URL: OpenAI's/ });
  await wb.typeInInput(key.organization ?? '', { prompt: /Organization id/ });
  await wb.typeInInput(key.project ?? '', { prompt: /Project id/ });
  return wb.expectTreeItem(new RegExp(escapeRegExp(key.name)), { view: KEYS_VIEW });
}
