/**
 * 7. Webview, in the real VS Code: code-server with the packaged extension, driven by Chromium through
 * the end-to-end harness (test/e2e/harness). Each figure has its baseline from the same run:
 * - Open Request Builder → ready (routes listed), first and again, against an empty webview panel with
 *   the same CSP opened by a fixture extension in the same code-server (test/fixtures/empty-webview-extension);
 * - a 10,000-delta stress stream: when the page shows the final text, against when the host had read it all;
 * - a paced stream (60 deltas/s for 20 s): how long after the host read each delta the page showed it,
 *   from the host clock times each batch carries (readAt, postedAt) compared with the page's clock.
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
import { Row, median, quantile } from './measure';
import { describeProfile, profileRenderer, type ProfileSummary } from './page-profile';

const SECTION = '7. Webview (code-server + Chromium)';
const COMMAND = 'OpenAI Connector: Open Request Builder';
const EVENTS = 10_000;
/** The paced stream: 60 deltas a second for 20 s, like a real model. */
const PACED_EVENTS = 1200;
const PACED_INTERVAL_MS = 16;
const EMPTY_EXTENSION = join(REPO_ROOT, 'test', 'fixtures', 'empty-webview-extension');
const EMPTY_COMMAND = 'Bench: Open Empty Webview';

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

/** The baseline extension, packaged like any other. */
function packageEmptyExtension(tmpDir: string): string {
  const out = join(tmpDir, 'empty-webview.vsix');
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], { cwd: EMPTY_EXTENSION, stdio: 'pipe' });
  return out;
}

interface Open {
  readonly drawn: number;
  readonly ready: number;
  /** From the click: the page's document started (the host's command and the workbench before it), its scripts were fetched, and its own marks. */
  readonly pageStart: number;
  readonly scripts: number;
  readonly marks: Record<string, number>;
}

/** Where the page's time went, read in the page: its time origin, its scripts' fetch, its performance marks (epoch ms). */
const PAGE_TIMES = `() => ({
  origin: performance.timeOrigin,
  scripts: Math.max(0, ...performance.getEntriesByType('resource').filter((r) => /\\/(main|page)\\.js(\\?|$)/.test(r.name)).map((r) => r.responseEnd)),
  marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])),
})`;

/** Runs a command from the palette; ms until `drawn` shows in the webview and until `ready` does. */
async function openPanel(wb: Workbench, command: string, drawn: string, ready: string): Promise<Open> {
  await wb.openPalette();
  await wb.quickInputBox.fill(`>${command}`);
  const row = wb.quickPickRows.filter({ has: wb.page.locator('.label-name', { hasText: command }) }).first();
  await row.waitFor();
  const t0 = Date.now();
  await row.click();
  const page = wb.webview();
  await page.locator(drawn).waitFor({ timeout: 60_000 });
  const drawnMs = Date.now() - t0;
  await page.locator(ready).waitFor({ timeout: 60_000 });
  const readyMs = Date.now() - t0;
  const times = (await inPage(page, PAGE_TIMES)) as { origin: number; scripts: number; marks: Record<string, number> };
  const marks = Object.fromEntries(Object.entries(times.marks).map(([name, at]) => [name, times.origin + at - t0]));
  return { drawn: drawnMs, ready: readyMs, pageStart: times.origin - t0, scripts: times.origin + times.scripts - t0, marks };
}

/** Medians of where an open's time went, for the notes. */
function phases(opens: readonly Open[], drawnMark: string, readyMark: string): string {
  const m = (f: (o: Open) => number): string => `${median(opens.map(f)).toFixed(0)} ms`;
  return `page document started after ${m((o) => o.pageStart)}, main script fetched after ${m((o) => o.scripts)}, drawn (its own mark) after ${m((o) => o.marks[drawnMark] ?? NaN)}, ready (its own mark) after ${m((o) => o.marks[readyMark] ?? NaN)}`;
}

