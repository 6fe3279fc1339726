/** The banner shown when the send decision asks or refuses: the reason, Send Anyway (when allowed), Don't Send. */
import { button } from './controls';
import { replaceChildren, h } from './dom';

/** Shows the banner; without `sendAnyway` the refusal is final. Focuses its first button. */
export function showPermission(banner: HTMLElement, reason: string, sendAnyway: (() => void) | undefined, dontSend: () => void): void {
  banner.hidden = false;
  replaceChildren(banner,
    h('p', {}, reason),
    h('div', { class: 'row' },
      sendAnyway ? button('Send Anyway', sendAnyway, { id: 'send-anyway' }) : null,
      button('Don\'t Send', dontSend, { secondary: true, id: 'dont-send' })));
  (banner.querySelector('vscode-button') as HTMLElement | null)?.focus();
}

export function hidePermission(banner: HTMLElement): void {
  banner.hidden = true;
  replaceChildren(banner);
}
