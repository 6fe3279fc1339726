// The README's pictures, taken in the real workbench (code-server + Chromium, the packaged extension)
// against the local mock OpenAI server, by `npm run screenshots` (scripts/screenshots.sh). Every
// picture is first checked for what it claims to show, and the DOM of every frame is searched for the
// keys used: neither a full key nor any piece of one longer than its masked form may be on the page.
// Pictures go to $OPENAI_CONNECTOR_SCREENSHOTS (the script copies them to docs/images/ once all pass).
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { REPO_ROOT } from '../../../scripts/vscode-host';
import { MockOpenAI, startMockOpenAI } from '../../fixtures/mock-openai-server';
import { makeKey } from '../../unit/test-keys';
import { addKeyViaUi, type UiKey } from '../harness/add-key';
import { deepPageText } from '../harness/page-text';
import { scenario } from '../harness/scenario';
import type { Session } from '../harness/session';
import { KEYS_VIEW, type Workbench } from '../harness/workbench';

const OUT_DIR = process.env.OPENAI_CONNECTOR_SCREENSHOTS ?? join(REPO_ROOT, '.test-run', 'screenshots');
const chatKey = makeKey.project();
const readerKey = makeKey.serviceAccount();
const supportKey = makeKey.project();
const leakedKey = makeKey.project();
const KEYS = [chatKey, readerKey, supportKey, leakedKey];

/**
 * The longest piece of a key a picture may show: the masked form `sk-proj-…abcd` shows the prefix and
 * the last four characters, never twelve characters in a row.
 */
const LONGEST_PIECE = 11;

/** A short answer, streamed word by word like a model's. */
const HAIKU = 'Kept in the vault,\nthe key never meets the page:\nonly its last four show.';

// A key pasted into code. The editor renders only the first 33 characters of a line
// (editor.stopRenderingLineAfter), so the picture shows the warning but not the key.
const LEAKY_PYTHON = `from openai import OpenAI

client = OpenAI(api_key="${leakedKey}")
reply = client.responses.create(
    model="gpt-4.1-mini",
    input="Hello",
)
print(reply.output_text)
`;

let mock: MockOpenAI;
before(async () => {
  mock = await startMockOpenAI();
  mkdirSync(OUT_DIR, { recursive: true });
});
after(async () => {
  await mock?.close();
});

/** The pieces of `key` longer than LONGEST_PIECE that appear in `text`. */
function keyPieces(text: string, key: string): string[] {
  const found: string[] = [];
  for (let i = 0; i + LONGEST_PIECE + 1 <= key.length; i++) {
    const piece = key.slice(i, i + LONGEST_PIECE + 1);
    if (text.includes(piece)) found.push(piece);
  }
  return found;
}

/** Takes a picture of the window, then proves the page held no key while it was taken. */
async function picture(session: Session, name: string, mustShow: RegExp[]): Promise<void> {
  const path = join(OUT_DIR, `${name}.png`);
  await session.page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  const text = await deepPageText(session.page);
  for (const pattern of mustShow) assert.match(text, pattern, `${name}: the page does not show ${pattern}`);
  for (const key of KEYS) {
    assert.ok(!text.includes(key), `${name}: the page holds a full key (ending ${key.slice(-4)})`);
    assert.deepEqual(keyPieces(text, key).length, 0, `${name}: the page shows a piece of a key longer than its masked form (ending ${key.slice(-4)})`);
  }
  console.log(`picture: ${path}`);
}

async function builder(wb: Workbench): Promise<FrameLocator> {
  const frame = wb.webview();
  await frame.locator('#route-search').waitFor({ timeout: 30_000 });
  return frame;
}

const STEP_IDS = ['createKey', 'addKey', 'testKey', 'permissions', 'firstRequest', 'scanWorkspace'] as const;

