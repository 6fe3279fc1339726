// What the workspace scan reads: exclusion globs, .gitignore rules, binary detection, and its summary.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GitIgnoreRules } from '../../src/core/leaks/gitignore';
import { GlobSet, globToRegExp } from '../../src/core/leaks/glob';
import { ALWAYS_EXCLUDED, FileFinding, looksBinary, summaryMessage, summaryReport, toFinding } from '../../src/core/leaks/scan-rules';
import { findKeyLeaks, OPENAI_KEY_MARKER } from '../../src/core/leaks/key-patterns';

describe('globs (VS Code setting syntax)', () => {
  it('matches **, *, ?, braces and classes on relative paths', () => {
    const set = new GlobSet(['**/node_modules/**', '**/*.lock', '**/package-lock.json', 'build/*.{js,map}', 'data/file?.[ct]sv']);
    for (const yes of ['node_modules/a/b.js', 'x/node_modules/y.js', 'yarn.lock', 'a/b/Cargo.lock', 'package-lock.json', 'w/package-lock.json', 'build/a.js', 'build/a.map', 'data/file1.csv', 'data/file2.tsv']) {
      assert.equal(set.matches(yes), true, yes);
    }
    for (const no of ['src/node_modules.ts', 'a.lock.ts', 'build/sub/a.js', 'build/a.ts', 'data/file10.csv', 'src/index.ts']) {
      assert.equal(set.matches(no), false, no);
    }
  });

  it('escapes regex characters and treats backslashes as separators', () => {
    assert.equal(globToRegExp('a+b(c).txt').test('a+b(c).txt'), true);
    assert.equal(new GlobSet(['**/*.min.js']).matches('dist\\app.min.js'), true);
  });

  it('always excludes VCS folders and the saved requests folder', () => {
    const set = new GlobSet(ALWAYS_EXCLUDED);
    assert.equal(set.matches('.git/config'), true);
    assert.equal(set.matches('.vscode/openai-requests/chat.json'), true);
    assert.equal(set.matches('sub/.vscode/openai-requests/a.json'), true);
    assert.equal(set.matches('.vscode/settings.json'), false);
  });
});

describe('.gitignore rules', () => {
  it('applies root and nested files like git: basename patterns, anchors, dir-only, ** and negation', () => {
    const rules = new GitIgnoreRules();
    rules.add('', '# comment\n*.log\n/build\nsecrets/\n!keep.log\ndocs/**/draft.md\n\\#literal\n');
    rules.add('pkg', 'local.txt\n/only-here.txt\n');
    const ignored = ['a.log', 'x/y/a.log', 'build/out.js', 'secrets/k.txt', 'x/secrets/k.txt', 'docs/draft.md', 'docs/a/b/draft.md', '#literal', 'pkg/local.txt', 'pkg/sub/local.txt', 'pkg/only-here.txt'];
    const kept = ['keep.log', 'src/build/x.js', 'secrets', 'src/a.ts', 'only-here.txt', 'pkg/sub/only-here.txt', 'local.txt'];
    for (const p of ignored) assert.equal(rules.ignores(p), true, p);
    for (const p of kept) assert.equal(rules.ignores(p), false, p);
  });

  it('cannot re-include a file inside an ignored directory, as git', () => {
    const rules = new GitIgnoreRules();
    rules.add('', 'out/\n!out/keep.txt\n');
    assert.equal(rules.ignores('out/keep.txt'), true);
  });

  it('later rules win, and the nested .gitignore overrides its parent', () => {
    const rules = new GitIgnoreRules();
    rules.add('', '*.env\n');
    rules.add('app', '!prod.env\n');
    assert.equal(rules.ignores('app/prod.env'), false);
    assert.equal(rules.ignores('app/dev.env'), true);
  });
});

describe('binary files and the summary', () => {
  it('treats a NUL byte in the first 8000 bytes as binary', () => {
    assert.equal(looksBinary(new TextEncoder().encode('plain text\n')), false);
    assert.equal(looksBinary(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 1])), true);
    const late = new Uint8Array(9000).fill(65);
    late[8500] = 0;
    assert.equal(looksBinary(late), false);
  });

  const key = `sk-proj-aZ7${'b1C'.repeat(10)}${OPENAI_KEY_MARKER}${'d2E'.repeat(10)}`;
  const text = `a\nb\nk = "${key}"\n`;
  const findings: FileFinding[] = [
    toFinding('src/app.ts', true, text, findKeyLeaks(text)),
    toFinding('.env', false, key, findKeyLeaks(key)),
  ];
  const counts = { scanned: 120, skippedBinary: 2, skippedLarge: 1, excluded: 30 };

  it('finds lines and masks keys', () => {
    assert.deepEqual(findings[0]!.keys, [{ line: 3, masked: `sk-proj-…${key.slice(-4)}`, confidence: 'marked' }]);
  });

  it('names the files git tracks, and never holds a key', () => {
    const message = summaryMessage(findings, counts, false);
    assert.match(message, /^Scanned 120 file\(s\): 2 OpenAI key\(s\) in 2 file\(s\)\. Tracked by git: src\/app\.ts\. Treat those keys as leaked/);
    const report = summaryReport(findings, counts, false);
    assert.match(report, /src\/app\.ts \(tracked by git: rotate these keys\)\n {4}line 3: sk-proj-…/);
    assert.match(report, /\.env\n/);
    for (const out of [message, report]) assert.ok(!out.includes(key) && !out.includes(key.slice(8, 30)));
  });

  it('says when nothing is tracked, nothing was found, or the scan was cancelled', () => {
    assert.match(summaryMessage([findings[1]!], counts, false), /None of these files is tracked by git\./);
    assert.equal(summaryMessage([], counts, false), 'Scanned 120 file(s): no OpenAI keys found.');
    assert.match(summaryMessage([], counts, true), /^Scan cancelled after 120 file\(s\)/);
  });
});
