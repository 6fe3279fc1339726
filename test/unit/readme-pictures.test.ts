// The README's pictures: each one a committed PNG under docs/images/ that `npm run screenshots` takes,
// inside a <!-- pictures --> block, so the packaged README (scripts/packaged-readme.mjs) can leave it
// out: vsce refuses relative image links while the project has no public repository URL.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const IMAGE = /!\[([^\]]*)\]\(([^)\s]+)\)/g;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('README pictures', () => {
  const images = [...readme.matchAll(IMAGE)].map((m) => ({ alt: m[1]!, src: m[2]!, at: m.index }));

  it('shows the walkthrough, the keys tree, the request builder, the permission check and a leak warning', () => {
    assert.deepEqual(images.map((i) => i.src).sort(), [
      'docs/images/getting-started.png',
      'docs/images/keys-tree.png',
      'docs/images/leak-warning.png',
      'docs/images/permission-check.png',
      'docs/images/request-builder.png',
    ]);
    for (const image of images) assert.ok(image.alt.length > 20, `${image.src} needs a describing alt text`);
  });

  it('links committed PNGs, and every PNG under docs/images/ is shown', () => {
    for (const { src } of images) {
      assert.ok(existsSync(join(root, src)), `${src} is missing: run npm run screenshots`);
      assert.deepEqual(readFileSync(join(root, src)).subarray(0, 8), PNG_SIGNATURE, `${src} is not a PNG`);
    }
    const onDisk = readdirSync(join(root, 'docs', 'images')).filter((f) => f.endsWith('.png')).map((f) => `docs/images/${f}`);
    assert.deepEqual(onDisk.filter((f) => !images.some((i) => i.src === f)), [], 'pictures nobody shows');
  });

  it('keeps every picture inside a <!-- pictures --> block', () => {
    const blocks = [...readme.matchAll(/<!-- pictures -->[\s\S]*?<!-- \/pictures -->/g)].map((m) => [m.index, m.index + m[0].length] as const);
    for (const image of images) assert.ok(blocks.some(([from, to]) => image.at > from && image.at < to), `${image.src} is outside a pictures block`);
  });

  it('packages a README without relative images, with one note where the pictures were', async () => {
    const { packagedReadme, PICTURES_NOTE } = await import('../../scripts/packaged-readme.mjs');
    const packaged = packagedReadme(readme);
    assert.deepEqual([...packaged.matchAll(IMAGE)].map((m) => m[2]).filter((src) => !/^https:\/\//.test(src!)), []);
    assert.equal(packaged.split(PICTURES_NOTE).length - 1, 1);
    assert.doesNotMatch(packaged, /<!-- \/?pictures -->/);
    // Links to repository files become their paths (vsce refuses relative links); nothing else changes.
    assert.doesNotMatch(packaged, /\]\((?![a-z][a-z0-9+.-]*:|#)[^)\s]+\)/i);
    const relative = /\]\((?![a-z][a-z0-9+.-]*:|#)[^)\s]+\)/i;
    const kept = readme.replace(/<!-- pictures -->[\s\S]*?<!-- \/pictures -->/g, '').split('\n').filter((line) => !relative.test(line));
    const packagedLines = new Set(packaged.split('\n'));
    for (const line of kept) assert.ok(packagedLines.has(line), `the packaged README changed the line: ${line}`);
  });

  it('shows a link to a repository file as its path, and leaves web links and anchors alone', async () => {
    const { packagedReadme } = await import('../../scripts/packaged-readme.mjs');
    assert.equal(packagedReadme('see [docs/bench-latest.md](docs/bench-latest.md).'), 'see `docs/bench-latest.md` in the source repository.');
    assert.equal(packagedReadme('the [threat model](SECURITY.md)'), 'the threat model (`SECURITY.md`) in the source repository');
    assert.equal(packagedReadme('[OpenAI](https://platform.openai.com) and [below](#security)'), '[OpenAI](https://platform.openai.com) and [below](#security)');
  });
});
