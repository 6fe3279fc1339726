// Drives VS Code's workbench (code-server in Chromium) the way a user does: activity bar, command
// palette, input boxes and quick picks, tree views, context menus, notifications, dialogs, webviews.
// Selectors follow docs/test-host.md and VS Code 1.139's DOM.
import type { FrameLocator, Locator, Page } from 'playwright-core';

export const EXTENSION_CATEGORY = 'OpenAI Connector';
export const CONTAINER_TITLE = 'OpenAI Connector';
export const KEYS_VIEW = 'OpenAI Keys';

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Text or pattern: text matches as a case-sensitive substring. */
export type TextMatch = string | RegExp;

function toRegExp(match: TextMatch): RegExp {
  return typeof match === 'string' ? new RegExp(escapeRegExp(match)) : match;
}

export class Workbench {
  constructor(readonly page: Page) {}

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  get quickInputBox(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-box input');
  }

  get quickPickRows(): Locator {
    return this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
  }

  /** The extension's activity-bar icon (its view container). */
  get activityIcon(): Locator {
    return this.page.locator(`.part.activitybar a.action-label[aria-label^="${CONTAINER_TITLE}"]`);
  }

  /** Waits for the workbench, then for our activity-bar icon: opening the palette earlier is flaky. */
  async waitForReady(timeout = 90_000): Promise<void> {
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout });
    await this.activityIcon.waitFor({ timeout });
  }

  /** Shows the extension's side bar container (does not toggle it closed when already shown). */
  async openContainer(): Promise<void> {
    const sidebar = this.page.locator(`.part.sidebar[data-active-composite="workbench.view.extension.openaiConnector"]`);
    if (await sidebar.isVisible()) return;
    await this.activityIcon.click();
    await sidebar.waitFor();
  }

  /** The pane of a view in the side bar, by its name ("OpenAI Keys"). */
  viewPane(name: string): Locator {
    return this.page.locator('.part.sidebar .pane').filter({
      has: this.page.locator(`.pane-header[aria-label="${name} Section"]`),
    });
  }

  /** Opens our container and expands the named view. */
  async openView(name = KEYS_VIEW): Promise<Locator> {
    await this.openContainer();
    const header = this.page.locator(`.part.sidebar .pane-header[aria-label="${name} Section"]`);
    await header.waitFor();
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    return this.viewPane(name);
  }

  /** A button of a view's welcome content ("Add API Key"). */
  welcomeButton(label: string, view = KEYS_VIEW): Locator {
    return this.viewPane(view).locator('.welcome-view').getByRole('button', { name: label, exact: true });
  }

  /** A title-bar action of a view, by its title ("Add API Key"). */
  viewAction(title: string, view = KEYS_VIEW): Locator {
    return this.viewPane(view).locator(`.pane-header .actions a.action-label[aria-label="${title}"]`);
  }

  /** Runs a command from the palette by its title, e.g. runCommand('Add API Key'). */
  async runCommand(title: string, options: { category?: string | null } = {}): Promise<void> {
    const category = options.category === undefined ? EXTENSION_CATEGORY : options.category;
    const label = category ? `${category}: ${title}` : title;
    await this.openPalette();
    await this.quickInputBox.fill(`>${label}`);
    const row = this.quickPickRows.filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) });
    await row.first().waitFor();
    await row.first().click();
  }

  /** Opens the command palette from a known state (closes an open quick input first). */
  async openPalette(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden' });
    }
    // Keyboard focus must be in the workbench, not in a webview or a detached element.
    await this.page.evaluate(() => {
      const active = document.activeElement as HTMLElement | null;
      if (active?.tagName === 'IFRAME') active.blur();
    });
    await this.page.keyboard.press('F1');
    await this.quickInputBox.waitFor();
  }

  /** Waits for an input box (optionally one whose title or prompt matches), types `text` and submits. */
  /** Types into the quick input; `prompt` is text the prompt shows (its title, message or placeholder). */
  async typeInInput(text: string, options: { password?: boolean; prompt?: TextMatch; submit?: boolean } = {}): Promise<void> {
    await this.quickInputBox.waitFor();
    if (options.prompt) await this.expectQuickInputTitle(options.prompt);
    const type = await this.quickInputBox.getAttribute('type');
    if (options.password !== undefined && (type === 'password') !== options.password) {
      throw new Error(`Expected ${options.password ? 'a password' : 'a plain'} input box, found type="${type}"`);
    }
    await this.quickInputBox.fill(text);
    if (options.submit !== false) await this.quickInputBox.press('Enter');
  }

  /** Submits the input box as it is (keeps its prefilled value). */
  async acceptInput(options: { prompt?: TextMatch } = {}): Promise<void> {
    await this.quickInputBox.waitFor();
    if (options.prompt) await this.expectQuickInputTitle(options.prompt);
    await this.quickInputBox.press('Enter');
  }

  /** Waits until the quick input's title or prompt matches. */
  async expectQuickInputTitle(match: TextMatch, timeout = 20_000): Promise<void> {
    const pattern = toRegExp(match);
    await this.page.waitForFunction(
      ([source, flags]) => {
        const widget = document.querySelector('.quick-input-widget') as HTMLElement | null;
        if (!widget || widget.style.display === 'none') return false;
        const text = ['.quick-input-title', '.quick-input-message', '.quick-input-box input']
          .map((s) => {
            const el = widget.querySelector(s);
            return el instanceof HTMLInputElement ? `${el.placeholder} ${el.getAttribute('aria-label') ?? ''}` : el?.textContent ?? '';
          })
          .join('\n');
        return new RegExp(source, flags).test(text);
      },
      [pattern.source, pattern.flags] as const,
      { timeout },
    );
  }

  /** The validation or prompt text under the input box. */
  async inputMessage(): Promise<string> {
    return (await this.page.locator('.quick-input-widget .quick-input-message').textContent())?.trim() ?? '';
  }

  /** Labels of the quick pick's visible items. */
  async quickPickItems(): Promise<string[]> {
    await this.quickPickRows.first().waitFor();
    return (await this.quickPickRows.locator('.label-name').allTextContents()).map((t) => t.trim());
  }

  /** Picks the item whose label equals `label` (filters first, so long lists work too). */
  async pickQuickPickItem(label: string, options: { filter?: boolean } = {}): Promise<void> {
    await this.quickInputBox.waitFor();
    if (options.filter !== false) await this.quickInputBox.fill(label);
    const row = this.quickPickRows.filter({
      has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
    });
    await row.first().waitFor();
    await row.first().click();
  }

  /** Ticks items of a many-select quick pick by label, then presses OK. */
  async pickQuickPickItems(labels: string[]): Promise<void> {
    await this.quickInputBox.waitFor();
    for (const label of labels) {
      const row = this.quickPickRows.filter({
        has: this.page.locator('.label-name', { hasText: new RegExp(`^\\s*${escapeRegExp(label)}\\s*$`) }),
      });
      await row.first().locator('input[type="checkbox"], .quick-input-list-checkbox, .monaco-custom-toggle').first().click();
    }
    await this.page.locator('.quick-input-widget .quick-input-action a, .quick-input-widget .monaco-button', { hasText: 'OK' }).first().click();
  }

  /** Closes the quick input without choosing. */
  async dismissQuickInput(): Promise<void> {
    if (await this.quickInput.isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.quickInput.waitFor({ state: 'hidden' });
    }
  }

  /** A tree item whose accessible name contains `name` (label, description and tooltip-free text). */
  treeItem(name: TextMatch, view?: string): Locator {
    const scope = view ? this.viewPane(view) : this.page;
    return scope.getByRole('treeitem', { name: toRegExp(name) });
  }

  /** Waits for a tree item; returns its accessible name, which holds label and description. */
  async expectTreeItem(name: TextMatch, options: { view?: string; timeout?: number } = {}): Promise<string> {
    const item = this.treeItem(name, options.view).first();
    await item.waitFor({ timeout: options.timeout ?? 20_000 });
    return (await item.getAttribute('aria-label')) ?? (await item.innerText());
  }

  /** Waits until no tree item matches. */
  async expectNoTreeItem(name: TextMatch, options: { view?: string; timeout?: number } = {}): Promise<void> {
    await this.treeItem(name, options.view).first().waitFor({ state: 'detached', timeout: options.timeout ?? 20_000 });
  }

  /** Accessible names of every visible row of a view's tree. */
  async treeItems(view = KEYS_VIEW): Promise<string[]> {
    const rows = this.viewPane(view).getByRole('treeitem');
    return rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? e.textContent ?? ''));
  }

  /** Expands a collapsed tree item. */
  async expandTreeItem(name: TextMatch, view?: string): Promise<void> {
    const item = this.treeItem(name, view).first();
    if ((await item.getAttribute('aria-expanded')) === 'false') await item.locator('.monaco-tl-twistie').click();
  }

  /** Right-clicks a tree item and chooses `action` from its context menu. */
  async treeItemContextMenu(name: TextMatch, action: string, view?: string): Promise<void> {
    const item = this.treeItem(name, view).first();
    await item.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    const entry = menu.getByRole('menuitem', { name: action, exact: true });
    await entry.waitFor();
    await entry.click();
    // A click that lands while the menu is still settling is sometimes ignored (seen under load):
    // when the menu is still open, click once more; if it then stays open, fail with what was chosen.
    const closed = await menu.waitFor({ state: 'hidden', timeout: 3000 }).then(() => true, () => false);
    if (closed) return;
    try {
      await entry.click({ timeout: 5000 });
    } catch (error) {
      // The menu may have closed between the check and the second click: that is the first click working.
      if (await menu.isVisible()) throw new Error(`Could not choose '${action}' from the context menu: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const closedNow = await menu.waitFor({ state: 'hidden', timeout: 5000 }).then(() => true, () => false);
    if (!closedNow) throw new Error(`The context menu stayed open after choosing '${action}' twice.`);
  }

  /** Titles of a tree item's context menu entries (the menu is closed again). */
  async treeItemContextMenuEntries(name: TextMatch, view?: string): Promise<string[]> {
    const item = this.treeItem(name, view).first();
    await item.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu');
    await menu.getByRole('menuitem').first().waitFor();
    const labels = await menu.locator('.action-label').allTextContents();
    await this.page.keyboard.press('Escape');
    return labels.map((l) => l.trim()).filter(Boolean);
  }

  /** Clicks an inline (hover) action of a tree item by its title. */
  async treeItemInlineAction(name: TextMatch, title: string, view?: string): Promise<void> {
    const item = this.treeItem(name, view).first();
    await item.hover();
    await item.locator(`.actions a.action-label[aria-label="${title}"]`).click();
  }

  /** Messages of the notification toasts now on screen. */
  async readNotifications(): Promise<string[]> {
    const messages = this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message');
    return (await messages.allInnerTexts()).map((t) => t.trim());
  }

  /** Waits for a toast whose message matches; returns its text. */
  async waitForNotification(match: TextMatch, timeout = 20_000): Promise<string> {
    const toast = this.page
      .locator('.notifications-toasts .notification-toast .notification-list-item-message')
      .filter({ hasText: toRegExp(match) })
      .first();
    await toast.waitFor({ timeout });
    return (await toast.innerText()).trim();
  }

  /** Clicks a button of the toast whose message matches. */
  async clickNotificationButton(match: TextMatch, button: string): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: toRegExp(match) }).first();
    await toast.locator('.notification-list-item-buttons-container .monaco-button', { hasText: button }).first().click();
  }

  /** Closes every toast (Clear All from the notification center's command). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications', { category: null });
  }

  /** Text of the modal dialog now shown (message and detail). */
  async dialogText(timeout = 20_000): Promise<string> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout });
    return (await dialog.locator('.dialog-message-text, .dialog-message-detail').allInnerTexts()).join('\n').trim();
  }

  /** Answers a modal dialog (showWarningMessage with modal: true) by its button label. */
  async answerDialog(button: string, timeout = 20_000): Promise<void> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout });
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: new RegExp(`^\\s*${escapeRegExp(button)}\\s*$`) }).first().click();
    await dialog.waitFor({ state: 'hidden' });
  }

  /** The content frame of the active webview (two nested iframes). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Text of the Output panel (e.g. after the Show Log command). */
  async outputPanelText(): Promise<string> {
    const editor = this.page.locator('.part.panel .output-view .view-lines, .part.panel .monaco-editor .view-lines').first();
    await editor.waitFor();
    return editor.innerText();
  }
}
