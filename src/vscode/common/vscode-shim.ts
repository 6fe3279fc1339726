/**
 * The one module of each bundle that loads 'vscode' (scripts/build.mjs maps every other import of
 * 'vscode' here): esbuild otherwise copies the whole API object once per importing module.
 */
export * from 'vscode';
