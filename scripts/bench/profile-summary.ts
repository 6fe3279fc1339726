/**
 * Summarises a V8 CPU profile (the `.cpuprofile` JSON that `node --cpu-prof` writes, and that the
 * inspector's Profiler.stop returns): self time per function, the top ones that are ours. Pure, so
 * it is unit-tested; `profileOurs` takes a profile of the running process around a piece of work.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import { join } from 'node:path';

export interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number; readonly columnNumber?: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

export interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

export interface SelfTime {
  /** `name (file:line)`, the file relative to the repository. */
  readonly fn: string;
  readonly selfMs: number;
  /** Share of all sampled time, 0..1. */
  readonly share: number;
}

/** Where a function starts in its source file (through a source map), when the running code is generated. */
export type Locate = (url: string, line: number, column: number) => { readonly url: string; readonly line: number } | undefined;

/**
 * Maps through the source maps Node keeps (the bench runs with --enable-source-maps): tsx and the
 * esbuild bundles put a file's code on a line or two, so the profile's own lines say nothing.
 */
export const sourceMapLocate: Locate = (url, line, column) => {
  const map = url.startsWith('file://') ? findSourceMap(url.replace(/^file:\/\//, '')) : undefined;
  const entry = map?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
  return entry?.originalSource && entry.originalLine !== undefined ? { url: entry.originalSource, line: entry.originalLine } : undefined;
};

/** Self time per function (samples weighted by their time deltas; hit counts when there are none). */
export function selfTimes(profile: CpuProfile, isOurs: (url: string) => boolean, root = '', locate?: Locate): SelfTime[] {
  const byNode = new Map<number, number>();
  if (profile.samples && profile.timeDeltas && profile.samples.length === profile.timeDeltas.length) {
    // timeDeltas[i] is the time before sample i; the time after it is the next delta.
    for (let i = 0; i < profile.samples.length; i++) {
      const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      byNode.set(profile.samples[i]!, (byNode.get(profile.samples[i]!) ?? 0) + ms);
    }
  } else {
    const hits = profile.nodes.reduce((n, node) => n + (node.hitCount ?? 0), 0);
    const perHit = hits ? (profile.endTime - profile.startTime) / 1000 / hits : 0;
    for (const node of profile.nodes) byNode.set(node.id, (node.hitCount ?? 0) * perHit);
  }
  let total = 0;
  for (const ms of byNode.values()) total += ms;
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = byNode.get(node.id) ?? 0;
    const { functionName } = node.callFrame;
    if (!ms || !isOurs(node.callFrame.url)) continue;
    const at = locate?.(node.callFrame.url, node.callFrame.lineNumber, node.callFrame.columnNumber ?? 0) ?? { url: node.callFrame.url, line: node.callFrame.lineNumber };
    const file = at.url.replace(/^file:\/\//, '').replace(root, '').replace(/^\/+/, '');
    const key = `${functionName || '(anonymous)'} (${file}:${at.line + 1})`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + ms);
  }
  return [...byFunction.entries()]
    .map(([fn, selfMs]) => ({ fn, selfMs, share: total ? selfMs / total : 0 }))
    .sort((a, b) => b.selfMs - a.selfMs || a.fn.localeCompare(b.fn));
}

/** Our code: the repository's src/ (not node_modules, not the bench itself). */
export function isOurSource(root: string): (url: string) => boolean {
  return (url) => {
    const path = url.replace(/^file:\/\//, '');
    return path.startsWith(`${root}/src/`) || path.startsWith(`${root}/dist/`);
  };
}

/** "top five self time, ours: a 1.2 ms (3%), …", for a bench row's note. */
export function describeTop(times: readonly SelfTime[], count = 5): string {
  if (times.length === 0) return 'profile: none of the sampled time is in our code';
  return `profile, top self time in our code: ${times.slice(0, count).map((t) => `${t.fn} ${t.selfMs.toFixed(1)} ms (${(t.share * 100).toFixed(1)}%)`).join('; ')}`;
}

/** Runs `work` under the V8 CPU profiler of this process (what --cpu-prof records) and returns the profile. */
export async function profileOf(work: () => Promise<unknown>, intervalUs = 100): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
    await session.post('Profiler.start');
    try {
      await work();
    } catch (error) {
      await session.post('Profiler.stop');
      throw error;
    }
    const { profile } = await session.post('Profiler.stop');
    return profile as unknown as CpuProfile;
  } finally {
    session.disconnect();
  }
}

/**
 * A missed row gets the reason and the top five self-time functions of ours from a CPU profile of
 * `work` (the extension's side of the measure, run again under the profiler); a met row stays as it is.
 */
export async function explainMiss<R extends { readonly met?: boolean; readonly note?: string }>(row: R, root: string, work: () => Promise<unknown>, reason: string): Promise<R> {
  if (row.met !== false) return row;
  const profile = await profileOf(work);
  const top = describeTop(selfTimes(profile, isOurSource(root), root, sourceMapLocate));
  return { ...row, note: `${row.note ? `${row.note}; ` : ''}missed: ${reason}; ${top}` };
}

/**
 * A CPU profile of a fresh child process (`node --cpu-prof`), for measures taken in a child of
 * their own (cold require, cold tree). Our self time is what is left once the process's start-up is
 * out of the way: the functions of ours are listed, whatever ran before them.
 */
export function childProfile(args: readonly string[], dir: string): CpuProfile {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '50', ...args], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: 'ignore' });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('node --cpu-prof wrote no profile');
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

/** explainMiss for a child-process measure. */
export function explainChildMiss<R extends { readonly met?: boolean; readonly note?: string }>(row: R, root: string, args: readonly string[], dir: string, reason: string): R {
  if (row.met !== false) return row;
  const top = describeTop(selfTimes(childProfile(args, dir), isOurSource(root), root));
  return { ...row, note: `${row.note ? `${row.note}; ` : ''}missed: ${reason}; ${top}` };
}
