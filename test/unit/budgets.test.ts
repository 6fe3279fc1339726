// Deterministic budgets of the build (see scripts/bench/bundle-budget.ts): the activation bundle stays
// small and carries neither the openai SDK nor the route catalogue, which load lazily from their own
// chunks. npm test builds before the unit tests; run alone, this test builds first when dist/ is
// missing, older than the sources, or a --dev build.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import {
  ACTIVATION_BUDGET_BYTES, BUNDLES, BundleFacts, ChunkFacts, DIST, OFFICIAL_OPERATIONS, REPO_ROOT, SDK_MARKERS, bundleFacts, loadedAtActivation,
} from '../../scripts/bench/bundle-budget';

function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSourceMtime(path));
    else if (/\.(ts|css)$/.test(entry.name)) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  const files = Object.values(BUNDLES).map((f) => join(DIST, f));
  if (files.some((f) => !existsSync(f))) return true;
  if (/sourceMappingURL=/.test(readFileSync(join(DIST, BUNDLES.activation), 'utf8'))) return true; // --dev build
  const oldest = Math.min(...files.map((f) => statSync(f).mtimeMs));
  const newest = Math.max(newestSourceMtime(join(REPO_ROOT, 'src')), statSync(join(REPO_ROOT, 'scripts', 'build.mjs')).mtimeMs);
  return newest > oldest;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

describe('build budgets', () => {
  let facts: BundleFacts;
  const chunk = (file: string): ChunkFacts => {
    const found = facts.chunks.find((c) => c.file === file);
    assert.ok(found, `dist/${file} is missing`);
    return found;
  };

  before(() => {
    if (needsBuild()) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO_ROOT, stdio: 'pipe' });
    facts = bundleFacts();
  }, { timeout: 120_000 });

  it('builds every bundle: activation, SDK chunk, catalogue chunk, webview', () => {
    for (const [name, file] of Object.entries(BUNDLES)) {
      const bytes = facts.bytes[name as keyof typeof BUNDLES];
      assert.ok(bytes !== undefined && bytes > 0, `dist/${file} is missing or empty`);
    }
  });

  it(`keeps what activation loads within ${kb(ACTIVATION_BUDGET_BYTES)} minified`, () => {
    const loaded = loadedAtActivation(facts);
    const bytes = loaded.reduce((sum, c) => sum + c.bytes, 0);
    const files = loaded.map((c) => `${c.file} ${kb(c.bytes)}`).join(', ');
    assert.ok(bytes <= ACTIVATION_BUDGET_BYTES, `activation loads ${kb(bytes)} (${files}), over the ${kb(ACTIVATION_BUDGET_BYTES)} budget: move code that activation does not need into a *.lazy.ts chunk`);
  });

  it('has no openai SDK code outside the SDK chunk', () => {
    assert.deepEqual(chunk(BUNDLES.sdk).sdkMarkers, [...SDK_MARKERS], 'the SDK chunk lacks SDK markers: are the markers still right?');
    const offenders = facts.chunks.filter((c) => c.file !== BUNDLES.sdk && c.sdkMarkers.length > 0).map((c) => `${c.file} (${c.sdkMarkers.join(', ')})`);
    assert.deepEqual(offenders, [], 'SDK code is bundled outside dist/openai-sdk.js: import it only with `await import(\'openai\')`');
  });

  it('loads the SDK and the catalogue only on first use, never at activation', () => {
    const loaded = loadedAtActivation(facts).map((c) => c.file);
    assert.ok(!loaded.includes(BUNDLES.sdk), 'dist/openai-sdk.js is required at activation');
    assert.ok(!loaded.includes(BUNDLES.catalogue), 'dist/route-catalogue.js is required at activation');
    assert.ok(facts.chunks.some((c) => c.lazy.includes(BUNDLES.sdk)), 'no chunk loads ./openai-sdk.js with import()');
    assert.ok(facts.chunks.some((c) => c.lazy.includes(BUNDLES.catalogue)), 'no chunk loads ./route-catalogue.js with import()');
  });

  it('keeps the route catalogue data in its own chunk', () => {
    assert.equal(chunk(BUNDLES.catalogue).catalogueRows, OFFICIAL_OPERATIONS, 'dist/route-catalogue.js should carry one row per official operation');
    const offenders = facts.chunks.filter((c) => c.file !== BUNDLES.catalogue && c.catalogueRows > 0).map((c) => `${c.file} (${c.catalogueRows} rows)`);
    assert.deepEqual(offenders, [], 'catalogue rows are bundled outside dist/route-catalogue.js: load them with loadRouteCatalogue()');
  });
});
