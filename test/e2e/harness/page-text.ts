// Everything a page holds as text, for checks that a key never reached the screen: text nodes,
// attributes and control values, through shadow roots, in every frame (webviews included).
import type { FrameLocator, Page } from 'playwright-core';

// Plain JavaScript, so the test runner's transform adds no helpers that do not exist in the page.
export const DEEP_TEXT = new Function('body', `
  const parts = [];
  const visit = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let node = walker.currentNode; node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent || '');
      if (node instanceof Element) {
        for (const attr of Array.from(node.attributes)) parts.push(attr.value);
        if (typeof node.value === 'string') parts.push(node.value);
        if (node.shadowRoot) visit(node.shadowRoot);
      }
    }
  };
  visit(body);
  return parts.join('\\n');
`) as (body: HTMLElement) => string;

/** The deep text of one webview (or any frame locator). */
export async function deepFrameText(frame: FrameLocator): Promise<string> {
  return (await frame.locator('body').evaluate(DEEP_TEXT)) as string;
}

/** The deep text of the whole page: the workbench and every frame in it. */
export async function deepPageText(page: Page): Promise<string> {
  const texts = await Promise.all(page.frames().map((frame) =>
    frame.locator('html').evaluate(DEEP_TEXT).then((text) => text as string, () => '')));
  return texts.join('\n');
}
