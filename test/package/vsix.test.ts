// Checks the packaged extension (the .vsix that `npx @vscode/vsce package` makes) holds exactly the
// runtime files, and that the activation bundle stays small and free of the openai SDK.
// Run by scripts/test.sh with OPENAI_CONNECTOR_VSIX pointing at the package.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipEntries } from './zip-entries';

const root = join(__dirname, '..', '..');
const vsix = process.env.OPENAI_CONNECTOR_VSIX ?? join(root, 'dist', 'openai-connector.vsix');
/** Budget for dist/extension.js, the code loaded at activation. */
const ACTIVATION_BUNDLE_BUDGET = 200 * 1024;

const REQUIRED = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/openai-sdk.js',
  'extension/dist/webview/main.js',
  'extension/dist/webview/webview.css',
  'extension/media/icon.png',
  'extension/media/openai-connector.svg',
];
const ALLOWED: RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/i,
  /^extension\/license(\.txt|\.md)?$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/dist\/[^/]+\.js$/,
  /^extension\/dist\/webview\/.+$/,
  /^extension\/media\/.+$/,
];

describe('packaged .vsix', { skip: existsSync(vsix) ? false : `no package at ${vsix}` }, () => {
  const entries = existsSync(vsix) ? zipEntries(vsix) : [];
  const names = new Set(entries.map((e) => e.name));

  it('holds the runtime files, icons, README, CHANGELOG and LICENSE', () => {
    for (const name of REQUIRED) assert.ok(names.has(name), `${name} is missing from the package`);
    assert.ok([...names].some((n) => /^extension\/readme\.md$/i.test(n)), 'README.md is missing from the package');
    assert.ok([...names].some((n) => /^extension\/changelog\.md$/i.test(n)), 'CHANGELOG.md is missing from the package');
    assert.ok([...names].some((n) => /^extension\/license/i.test(n)), 'LICENSE is missing from the package');
  });

  it('ships every file the manifest names: icon and walkthrough media', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      icon?: string;
      contributes: { walkthroughs?: { steps: { media: Record<string, unknown> }[] }[] };
    };
    const referenced = [manifest.icon, ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((s) => [s.media.markdown, s.media.image, s.media.svg]))]
      .filter((path): path is string => typeof path === 'string');
    assert.ok(referenced.length > 1);
    for (const path of referenced) assert.ok(names.has(`extension/${path}`), `${path} is named in package.json but not packaged`);
  });

  it('packages dist/README.md, README.md without its pictures (vsce cannot resolve relative images without a repository)', () => {
    const built = readFileSync(join(root, 'dist', 'README.md'));
    assert.equal(entries.find((e) => /^extension\/readme\.md$/i.test(e.name))?.size, built.length, 'the packaged README is not dist/README.md');
    assert.doesNotMatch(built.toString('utf8'), /!\[[^\]]*\]\((?!https:\/\/)[^)]+\)/, 'the packaged README links a relative image');
  });

  it('ships no content twice', () => {
    const byContent = new Map<string, string[]>();
    for (const e of entries) {
      if (e.size === 0 || e.name.endsWith('/')) continue;
      const id = `${e.crc32}:${e.size}`;
      byContent.set(id, [...(byContent.get(id) ?? []), e.name]);
    }
    const twice = [...byContent.values()].filter((group) => group.length > 1);
    assert.deepEqual(twice, [], `the same content is packaged more than once: ${twice.map((g) => g.join(' = ')).join('; ')}`);
  });

  it('holds nothing else: no sources, tests, source maps, node_modules or packages', () => {
    const extra = [...names].filter((n) => !ALLOWED.some((re) => re.test(n)) || /\.(map|ts|vsix)$/.test(n));
    assert.deepEqual(extra, [], `unexpected files in the package (fix .vscodeignore): ${extra.join(', ')}`);
  });

  it('keeps the openai SDK out of the activation bundle', () => {
    const size = entries.find((e) => e.name === 'extension/dist/extension.js')?.size ?? 0;
    console.log(`activation bundle dist/extension.js: ${(size / 1024).toFixed(1)} KiB; package total ${(entries.reduce((s, e) => s + e.size, 0) / 1024).toFixed(1)} KiB`);
    assert.ok(size > 0 && size < ACTIVATION_BUNDLE_BUDGET, `dist/extension.js is ${size} bytes, over the ${ACTIVATION_BUNDLE_BUDGET} budget`);
    // The SDK's identifying headers live in the lazily loaded chunk only. The built files are the ones packaged.
    const activation = readFileSync(join(root, 'dist', 'extension.js'), 'utf8');
    const sdk = readFileSync(join(root, 'dist', 'openai-sdk.js'), 'utf8');
    assert.match(sdk, /x-stainless-/i, 'dist/openai-sdk.js does not look like the openai SDK');
    assert.doesNotMatch(activation, /x-stainless-/i, 'dist/extension.js contains the openai SDK; load it with await import(\'openai\')');
  });
});