/** Which of the walkthrough's steps the Getting Started page shows as done. */
async function doneSteps(wb: Workbench): Promise<string[]> {
  const steps = wb.page.locator('.gettingStartedContainer button.getting-started-step');
  await steps.first().waitFor();
  const states = await steps.evaluateAll((els) => els.map((e) => [e.getAttribute('data-step-id') ?? '', e.getAttribute('aria-checked')] as const));
  assert.equal(states.length, STEP_IDS.length, `steps shown: ${states.map(([id]) => id).join(', ')}`);
  return STEP_IDS.filter((id) => states.some(([stepId, checked]) => stepId.endsWith(`#${id}`) && checked === 'true'));
}

/** Drags the sash on the side bar's right edge until the side bar is `width` pixels wide. */
async function widenSideBar(wb: Workbench, width: number): Promise<void> {
  const sidebar = await wb.page.locator('.part.sidebar').boundingBox();
  assert.ok(sidebar, 'no side bar');
  const edge = sidebar.x + sidebar.width;
  const sash = await wb.page.locator('.monaco-sash.vertical').evaluateAll((els, x) => {
    const rects = els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && Math.abs(r.x + r.width / 2 - x) < 6);
    return rects.map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 }))[0];
  }, edge);
  assert.ok(sash, 'no sash on the side bar edge');
  await wb.page.mouse.move(sash.x, sash.y);
  await wb.page.mouse.down();
  await wb.page.mouse.move(sidebar.x + width, sash.y, { steps: 8 });
  await wb.page.mouse.up();
  await wb.page.waitForFunction((w) => (document.querySelector('.part.sidebar') as HTMLElement).offsetWidth >= w - 8, width);
}

/** Adds a key for the mock from the palette, as a user does. */
async function addKey(wb: Workbench, secret: string, name: string, scope: UiKey['scope'], level: UiKey['level']): Promise<void> {
  await addKeyViaUi(wb, { secret, name, ...(scope ? { scope } : {}), ...(level ? { level } : {}), baseUrl: mock.baseUrl });
}

