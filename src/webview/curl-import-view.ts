/** The "Import from curl" box: a text area and an Import button. */
import { button } from './controls';
import { h, replaceChildren } from './dom';

/** Renders the box; `importText` resolves true when the host took the command (the box is then cleared). */
export function renderCurlImport(slot: HTMLElement, importText: (text: string) => Promise<boolean>): void {
  const area = h('textarea', { id: 'curl-text', class: 'curl-text', rows: 3, 'aria-label': 'curl command to import', placeholder: 'Paste a curl command, e.g. curl https://api.openai.com/v1/models -H "Authorization: Bearer $OPENAI_API_KEY"' }) as HTMLTextAreaElement;
  const run = async (): Promise<void> => {
    if (await importText(area.value)) area.value = '';
  };
  replaceChildren(slot,
    h('h2', {}, 'Import from curl'),
    area,
    h('div', { class: 'row' }, button('Import', () => void run(), { secondary: true, id: 'import-curl' }),
      h('span', { class: 'note' }, 'A key found in the command is offered for the vault and removed from the request.')));
}
