/**
 * 1. Activation: bundle sizes, and the cold require() of dist/extension.js against an empty extension
 * bundle, each in a fresh child process, alternating. The lazily loaded chunks are timed the same
 * way, as what the first request and the first catalogue lookup pay once.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ACTIVATION_BUDGET_BYTES, BUNDLES, DIST, REPO_ROOT, SDK_MARKERS, bundleFacts, loadedAtActivation } from './bundle-budget';
import { Row, Timing, median } from './measure';
import { explainChildMiss } from './profile-summary';

const SECTION = '1. Activation';
const CHILD = join(__dirname, 'child', 'require-time.cjs');

/** An extension that does nothing, built with the same esbuild options as dist/extension.js. */
async function emptyBundle(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'empty-extension.ts');
  writeFileSync(entry, 'export function activate(): void {}\nexport function deactivate(): void {}\n');
  const outfile = join(dir, 'empty-extension.js');
  await esbuild.build({ entryPoints: [entry], outfile, bundle: true, minify: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], logLevel: 'warning' });
  return outfile;
}

function requireTime(file: string): Timing {
  const out = execFileSync(process.execPath, [CHILD, file, ...(file.endsWith('extension.js') ? ['--extension'] : [])], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return JSON.parse(out) as Timing;
}

/** Alternates the files, one fresh process per sample; returns each file's samples in ms. */
function coldRequires(files: readonly string[], rounds: number): Timing[][] {
  const samples = files.map(() => [] as Timing[]);
  for (let r = 0; r < rounds; r++) {
    const order = files.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) samples[i]!.push(requireTime(files[i]!));
  }
  return samples;
}

const kb = (bytes: number | undefined): number => (bytes ?? NaN) / 1024;

export async function benchActivation(opts: { rounds: number; tmpDir: string }): Promise<Row[]> {
  const facts = bundleFacts();
  const atActivation = loadedAtActivation(facts);
  const activationBytes = atActivation.reduce((sum, c) => sum + c.bytes, 0);
  const sdkOutside = facts.chunks.filter((c) => c.file !== BUNDLES.sdk && c.sdkMarkers.length > 0).map((c) => c.file);
  const rowsOutside = facts.chunks.filter((c) => c.file !== BUNDLES.catalogue && c.catalogueRows > 0).map((c) => c.file);
  const loadedEagerly = atActivation.filter((c) => c.file === BUNDLES.sdk || c.file === BUNDLES.catalogue).map((c) => c.file);
  const leaks = [...sdkOutside.map((f) => `SDK code in ${f}`), ...rowsOutside.map((f) => `catalogue rows in ${f}`), ...loadedEagerly.map((f) => `${f} required at activation`)];
  const sdkChunkOk = facts.chunks.find((c) => c.file === BUNDLES.sdk)?.sdkMarkers.length === SDK_MARKERS.length;
  const rows: Row[] = [
    { section: SECTION, measure: 'Activation bundle (dist/extension.js and what it requires)', value: kb(activationBytes), unit: 'KB', target: `≤ ${ACTIVATION_BUDGET_BYTES / 1024} KB`, met: activationBytes <= ACTIVATION_BUDGET_BYTES, note: atActivation.map((c) => c.file).join(', ') },
    { section: SECTION, measure: 'SDK and catalogue kept out of activation', value: leaks.length, unit: 'found', target: 'none', met: leaks.length === 0 && sdkChunkOk, note: leaks.join('; ') || 'SDK code only in openai-sdk.js, catalogue rows only in route-catalogue.js, both loaded with import()' },
    { section: SECTION, measure: 'SDK chunk (dist/openai-sdk.js, lazy)', value: kb(facts.bytes.sdk), unit: 'KB' },
    { section: SECTION, measure: 'Catalogue chunk (dist/route-catalogue.js, lazy)', value: kb(facts.bytes.catalogue), unit: 'KB' },
    ...facts.chunks.filter((c) => c.file.endsWith('.lazy.js')).map((c): Row => ({ section: SECTION, measure: `Lazy chunk dist/${c.file}`, value: kb(c.bytes), unit: 'KB' })),
    { section: SECTION, measure: 'Webview bundle (dist/webview/main.js)', value: kb(facts.bytes.webview), unit: 'KB' },
  ];

  const empty = await emptyBundle(opts.tmpDir);
  const files = [join(DIST, BUNDLES.activation), empty, join(DIST, BUNDLES.sdk), join(DIST, BUNDLES.catalogue)];
  const [ext, base, sdk, catalogue] = coldRequires(files, opts.rounds) as [Timing[], Timing[], Timing[], Timing[]];
  const wall = (t: Timing[]): number => median(t.map((x) => x.ms));
  const cpu = (t: Timing[]): number => median(t.map((x) => x.cpuMs));
  const baseline = wall(base);
  const delta = wall(ext) - baseline;
  const cpuNote = (t: Timing[]): string => `main-thread CPU ${cpu(t).toFixed(1)} ms vs ${cpu(base).toFixed(1)} ms (+${(cpu(t) - cpu(base)).toFixed(1)} ms)`;
  rows.push(
    explainChildMiss({ section: SECTION, measure: 'Cold require() of the activation bundle', value: wall(ext), baseline, ratio: delta, delta: true, unit: 'ms', target: '≤ +3 ms', met: delta <= 3, samples: ext.length, note: `baseline: an empty extension bundle, fresh process per sample; ${cpuNote(ext)}` }, REPO_ROOT, [CHILD, join(DIST, BUNDLES.activation), '--extension'], join(opts.tmpDir, 'activation-profile'), 'compiling and running the top level of ~50 KB of minified code (the profile names are minified)'),
    { section: SECTION, measure: 'Cold require() of the SDK chunk (first request, once)', value: wall(sdk), baseline, ratio: wall(sdk) - baseline, delta: true, unit: 'ms', samples: sdk.length, note: cpuNote(sdk) },
    { section: SECTION, measure: 'Cold require() of the catalogue chunk (first lookup, once)', value: wall(catalogue), baseline, ratio: wall(catalogue) - baseline, delta: true, unit: 'ms', samples: catalogue.length, note: cpuNote(catalogue) },
  );
  return rows;
}