scenario('README screenshots', {
  label: 'readme-screenshots',
  workspaceFiles: { 'app.py': LEAKY_PYTHON },
  settings: {
    'editor.minimap.enabled': false,
    'editor.stopRenderingLineAfter': 33,
    'workbench.colorTheme': 'Default Dark Modern',
    'window.commandCenter': false,
  },
  // Read when the session opens, after the mock has started: the builder checks permissions for keys
  // of this origin as it does for OpenAI's.
  get env() {
    return { OPENAI_CONNECTOR_TEST: '1', OPENAI_CONNECTOR_TEST_OPENAI_ORIGINS: new URL(mock.baseUrl).origin };
  },
}, ({ step }) => {
  // Opened before anything is done: from then on the workbench tracks the steps' completion events.
  step('getting started: the empty keys view opens the walkthrough, nothing done yet', async (wb) => {
    await wb.openView(KEYS_VIEW);
    await wb.welcomeButton('Open Getting Started').click();
    await wb.page.locator('.gettingStartedContainer').getByText('Get Started with OpenAI Connector').first().waitFor();
    assert.deepEqual(await doneSteps(wb), []);
    await wb.runCommand('View: Close All Editors', { category: null });
  });

  step('keys tree: three apps, three keys, one active, a Restricted key open on its permissions', async (wb, session) => {
    await wb.openView(KEYS_VIEW);
    await addKey(wb, supportKey, 'support-bot', 'This workspace', ['List models: Read', 'Model capabilities: Request', 'Responses API: Write']);
    await addKey(wb, readerKey, 'ci-reader', 'All workspaces', 'Read only');
    await addKey(wb, chatKey, 'chat-app', 'This workspace', 'All');
    await wb.treeItemContextMenu(/chat-app/, 'Set Active Key for This Workspace', KEYS_VIEW);
    await wb.expectTreeItem(/chat-app.*active/, { view: KEYS_VIEW });
    await wb.expandTreeItem(/support-bot/, KEYS_VIEW);
    await wb.expectTreeItem(/Responses API: Write/, { view: KEYS_VIEW });
    await wb.page.locator('.part.statusbar').getByText(/chat-app · All/).first().waitFor();
    // Room for the whole tree: the Saved Requests view folded, the side bar wide enough for descriptions.
    await wb.page.locator('.part.sidebar .pane-header[aria-label="Saved Requests Section"]').click();
    await widenSideBar(wb, 560);
    await wb.expectTreeItem(/ci-reader/, { view: KEYS_VIEW });
    await wb.clearNotifications();
    await wb.page.locator('.notifications-toasts .notification-toast').first().waitFor({ state: 'detached' });
    await picture(session, 'keys-tree', [/chat-app/, /ci-reader/, /support-bot/, /Responses API/, new RegExp(`…${chatKey.slice(-4)}`)]);
  });

  step('request builder: POST /responses streamed from the template', async (wb, session) => {
    mock.script('POST /v1/responses', { kind: 'stream', events: 0, deltas: HAIKU.split(/(?<= )/), intervalMs: 15, times: 1 });
    await wb.runCommand('Open Request Builder');
    const page = await builder(wb);
    await page.locator('#key-info').filter({ hasText: `…${chatKey.slice(-4)}` }).waitFor();
    await page.locator('#request-tabs vscode-tab-header[data-tab="body"]').click();
    await page.locator('vscode-single-select[aria-label="Start from a template"]').click();
    await page.locator('vscode-single-select[aria-label="Start from a template"]').getByRole('option', { name: 'Responses: stream a response' }).click();
    await page.locator('#body-editor .cm-content').filter({ hasText: 'keeping secrets' }).waitFor();
    await page.locator('#send').click();
    await page.locator('#status-line[data-outcome="completed"]').waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('#stream-text').textContent(), HAIKU);
    await picture(session, 'request-builder', [/Completed · 200/, /only its last four show/, /keeping secrets/]);
  });

  step('permission check: a Read only key may not create a response', async (wb, session) => {
    const page = await builder(wb);
    await page.locator('#key-select').click();
    await page.locator('#key-select').getByRole('option', { name: /ci-reader/ }).click();
    await page.locator('#key-info').filter({ hasText: 'Read only' }).waitFor();
    const sent = mock.requests.length;
    await page.locator('#send').click();
    await page.locator('#send-anyway').waitFor();
    await picture(session, 'permission-check', [/ci-reader/, /Read only/, /Responses API: Write/, /Send Anyway/]);
    assert.equal(mock.requests.length, sent, 'nothing is sent before the user decides');
    await page.locator('#dont-send').click();
  });

  step('leak warning: a key pasted into code, flagged with its masked form', async (wb, session) => {
    await wb.runCommand('View: Close All Editors', { category: null });
    await wb.openPalette();
    await wb.quickInputBox.fill('app.py');
    await wb.quickPickRows.filter({ hasText: 'app.py' }).first().click();
    const squiggle = wb.page.locator('.monaco-editor .squiggly-warning').first();
    await squiggle.waitFor({ timeout: 30_000 });
    await wb.page.keyboard.press('Control+Shift+M'); // the Problems panel
    const problems = wb.page.locator('.part.panel .markers-panel');
    await problems.getByText(/in this file/).first().waitFor();
    await squiggle.hover({ force: true }); // the line's text lies over the squiggle; the hover is the editor's
    await wb.page.locator('.monaco-hover').getByText(/in this file/).first().waitFor();
    await wb.page.locator('.monaco-hover').getByText(/Quick Fix/).first().waitFor();
    await picture(session, 'leak-warning', [new RegExp(`sk-proj-…${leakedKey.slice(-4)}`), /OPENAI_API_KEY/]);
  });

  step('getting started: keys added and a request sent tick their steps off', async (wb, session) => {
    await wb.page.mouse.move(0, 0);
    await wb.page.keyboard.press('Control+J'); // hide the panel: room for every step
    await wb.page.locator('.part.panel').waitFor({ state: 'hidden' });
    await wb.runCommand('Open Getting Started');
    await wb.page.locator('.gettingStartedContainer').getByText('Get Started with OpenAI Connector').first().waitFor();
    assert.deepEqual(await doneSteps(wb), ['createKey', 'addKey', 'firstRequest']);
    await picture(session, 'getting-started', [/Create an API key at platform\.openai\.com/, /Scan the workspace for leaked keys/]);
  });
});
