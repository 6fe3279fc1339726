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
  ACTIVATION_BUDGET_BYTES, BUNDLES, BundleFacts, DIST, OFFICIAL_OPERATIONS, REPO_ROOT, SDK_MARKERS, bundleFacts,
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

  it(`keeps the activation bundle within ${kb(ACTIVATION_BUDGET_BYTES)} minified`, () => {
    const bytes = facts.bytes.activation ?? Infinity;
    assert.ok(bytes <= ACTIVATION_BUDGET_BYTES, `dist/extension.js is ${kb(bytes)}, over the ${kb(ACTIVATION_BUDGET_BYTES)} budget: move code that activation does not need behind a lazy import`);
  });

  it('has no openai SDK code in the activation bundle, and all of it in the SDK chunk', () => {
    assert.deepEqual(facts.sdkMarkersInSdkChunk, [...SDK_MARKERS], 'the SDK chunk lacks SDK markers: are the markers still right?');
    assert.deepEqual(facts.sdkMarkersInActivation, [], 'SDK code is bundled into dist/extension.js: import it only with `await import(\'openai\')`');
  });

  it('loads the SDK through its lazily loaded chunk', () => {
    assert.ok(facts.activationRequiresSdkChunk, 'dist/extension.js does not load ./openai-sdk.js lazily (import() or require())');
  });

  it('keeps the route catalogue data in its own chunk', () => {
    assert.equal(facts.catalogueRowsInChunk, OFFICIAL_OPERATIONS, 'dist/route-catalogue.js should carry one row per official operation');
    assert.equal(facts.catalogueRowsInActivation, 0, 'catalogue rows are bundled into dist/extension.js: load them with loadRouteCatalogue()');
  });
});
