// The webview bundle's budget (issue 12): what the first paint needs, main.js and the chunks it imports
// statically, stays within 300 KB minified; what loads later (CodeMirror, by import()) is listed
// separately with its own budget. Built in memory with the production options (scripts/webview-build.mjs).
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { REPO_ROOT } from '../../scripts/bench/bundle-budget';
// @ts-expect-error: a plain .mjs build script without types
import { webviewBuildOptions } from '../../scripts/webview-build.mjs';

export const FIRST_PAINT_BUDGET_BYTES = 300 * 1024;
export const LAZY_BUDGET_BYTES = 450 * 1024;

interface Output {
  readonly bytes: number;
  readonly imports: readonly { path: string; kind: string }[];
  readonly inputs: Record<string, unknown>;
  readonly entryPoint?: string;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/** Output files reachable from `start` through static imports only. */
function staticClosure(outputs: Record<string, Output>, start: string): Set<string> {
  const seen = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of outputs[file]?.imports ?? []) if (i.kind === 'import-statement') walk(i.path);
  };
  walk(start);
  return seen;
}

describe('webview bundle budget', () => {
  let outputs: Record<string, Output>;
  let firstPaint: Set<string>;
  let lazy: string[];

  before(async () => {
    const options = webviewBuildOptions({ bundle: true, minify: true, legalComments: 'none', logLevel: 'silent' });
    const result = await esbuild.build({ ...options, absWorkingDir: REPO_ROOT, write: false, metafile: true });
    outputs = Object.fromEntries(Object.entries(result.metafile?.outputs ?? {}).filter(([file]) => file.endsWith('.js'))) as Record<string, Output>;
    const entry = Object.keys(outputs).find((file) => outputs[file]!.entryPoint === 'src/webview/main.ts');
    assert.ok(entry, 'no output for src/webview/main.ts');
    firstPaint = staticClosure(outputs, entry);
    lazy = Object.keys(outputs).filter((file) => !firstPaint.has(file));
  }, { timeout: 120_000 });

  const total = (files: Iterable<string>): number => [...files].reduce((sum, f) => sum + outputs[f]!.bytes, 0);
  const list = (files: Iterable<string>): string => [...files].map((f) => `${f} ${kb(outputs[f]!.bytes)}`).join(', ');

  it(`keeps what the first paint needs within ${kb(FIRST_PAINT_BUDGET_BYTES)}`, () => {
    const bytes = total(firstPaint);
    assert.ok(bytes <= FIRST_PAINT_BUDGET_BYTES, `the first paint loads ${kb(bytes)} (${list(firstPaint)}), over its budget: load what it does not need with import()`);
  });

  it('loads CodeMirror only later, from its own chunk', () => {
    const early = [...firstPaint].filter((f) => Object.keys(outputs[f]!.inputs).some((input) => input.includes('node_modules/@codemirror/')));
    assert.deepEqual(early, [], 'CodeMirror is in the first paint: import json-editor.ts only through editors.ts');
    assert.ok(lazy.some((f) => Object.keys(outputs[f]!.inputs).some((input) => input.includes('node_modules/@codemirror/'))), 'no lazy chunk holds CodeMirror');
  });

  it(`keeps the lazily loaded chunks within ${kb(LAZY_BUDGET_BYTES)}`, () => {
    const bytes = total(lazy);
    assert.ok(bytes <= LAZY_BUDGET_BYTES, `lazy chunks: ${kb(bytes)} (${list(lazy)}), over their budget`);
  });
});
