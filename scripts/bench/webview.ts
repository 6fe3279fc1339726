/**
 * 7. Webview, in the real VS Code: code-server with the packaged extension, driven by Chromium through
 * the end-to-end harness (test/e2e/harness). Measures the time from running Open Request Builder to
 * the builder being ready (page drawn, routes listed), first and again, and the time to render a
 * 10,000-event stream from Send to the final status, with the events counted on the page.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { expectedStreamText, startMockOpenAI } from '../../test/fixtures/mock-openai-server';
import { addKeyViaUi } from '../../test/e2e/harness/add-key';
import { openSession, type Session } from '../../test/e2e/harness/session';
import { KEYS_VIEW, type Workbench } from '../../test/e2e/harness/workbench';
import { REPO_ROOT } from './bundle-budget';
import { Row, median } from './measure';

const SECTION = '7. Webview (code-server + Chromium)';
const COMMAND = 'OpenAI Connector: Open Request Builder';
const EVENTS = 10_000;

/** Packages dist/ as users get it (the e2e harness installs a .vsix). */
function packageVsix(tmpDir: string): string {
  const out = join(tmpDir, 'openai-connector-bench.vsix');
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--out', out], { cwd: REPO_ROOT, stdio: 'pipe' });
  return out;
}

/** A project key shape made at run time (never a literal). */
function benchKeyText(): string {
  let body = '';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 80; i++) body += alphabet[Math.floor(Math.random() * alphabet.length)];
  return `sk-${'proj'}-${body}`;
}

async function addKey(wb: Workbench, key: string, baseUrl: string): Promise<void> {
  await wb.openView(KEYS_VIEW);
  await addKeyViaUi(wb, { secret: key, name: 'bench', baseUrl });
}

/** Runs Open Request Builder from the palette; ms until the page is drawn and until its routes are listed. */
async function openBuilder(wb: Workbench): Promise<{ drawn: number; ready: number }> {
  await wb.openPalette();
  await wb.quickInputBox.fill(`>${COMMAND}`);
  const row = wb.quickPickRows.filter({ has: wb.page.locator('.label-name', { hasText: COMMAND }) }).first();
  await row.waitFor();
  const t0 = Date.now();
  await row.click();
  const page = wb.webview();
  await page.locator('#route-search').waitFor({ timeout: 60_000 });
  const drawn = Date.now() - t0;
  await page.locator('#route-search[placeholder*="Search 2"]').waitFor({ timeout: 60_000 });
  return { drawn, ready: Date.now() - t0 };
}

async function closeEditors(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Close All Editors', { category: null });
  await wb.page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: 20_000 });
}

// Page-side scripts are plain JavaScript strings: the runner's transform must not add helpers the page lacks.
/** Records, with the page's clock (Date.now, same machine), when the status line and the stream text change. */
const WATCH = `() => {
  const status = document.getElementById('status-line');
  const text = document.getElementById('stream-text');
  const log = { status: [], text: [], messages: [], longTasks: [] };
  window.__benchLog = log;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) log.longTasks.push({ t: performance.timeOrigin + e.startTime, ms: e.duration }); })
    .observe({ type: 'longtask' });
  window.addEventListener('message', (e) => {
    const m = e.data;
    if (m && m.type === 'run') log.messages.push({ t: Date.now(), kind: m.event.kind, events: m.event.kind === 'events' ? m.event.events.length : 0 });
  });
  new MutationObserver(() => log.status.push({ t: Date.now(), running: status.classList.contains('status-running'), outcome: status.dataset.outcome || '', label: status.textContent || '' }))
    .observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
  new MutationObserver(() => log.text.push({ t: Date.now(), chars: (text.textContent || '').length }))
    .observe(text, { childList: true, characterData: true, subtree: true });
}`;
const RESET = '() => { for (const list of Object.values(window.__benchLog)) list.length = 0; }';
const READ = '() => window.__benchLog';
const RESULT = `() => ({ count: document.getElementById('stream-count').textContent || '', text: document.getElementById('stream-text').textContent || '' })`;

