// The webview bundle's esbuild options, shared by scripts/build.mjs and the budget test
// (test/unit/webview-budget.test.ts). An ES module with code splitting: dist/webview/main.js is what the first
// paint needs; `import()` targets (CodeMirror) land in dist/webview/chunks/, fetched from the same
// webview folder when first used.
export function webviewBuildOptions(common = {}) {
  return {
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outdir: 'dist/webview',
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    loader: { '.css': 'css' },
  };
}
