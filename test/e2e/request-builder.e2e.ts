// The request builder as a user drives it in the real workbench, against the recording mock on
// 127.0.0.1: add a key for the mock, open the builder from the palette, pick POST /responses with
// streaming, send and watch the text arrive, cancel a second run (sent with Ctrl+Enter), copy as curl,
// and finally search the webview's DOM (shadow roots and input values included) for the key.
import * as assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { MockOpenAI, expectedStreamText, startMockOpenAI } from '../fixtures/mock-openai-server';
import { makeKey } from '../unit/test-keys';
import { deepFrameText } from './harness/page-text';
import { addKeyViaUi } from './harness/add-key';
import { scenario } from './harness/scenario';
import { KEYS_VIEW, type Workbench } from './harness/workbench';

const key = makeKey.project();
let mock: MockOpenAI;

before(async () => {
  mock = await startMockOpenAI();
});
after(async () => {
  await mock?.close();
});

/** The builder page, once it has rendered its route box. */
async function builder(wb: Workbench): Promise<FrameLocator> {
  const frame = wb.webview();
  await frame.locator('#route-search').waitFor({ timeout: 30_000 });
  return frame;
}

/** Text of a webview element, shadow DOM included. */
async function textOf(frame: FrameLocator, selector: string): Promise<string> {
  return (await frame.locator(selector).first().textContent()) ?? '';
}

scenario('request builder', { label: 'request-builder' }, ({ step }) => {
  step('adds a key for the local mock server from the palette', async (wb) => {
    await wb.openView(KEYS_VIEW);
    await addKeyViaUi(wb, { secret: key, name: 'e2e-builder', baseUrl: mock.baseUrl });
  });

  step('opens the request builder from the palette with the active key chosen', async (wb) => {
    await wb.runCommand('Open Request Builder');
    const page = await builder(wb);
    await page.locator('#key-info').filter({ hasText: `sk-proj-…${key.slice(-4)}` }).waitFor();
    assert.match(await textOf(page, '#key-info'), /All/);
    // The route list arrives from the host after the handshake.
    await page.locator('#route-search[placeholder*="Search 2"]').waitFor();
  });

  step('chooses POST /responses with streaming, sends, and watches the text arrive', async (wb, session) => {
    const page = await builder(wb);
    mock.script('POST /v1/responses', { kind: 'stream', events: 40, intervalMs: 40, times: 1 });
    await page.locator('#route-search').click();
    await page.locator('#route-search').fill('post responses create');
    await page.locator('.route-option[data-pick="createResponse"]').click();
    assert.equal(await page.locator('#path-field').evaluate((el) => (el as HTMLInputElement).value), '/responses');
    await page.locator('#request-tabs vscode-tab-header[data-tab="body"]').click();
    await page.locator('#stream-toggle').click();
    await page.locator('#body-editor .cm-content').filter({ hasText: '"stream": true' }).waitFor();
    await page.locator('#send').click();
    // Text arrives while the stream runs, then the run completes with every event.
    await page.locator('#stream-text').filter({ hasText: 't0 t1 ' }).waitFor();
    await page.locator('#status-line[data-outcome="completed"]').waitFor({ timeout: 30_000 });
    assert.equal(await textOf(page, '#stream-text'), expectedStreamText(40));
    assert.match(await textOf(page, '#stream-count'), /^4\d events$/); // 40 deltas plus the lifecycle events
    assert.match(await textOf(page, '#status-line'), /^Completed · 200/);
    if (process.env.RB_SHOTS) await session.screenshot('rb-streamed');
    const sent = mock.requests.at(-1)!;
    assert.equal(sent.headers.authorization, `Bearer ${key}`);
    assert.equal(JSON.parse(sent.body).stream, true);
  });

  step('cancels a second run sent with Ctrl+Enter', async (wb) => {
    const page = await builder(wb);
    mock.script('POST /v1/responses', { kind: 'stall', events: 2, times: 1 });
    await page.locator('#body-editor .cm-content').click();
    await page.locator('#body-editor .cm-content').press('Control+Enter');
    await page.locator('#stream-text').filter({ hasText: 't0 t1 ' }).waitFor();
    await page.locator('#cancel').click();
    await page.locator('#status-line[data-outcome="cancelled"]').waitFor();
    assert.match(await textOf(page, '#status-line'), /^Cancelled/);
  });

  step('renders a 10,000-event stream without dropping an event', async (wb) => {
    const page = await builder(wb);
    mock.script('POST /v1/responses', { kind: 'stream', events: 10_000, times: 1 });
    await page.locator('#send').click();
    await page.locator('#status-line[data-outcome="completed"]').waitFor({ timeout: 60_000 });
    assert.equal(await textOf(page, '#stream-count'), '10008 events'); // 10,000 deltas and 8 lifecycle events
    assert.equal(await textOf(page, '#stream-text'), expectedStreamText(10_000));
    // The page still answers: switching tabs works at once.
    await page.locator('#result-tabs vscode-tab-header[data-tab="response"]').click({ timeout: 5_000 });
  }, { timeout: 120_000 });

  step('copies the request as curl with $OPENAI_API_KEY', async (wb, session) => {
    const page = await builder(wb);
    await page.locator('#copy-curl').click();
    await page.locator('#snippet').filter({ hasText: 'OPENAI_API_KEY' }).waitFor();
    const snippet = await textOf(page, '#snippet');
    if (process.env.RB_SHOTS) {
      await page.locator('#result-tabs vscode-tab-header[data-tab="headers"]').click();
      await session.screenshot('rb-curl');
    }
    assert.ok(snippet.startsWith(`curl ${mock.baseUrl}/responses`), snippet);
    assert.match(snippet, /-H "Authorization: Bearer \$OPENAI_API_KEY"/);
    const clipboard = await wb.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(clipboard, snippet);
  });

  step('the key string appears nowhere in the webview, nor in any file or frame', async (wb, session) => {
    const page = await builder(wb);
    const text = await deepFrameText(page);
    assert.match(text, /e2e-builder/, 'the DOM search found nothing: is it searching the right frame?');
    assert.ok(text.includes(key.slice(-4)), 'the masked key is not shown');
    assert.ok(!text.includes(key), 'the key is in the webview DOM');
    assert.deepEqual(await session.findSecret(key), []);
    // The strict CSP let the page run: nothing it needs was blocked.
    assert.deepEqual(session.pageErrors.filter((e) => /Content Security Policy|Refused to (load|apply|execute)/i.test(e)), []);
  });
});
