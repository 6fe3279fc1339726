// Builds the extension host bundle, the lazily loaded openai SDK chunk, the webview bundle and the
// in-VS Code test suite. `--watch` rebuilds on change; `--dev` keeps bundles readable.
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, copyFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { writePackagedReadme } from './packaged-readme.mjs';
import { webviewBuildOptions } from './webview-build.mjs';

const dev = process.argv.includes('--dev');
const watch = process.argv.includes('--watch');

// Every src/ file named *.lazy.ts: code that runs only after a user action, built as its own chunk.
function lazyEntries(dir = 'src') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? lazyEntries(join(dir, e.name)) : e.name.endsWith('.lazy.ts') ? [join(dir, e.name)] : []);
}

/**
 * Keeps the activation bundle small: `import('openai')`, `import('./route-catalogue.data')` and
 * `import('./x.lazy')` resolve to separate chunks beside dist/extension.js, loaded on first use.
 * Chunks share no module state with the main bundle, so errors are told apart by name, not instanceof.
 */
const lazyChunks = (dir = '.') => ({
  name: 'lazy-chunks',
  setup(build) {
    build.onResolve({ filter: /^openai$/ }, () => ({ path: `${dir}/openai-sdk.js`, external: true }));
    build.onResolve({ filter: /\/route-catalogue\.data$/ }, () => ({ path: `${dir}/route-catalogue.js`, external: true }));
    build.onResolve({ filter: /\.lazy$/ }, (args) => (args.kind === 'dynamic-import' ? { path: `${dir}/${basename(args.path)}.js`, external: true } : undefined));
  },
});

/**
 * Every `import * as vscode from 'vscode'` resolves to src/vscode/common/vscode-shim.ts, the only module
 * that requires the real (external) 'vscode': the API object is then copied once per bundle instead
 * of once per importing module (esbuild's __toESM), which is most of the activation bundle's require time.
 */
const SHIM = join(process.cwd(), 'src/vscode/common/vscode-shim.ts');
const oneVscodeImport = {
  name: 'one-vscode-import',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.importer === SHIM ? { path: 'vscode', external: true } : { path: SHIM }));
  },
};

const common = { bundle: true, sourcemap: dev ? 'linked' : false, minify: !dev, logLevel: 'warning', legalComments: 'none' };

const configs = [
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [oneVscodeImport, lazyChunks()] },
  { ...common, entryPoints: ['src/core/execution/openai-sdk-entry.ts'], outfile: 'dist/openai-sdk.js', platform: 'node', format: 'cjs', target: 'node20' },
  { ...common, entryPoints: ['src/core/catalogue/route-catalogue.data.ts'], outfile: 'dist/route-catalogue.js', platform: 'node', format: 'cjs', target: 'node20' },
  ...lazyEntries().map((entry) => ({ ...common, entryPoints: [entry], outfile: `dist/${basename(entry, '.ts')}.js`, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [oneVscodeImport, lazyChunks()] })),
  webviewBuildOptions(common),
  // The Usage panel's page; its imported CSS (uPlot's and its own) becomes dist/webview/usage/main.css (shipped with the builder's page).
  { ...common, entryPoints: ['src/usage-webview/main.ts'], outfile: 'dist/webview/usage/main.js', platform: 'browser', format: 'iife', target: 'es2022', loader: { '.css': 'css' } },
];
if (existsSync('test/integration/index.ts')) {
  configs.push({ ...common, minify: false, sourcemap: 'inline', entryPoints: ['test/integration/index.ts'], outfile: 'dist/test/suite.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'], plugins: [lazyChunks('..')] });
}

// The webview's chunk names carry content hashes: clear the old ones, so no stale chunk is packaged.
rmSync('dist/webview/chunks', { recursive: true, force: true });
mkdirSync('dist/webview', { recursive: true });
if (existsSync('media/webview.css')) copyFileSync('media/webview.css', 'dist/webview/webview.css');
writePackagedReadme();

if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
  console.log('build: watching');
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
  console.log('build: done');
}
