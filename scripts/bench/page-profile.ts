/**
 * CPU profiles of the webview page for the rows of section 7 that miss their target: Chromium's
 * sampling profiler over CDP while the scenario runs, summarised as the time spent in the page's own
 * code (dist/webview/*, mapped back to src/ with source maps of an identical in-memory build), in the
 * rest of the renderer (the workbench and its webview host frames) and in the engine (GC, parsing).
 */
import { TraceMap, originalPositionFor } from '@jridgewell/trace-mapping';
import * as esbuild from 'esbuild';
import type { CDPSession, Page } from 'playwright-core';
// @ts-expect-error: a plain .mjs build script without types
import { webviewBuildOptions } from '../webview-build.mjs';
import { REPO_ROOT } from './bundle-budget';

interface CallFrame { functionName: string; url: string; lineNumber: number; columnNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame }
interface Profile { nodes: ProfileNode[]; startTime: number; endTime: number; samples?: number[]; timeDeltas?: number[] }

export interface ProfileSummary {
  /** Self time (ms) of the page's own code, of the rest of the renderer, and of the engine. */
  readonly oursMs: number;
  readonly othersMs: number;
  readonly engineMs: number;
  readonly totalMs: number;
  /** The top self-time functions of ours: "name (src/webview/x.ts:12) 34 ms". */
  readonly top: readonly string[];
}

let maps: Map<string, TraceMap> | undefined;

/** Source maps of the webview build, keyed by output path under dist/webview (main.js, chunks/…). */
async function webviewMaps(): Promise<Map<string, TraceMap>> {
  if (maps) return maps;
  const options = webviewBuildOptions({ bundle: true, minify: true, legalComments: 'none', logLevel: 'silent' });
  const result = await esbuild.build({ ...options, absWorkingDir: REPO_ROOT, write: false, sourcemap: 'external' });
  maps = new Map();
  for (const file of result.outputFiles ?? []) {
    if (!file.path.endsWith('.js.map')) continue;
    const rel = file.path.slice(file.path.indexOf('dist/webview/') + 'dist/webview/'.length, -'.map'.length);
    maps.set(rel, new TraceMap(file.text));
  }
  return maps;
}

function ourFile(url: string): string | undefined {
  const at = url.indexOf('/dist/webview/');
  return at < 0 ? undefined : url.slice(at + '/dist/webview/'.length).split('?')[0];
}

/** Runs `scenario` under the profiler of the page's renderer; the webview frames run on its main thread. */
export async function profileRenderer<T>(page: Page, scenario: () => Promise<T>): Promise<{ result: T; summary: ProfileSummary }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  const stop = async (): Promise<Profile> => {
    const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    await cdp.detach().catch(() => undefined);
    return profile;
  };
  let result: T;
  try {
    result = await scenario();
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  const profile = await stop();
  return { result, summary: await summarise(profile) };
}

async function summarise(profile: Profile): Promise<ProfileSummary> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's time is the delta to the next one.
  for (let i = 0; i < samples.length; i++) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  const sourceMaps = await webviewMaps();
  let oursMs = 0;
  let othersMs = 0;
  let engineMs = 0;
  const ours = new Map<string, number>();
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    if (frame.functionName === '(idle)') continue;
    const file = ourFile(frame.url);
    if (file) {
      oursMs += ms;
      const map = sourceMaps.get(file);
      const pos = map ? originalPositionFor(map, { line: frame.lineNumber + 1, column: frame.columnNumber }) : undefined;
      const where = pos?.source ? `${pos.source.replace(/^(\.\.\/)+/, '')}:${pos.line}` : `${file}:${frame.lineNumber + 1}`;
      const key = `${pos?.name ?? (frame.functionName || '(anonymous)')} (${where})`;
      ours.set(key, (ours.get(key) ?? 0) + ms);
    } else if (frame.url) othersMs += ms;
    else engineMs += ms;
  }
  const top = [...ours].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`);
  return { oursMs, othersMs, engineMs, totalMs: oursMs + othersMs + engineMs, top };
}

export function describeProfile(s: ProfileSummary): string {
  return `renderer CPU profile: ${s.totalMs.toFixed(0)} ms busy, of which the page's own code ${s.oursMs.toFixed(0)} ms, the workbench and webview host ${s.othersMs.toFixed(0)} ms, engine (GC, parse, layout outside JS) ${s.engineMs.toFixed(0)} ms; top self time of ours: ${s.top.join('; ') || 'none sampled'}`;
}