/** Runs one of the scripts above in the page (eval keeps the runner's transform out of it). */
function inPage(page: FrameLocator, source: string): Promise<unknown> {
  return page.locator('body').evaluate((el, src) => (0, eval)(`(${src})`)(el), source);
}

interface Log {
  status: { t: number; running: boolean; outcome: string; label: string }[];
  text: { t: number; chars: number }[];
  /** Run messages as they reach the page. */
  messages: { t: number; kind: string; events: number }[];
  /** The page's main-thread tasks over 50 ms. */
  longTasks: { t: number; ms: number }[];
}

/** Sends the composed streaming request; ms to the first text drawn and to the final status. */
/** The extension's log file in the host's log folder (its output channel writes there). */
function findLog(dir: string): string | undefined {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findLog(path);
      if (found) return found;
    } else if (entry.name === 'OpenAI Connector.log') return path;
  }
  return undefined;
}

/** The last request the extension logged: when it finished (epoch ms) and how long it took by its own count. */
function lastLoggedRequest(logFile: string | undefined): { at: number; ms: number } | undefined {
  if (!logFile) return undefined;
  const lines = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('[request]'));
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3}) .*: 200 in (\d+) ms/.exec(lines.at(-1) ?? '');
  if (!m) return undefined;
  const [y, mo, d, h, mi, sec, milli, took] = m.slice(1).map(Number) as number[];
  return { at: new Date(y!, mo! - 1, d!, h!, mi!, sec!, milli!).getTime(), ms: took! };
}

interface StreamRun {
  readonly first: number;
  readonly done: number;
  /** When the first and last batch of events, and the final result, reached the page. */
  readonly firstBatchIn: number;
  readonly lastBatchIn: number;
  readonly doneIn: number;
  readonly batches: number;
  /** Milliseconds the page's main thread spent in long tasks (> 50 ms) during the run. */
  readonly pageBusy: number;
  /** From the extension's log: when the host had read the whole stream, and how long its request took. */
  readonly hostDone: number;
  readonly hostMs: number;
  readonly count: number;
  readonly textOk: boolean;
  readonly outcome: string;
}