/** Open Request Builder: drawn when the route box shows, ready when it lists the routes. */
const openBuilder = (wb: Workbench) => openPanel(wb, COMMAND, '#route-search', '#route-search[placeholder*="Search 2"]');
/** The empty panel: drawn and ready when its one field shows (after the host answered its ready message). */
const openEmpty = (wb: Workbench) => openPanel(wb, EMPTY_COMMAND, '#empty-ready', '#empty-ready');

async function closeEditors(wb: Workbench): Promise<void> {
  await wb.runCommand('View: Close All Editors', { category: null });
  await wb.page.locator('iframe.webview.ready').waitFor({ state: 'detached', timeout: 20_000 });
}

// Page-side scripts are plain JavaScript strings: the runner's transform must not add helpers the page lacks.
/**
 * Records, with the page's clock (timeOrigin + now: the same machine clock as the host's Date.now),
 * when the status line and the stream text change, and each run message as it arrives with the host's
 * times it carries.
 */
const WATCH = `() => {
  const now = () => performance.timeOrigin + performance.now();
  const status = document.getElementById('status-line');
  const text = document.getElementById('stream-text');
  const log = { status: [], text: [], messages: [], longTasks: [] };
  window.__benchLog = log;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) log.longTasks.push({ t: performance.timeOrigin + e.startTime, ms: e.duration }); })
    .observe({ type: 'longtask' });
  window.addEventListener('message', (e) => {
    const m = e.data;
    if (!m || m.type !== 'run') return;
    const ev = m.event;
    log.messages.push(ev.kind === 'events'
      ? { t: now(), kind: ev.kind, events: ev.events.length, chars: ev.text.length, readAt: ev.readAt, postedAt: ev.postedAt }
      : { t: now(), kind: ev.kind, events: 0, chars: 0 });
  });
  new MutationObserver(() => log.status.push({ t: now(), running: status.classList.contains('status-running'), outcome: status.dataset.outcome || '', label: status.textContent || '' }))
    .observe(status, { attributes: true, childList: true, characterData: true, subtree: true });
  new MutationObserver(() => log.text.push({ t: now(), chars: (text.textContent || '').length }))
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
  /** Run messages as they reach the page; batches carry the host's read and post times. */
  messages: { t: number; kind: string; events: number; chars: number; readAt?: number; postedAt?: number }[];
  /** The page's main-thread tasks over 50 ms. */
  longTasks: { t: number; ms: number }[];
}

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
  /** When the page's assembled text reached its final length. */
  readonly finalText: number;
  /** When the first and last batch of events, and the final result, reached the page. */
  readonly firstBatchIn: number;
  readonly lastBatchIn: number;
  /** When the host posted the last batch (its clock). */
  readonly lastPosted: number;
  readonly doneIn: number;
  readonly batches: number;
  /** Per delta: ms from the host reading its batch's first event to the page's text holding it (conservative: the batch's earliest read). */
  readonly deltaLatency: number[];
  /** Per batch: ms from the host posting it to the page receiving it. */
  readonly transit: number[];
  /** Milliseconds the page's main thread spent in long tasks (> 50 ms) during the run. */
  readonly pageBusy: number;
  /** From the extension's log: when the host had read the whole stream, and how long its request took. */
  readonly hostDone: number;
  readonly hostMs: number;
  readonly count: number;
  readonly textOk: boolean;
  readonly outcome: string;
}

/** For each batch, when the page's text first held all of it; latencies from the host's read time. */
function latencies(log: Log): { deltaLatency: number[]; transit: number[] } {
  const deltaLatency: number[] = [];
  const transit: number[] = [];
  let chars = 0;
  let at = 0;
  for (const m of log.messages) {
    if (m.kind !== 'events') continue;
    chars += m.chars;
    if (m.postedAt !== undefined) transit.push(m.t - m.postedAt);
    while (at < log.text.length && log.text[at]!.chars < chars) at++;
    const shown = log.text[at];
    if (!shown || m.readAt === undefined) continue;
    for (let i = 0; i < m.events; i++) deltaLatency.push(shown.t - m.readAt);
  }
  return { deltaLatency, transit };
}

async function streamOnce(page: FrameLocator, events: number, script: () => void, logFile: () => string | undefined): Promise<StreamRun> {
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
  const expected = expectedStreamText(events);
  const firstText = log.text.find((x) => x.chars > 0);
  const finalText = log.text.find((x) => x.chars >= expected.length);
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
    finalText: (finalText?.t ?? NaN) - t0,
    firstBatchIn: (batches[0]?.t ?? NaN) - t0,
    lastBatchIn: (batches.at(-1)?.t ?? NaN) - t0,
    lastPosted: (batches.at(-1)?.postedAt ?? NaN) - t0,
    doneIn: (log.messages.find((m) => m.kind === 'done')?.t ?? NaN) - t0,
    batches: batches.length,
    ...latencies(log),
    count: Number(shown.count.replace(/[^\d]/g, '')),
    textOk: shown.text === expected,
    outcome: end.outcome,
  };
}

type MsKey = 'first' | 'firstBatchIn' | 'lastBatchIn' | 'lastPosted' | 'doneIn' | 'hostDone' | 'hostMs' | 'pageBusy' | 'finalText';
const ms = (runs: readonly StreamRun[], key: MsKey): string => `${median(runs.map((r) => r[key])).toFixed(0)} ms`;

/** A difference row: ours minus the baseline (medians), met when within `maxDiff` ms. */
function diffRow(measure: string, ours: readonly number[], base: readonly number[], maxDiff: number, note: string): Row {
  const value = median(ours);
  const baseline = median(base);
  const ratio = value - baseline;
  return { section: SECTION, measure, value, baseline, ratio, delta: true, unit: 'ms', target: `≤ +${maxDiff} ms`, met: ratio <= maxDiff, samples: Math.min(ours.length, base.length), note };
}

export async function benchWebview(opts: { rounds: number; tmpDir: string }): Promise<Row[]> {
  const vsix = packageVsix(opts.tmpDir);
  const emptyVsix = packageEmptyExtension(opts.tmpDir);
  // The harness's run folder (logs, profile, screenshots) goes under bench-results/, replaced each run.
  const runRoot = join(REPO_ROOT, 'bench-results', 'webview-run');
  rmSync(runRoot, { recursive: true, force: true });
  process.env.OPENAI_CONNECTOR_TEST_RUN ??= runRoot;
  const mock = await startMockOpenAI();
  let session: Session | undefined;
  try {
    session = await openSession({ label: 'bench-webview', vsix, extraVsix: [emptyVsix] });
    const wb = session.workbench;
    await addKey(wb, benchKeyText(), mock.baseUrl);

    // Webviews' one-time set-up in this window is paid by a throwaway panel, before either first open.
    await wb.runCommand('Warm Up Webviews', { category: 'Bench' });
    await wb.webview().locator('#warm').waitFor({ timeout: 60_000 });
    await closeEditors(wb);
    // Interleaved: the empty panel, then the builder, each first and again.
    const opens: Open[] = [];
    const empties: Open[] = [];
    for (let i = 0; i < opts.rounds + 1; i++) {
      if (i > 0) await closeEditors(wb);
      empties.push(await openEmpty(wb));
      await closeEditors(wb);
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

    const logFile = () => findLog(session!.host.dirs.userData);
    const streams: StreamRun[] = [];
    for (let i = 0; i < Math.min(3, opts.rounds); i++) {
      streams.push(await streamOnce(page, EVENTS, () => mock.script('POST /v1/responses', { kind: 'stream', events: EVENTS, times: 1 }), logFile));
    }
    const paced = await streamOnce(page, PACED_EVENTS, () => mock.script('POST /v1/responses', { kind: 'stream', events: PACED_EVENTS, intervalMs: PACED_INTERVAL_MS, times: 1 }), logFile);
    // Profiled runs, apart from the timed ones (the profiler slows what it watches): a stress stream and an open again.
    const streamProfile = (await profileRenderer(wb.page, () => streamOnce(page, EVENTS, () => mock.script('POST /v1/responses', { kind: 'stream', events: EVENTS, times: 1 }), logFile))).summary;
    await closeEditors(wb);
    const openProfile = (await profileRenderer(wb.page, () => openBuilder(wb))).summary;
    const bad = [...streams, paced].filter((s) => s.outcome !== 'completed' || s.count < 1 || !s.textOk);
    if (bad.length) throw new Error(`stream runs not rendered whole: ${bad.map((s) => `${s.outcome}, ${s.count} events, text ${s.textOk ? 'complete' : 'incomplete'}`).join('; ')}`);

    const [first, ...again] = opens;
    const [emptyFirst, ...emptyAgain] = empties;
    const counts = [...new Set(streams.map((s) => s.count))].join(', ');
    const p99 = quantile(paced.deltaLatency, 0.99);
    const pacedSeconds = (paced.lastPosted - paced.firstBatchIn) / 1000;
    const withProfile = (row: Row, profile: ProfileSummary): Row => (row.met === false ? { ...row, note: `${row.note ?? ''}; ${describeProfile(profile)}` } : row);
    return [
      withProfile(diffRow('Open Request Builder → builder ready, first open', [first!.ready], [emptyFirst!.ready], 300,
        `baseline: an empty webview panel with the same CSP (a fixture extension in the same code-server), first open; page drawn after ${first!.drawn} ms, routes listed after ${first!.ready} ms; builder: ${phases([first!], 'builder-drawn', 'builder-routes')}; empty panel: ${phases([emptyFirst!], 'empty-ready', 'empty-ready')}; a script-free panel opened first pays the window's one-time webview set-up`), openProfile),
      withProfile(diffRow('Open Request Builder → builder ready, again', again.map((o) => o.ready), emptyAgain.map((o) => o.ready), 100,
        `baseline: the empty panel again; page drawn after ${median(again.map((o) => o.drawn)).toFixed(0)} ms (median); closed with Close All Editors in between, the two interleaved; builder: ${phases(again, 'builder-drawn', 'builder-routes')}; empty panel: ${phases(emptyAgain, 'empty-ready', 'empty-ready')}`), openProfile),
      withProfile(diffRow(`${EVENTS.toLocaleString('en')}-delta stream: page shows the final text`, streams.map((s) => s.finalText), streams.map((s) => s.hostDone), 100,
        `baseline: when the extension host had read the whole stream (its log; its request took ${ms(streams, 'hostMs')}); from Send: page counted ${counts} events, text complete; first batch reached the page after ${ms(streams, 'firstBatchIn')}, first text drawn after ${ms(streams, 'first')}, host post → page arrival median ${median(streams.flatMap((s) => s.transit)).toFixed(0)} ms; last of ${median(streams.map((s) => s.batches))} batches posted after ${ms(streams, 'lastPosted')} and received after ${ms(streams, 'lastBatchIn')} (the page showed the final text ${median(streams.map((s) => s.finalText - s.lastBatchIn)).toFixed(0)} ms after that batch arrived), final status after ${median(streams.map((s) => s.done)).toFixed(0)} ms; the renderer's main thread (shared by the workbench and its webviews) spent ${ms(streams, 'pageBusy')} in long tasks`), streamProfile),
      withProfile({ section: SECTION, measure: `Paced stream (${PACED_EVENTS} deltas at 60/s): delta shown after the host read it, p99`, value: p99, unit: 'ms', target: '≤ 50 ms', met: p99 <= 50, samples: paced.deltaLatency.length,
        note: `host clock in each batch vs the page's clock on arrival (same machine); median ${median(paced.deltaLatency).toFixed(0)} ms, max ${Math.max(...paced.deltaLatency).toFixed(0)} ms; counted from the first read of the delta's batch; ${paced.batches} batches over ${pacedSeconds.toFixed(1)} s, host post → page arrival median ${median(paced.transit).toFixed(0)} ms, p99 ${quantile(paced.transit, 0.99).toFixed(0)} ms; renderer long tasks ${paced.pageBusy.toFixed(0)} ms` }, streamProfile),
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
