/**
 * Timing helpers. Machines are shared and noisy, so every figure is a median over repeated runs,
 * and every comparison runs the extension and its baseline interleaved in the same process.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** One line of the results table. Timings never pass or fail a run; `met` only reports the target. */
export interface Row {
  readonly section: string;
  readonly measure: string;
  /** The extension's figure. */
  readonly value: number;
  readonly unit: string;
  /** The same measure for the baseline, in the same run. */
  readonly baseline?: number;
  /** value / baseline (medians), or a difference in `unit` when `delta` is set. */
  readonly ratio?: number;
  /**
   * The same ratio on this process's CPU time (user + system) instead of wall-clock time: less
   * sensitive to other load on the machine, and blind to time spent waiting.
   */
  readonly cpuRatio?: number;
  readonly delta?: boolean;
  readonly target?: string;
  readonly met?: boolean;
  readonly samples?: number;
  readonly note?: string;
  /** The 1-minute load average when the row's section started → ended. */
  readonly load?: string;
}

/** Wall-clock and CPU time of one run, in milliseconds. */
export interface Timing {
  readonly ms: number;
  readonly cpuMs: number;
}

/** A comparison row: medians of both sides, their ratio, and whether it is within `maxRatio`. */
export function ratioRow(section: string, measure: string, ours: readonly number[], base: readonly number[], unit: string, maxRatio: number, note?: string): Row {
  const value = median(ours);
  const baseline = median(base);
  const ratio = value / baseline;
  return { section, measure, value, baseline, ratio, unit, target: `ratio ≤ ${maxRatio.toFixed(2)}`, met: ratio <= maxRatio, samples: Math.min(ours.length, base.length), ...(note ? { note } : {}) };
}

/** ratioRow over timings, with the CPU-time ratio alongside. */
export function timingRow(section: string, measure: string, ours: readonly Timing[], base: readonly Timing[], maxRatio: number, note?: string): Row {
  const row = ratioRow(section, measure, ours.map((t) => t.ms), base.map((t) => t.ms), 'ms', maxRatio, note);
  return { ...row, cpuRatio: median(ours.map((t) => t.cpuMs)) / median(base.map((t) => t.cpuMs)) };
}

/**
 * Runs `ours` and `base` in alternating order for `rounds` rounds, so drift in machine load falls
 * on both sides; returns each side's samples (whatever the functions return, e.g. milliseconds).
 */
export async function interleave<T>(rounds: number, ours: () => Promise<T>, base: () => Promise<T>): Promise<{ ours: T[]; base: T[] }> {
  const out = { ours: [] as T[], base: [] as T[] };
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      out.ours.push(await ours());
      out.base.push(await base());
    } else {
      out.base.push(await base());
      out.ours.push(await ours());
    }
  }
  return out;
}

/** Wall-clock and CPU milliseconds taken by `fn` (CPU: this whole process, so keep other work quiet). */
export async function timedCpu(fn: () => unknown): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Milliseconds taken by `fn`. */
export async function timed(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** Collects garbage between runs when node runs with --expose-gc, so one side does not pay for the other. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