async function streamOnce(page: FrameLocator, script: () => void, logFile: () => string | undefined): Promise<StreamRun> {
  await inPage(page, RESET);
  script();
  const t0 = Date.now();
  await page.locator('#send').click();
  const deadline = Date.now() + 120_000;
  let log: Log;
  for (;;) {
    log = (await inPage(page, READ)) as Log;
    const ran = log.status.findIndex((s) => s.running);
    if (ran >= 0 && log.status.slice(ran).some((s) => !s.running && s.outcome)) break;
    if (Date.now() > deadline) throw new Error(`the stream did not finish within 120 s (status: ${log.status.at(-1)?.label ?? 'unchanged'})`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const ran = log.status.findIndex((s) => s.running);
  const end = log.status.slice(ran).find((s) => !s.running && s.outcome)!;
  const firstText = log.text.find((x) => x.chars > 0);
  const shown = (await inPage(page, RESULT)) as { count: string; text: string };
  const batches = log.messages.filter((m) => m.kind === 'events');
  await new Promise((r) => setTimeout(r, 300)); // the log file is written asynchronously
  const host = lastLoggedRequest(logFile());
  return {
    pageBusy: log.longTasks.filter((x) => x.t >= t0).reduce((sum, x) => sum + x.ms, 0),
    hostDone: (host?.at ?? NaN) - t0,
    hostMs: host?.ms ?? NaN,
    first: (firstText?.t ?? NaN) - t0,
    done: end.t - t0,
    firstBatchIn: (batches[0]?.t ?? NaN) - t0,
    lastBatchIn: (batches.at(-1)?.t ?? NaN) - t0,
    doneIn: (log.messages.find((m) => m.kind === 'done')?.t ?? NaN) - t0,
    batches: batches.length,
    count: Number(shown.count.replace(/[^\d]/g, '')),
    textOk: shown.text === expectedStreamText(EVENTS),
    outcome: end.outcome,
  };
}

const ms = (runs: readonly StreamRun[], key: 'first' | 'firstBatchIn' | 'lastBatchIn' | 'doneIn' | 'hostDone' | 'hostMs' | 'pageBusy'): string => `${median(runs.map((r) => r[key])).toFixed(0)} ms`;

export async function benchWebview(opts: { rounds: number; tmpDir: string }): Promise<Row[]> {
  const vsix = packageVsix(opts.tmpDir);
  // The harness's run folder (logs, profile, screenshots) goes under bench-results/, replaced each run.
  const runRoot = join(REPO_ROOT, 'bench-results', 'webview-run');
  rmSync(runRoot, { recursive: true, force: true });
  process.env.OPENAI_CONNECTOR_TEST_RUN ??= runRoot;
  const mock = await startMockOpenAI();
  let session: Session | undefined;
  try {
    session = await openSession({ label: 'bench-webview', vsix });
    const wb = session.workbench;
    await addKey(wb, benchKeyText(), mock.baseUrl);

    const opens: { drawn: number; ready: number }[] = [];
    for (let i = 0; i < opts.rounds + 1; i++) {
      if (i > 0) await closeEditors(wb);
      opens.push(await openBuilder(wb));
    }

    // Compose POST /responses with streaming, as a user does.
    const page = wb.webview();
    await page.locator('#route-search').click();
    await page.locator('#route-search').fill('post responses create');
    await page.locator('.route-option[data-pick="createResponse"]').click();
    await page.locator('#request-tabs vscode-tab-header[data-tab="body"]').click();
    await page.locator('#stream-toggle').click();
    await page.locator('#body-editor .cm-content').filter({ hasText: '"stream": true' }).waitFor();
    await inPage(page, WATCH);

    const streams: StreamRun[] = [];
    for (let i = 0; i < Math.min(3, opts.rounds); i++) {
      streams.push(await streamOnce(page, () => mock.script('POST /v1/responses', { kind: 'stream', events: EVENTS, times: 1 }), () => findLog(session!.host.dirs.userData)));
    }
    const bad = streams.filter((s) => s.outcome !== 'completed' || s.count < EVENTS || !s.textOk);
    if (bad.length) throw new Error(`stream runs not rendered whole: ${bad.map((s) => `${s.outcome}, ${s.count} events, text ${s.textOk ? 'complete' : 'incomplete'}`).join('; ')}`);

    const [first, ...again] = opens;
    const counts = [...new Set(streams.map((s) => s.count))].join(', ');
    return [
      { section: SECTION, measure: 'Open Request Builder → builder ready, first open', value: first!.ready, unit: 'ms', samples: 1, note: `page drawn after ${first!.drawn} ms, routes listed after ${first!.ready} ms; loads the builder chunk, the catalogue and the webview bundle` },
      { section: SECTION, measure: 'Open Request Builder → builder ready, again', value: median(again.map((o) => o.ready)), unit: 'ms', samples: again.length, note: `page drawn after ${median(again.map((o) => o.drawn)).toFixed(0)} ms (median); closed with Close All Editors in between` },
      { section: SECTION, measure: `Render a ${EVENTS.toLocaleString('en')}-delta stream: Send → final status`, value: median(streams.map((s) => s.done)), unit: 'ms', samples: streams.length, note: `page counted ${counts} events, assembled text complete; medians: first batch reached the page after ${ms(streams, 'firstBatchIn')}, first text drawn after ${ms(streams, 'first')}, last of ${median(streams.map((s) => s.batches))} batches arrived after ${ms(streams, 'lastBatchIn')}, result after ${ms(streams, 'doneIn')}; the extension host had read the whole stream after ${ms(streams, 'hostDone')} (its request took ${ms(streams, 'hostMs')} by its log); the page's main thread spent ${ms(streams, 'pageBusy')} in long tasks` },
      { section: SECTION, measure: 'Stream: Send → first text drawn', value: median(streams.map((s) => s.first)), unit: 'ms', samples: streams.length },
    ];
  } catch (error) {
    if (session) await session.screenshot('bench-webview-failure').then((p) => p && console.log(`\nbench: screenshot ${p}`));
    throw error;
  } finally {
    await session?.close();
    await mock.close();
  }
}
