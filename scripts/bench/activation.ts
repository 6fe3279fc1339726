/**
 * 1. Activation: bundle sizes, and the cold require() of dist/extension.js against an empty extension
 * bundle, each in a fresh child process, alternating. The lazily loaded chunks are timed the same
 * way, as what the first request and the first catalogue lookup pay once.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { ACTIVATION_BUDGET_BYTES, BUNDLES, DIST, bundleFacts } from './bundle-budget';
import { Row, median } from './measure';

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

function requireMs(file: string): number {
  const out = execFileSync(process.execPath, [CHILD, file], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return (JSON.parse(out) as { ms: number }).ms;
}

/** Alternates the files, one fresh process per sample; returns each file's samples in ms. */
function coldRequires(files: readonly string[], rounds: number): number[][] {
  const samples = files.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    const order = files.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) samples[i]!.push(requireMs(files[i]!));
  }
  return samples;
}

const kb = (bytes: number | undefined): number => (bytes ?? NaN) / 1024;

export async function benchActivation(opts: { rounds: number; tmpDir: string }): Promise<Row[]> {
  const facts = bundleFacts();
  const rows: Row[] = [
    { section: SECTION, measure: 'Activation bundle (dist/extension.js)', value: kb(facts.bytes.activation), unit: 'KB', target: `≤ ${ACTIVATION_BUDGET_BYTES / 1024} KB`, met: (facts.bytes.activation ?? Infinity) <= ACTIVATION_BUDGET_BYTES },
    { section: SECTION, measure: 'SDK code / catalogue rows in activation bundle', value: facts.sdkMarkersInActivation.length + facts.catalogueRowsInActivation, unit: 'found', target: 'none', met: facts.sdkMarkersInActivation.length + facts.catalogueRowsInActivation === 0, note: `SDK markers: ${facts.sdkMarkersInActivation.join(', ') || 'none'}; catalogue rows: ${facts.catalogueRowsInActivation}` },
    { section: SECTION, measure: 'SDK chunk (dist/openai-sdk.js, lazy)', value: kb(facts.bytes.sdk), unit: 'KB' },
    { section: SECTION, measure: 'Catalogue chunk (dist/route-catalogue.js, lazy)', value: kb(facts.bytes.catalogue), unit: 'KB' },
    { section: SECTION, measure: 'Webview bundle (dist/webview/main.js)', value: kb(facts.bytes.webview), unit: 'KB' },
  ];

  const empty = await emptyBundle(opts.tmpDir);
  const files = [join(DIST, BUNDLES.activation), empty, join(DIST, BUNDLES.sdk), join(DIST, BUNDLES.catalogue)];
  const [ext, base, sdk, catalogue] = coldRequires(files, opts.rounds) as [number[], number[], number[], number[]];
  const baseline = median(base);
  const delta = median(ext) - baseline;
  rows.push(
    { section: SECTION, measure: 'Cold require() of the activation bundle', value: median(ext), baseline, ratio: delta, delta: true, unit: 'ms', target: '≤ +3 ms', met: delta <= 3, samples: ext.length, note: 'baseline: an empty extension bundle; fresh process per sample' },
    { section: SECTION, measure: 'Cold require() of the SDK chunk (first request, once)', value: median(sdk), baseline, ratio: median(sdk) - baseline, delta: true, unit: 'ms', samples: sdk.length },
    { section: SECTION, measure: 'Cold require() of the catalogue chunk (first lookup, once)', value: median(catalogue), baseline, ratio: median(catalogue) - baseline, delta: true, unit: 'ms', samples: catalogue.length },
  );
  return rows;
}
