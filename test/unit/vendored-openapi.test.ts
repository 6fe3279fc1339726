// The repository is self-contained: OpenAI's description is vendored with its licence and a true record
// of where it came from, and nothing reads the folder that sits beside our own checkouts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { VENDORED_DIR, VENDORED_NOTICE, VENDORED_SPEC, parseNotice, renderNotice, sha256 } from '../../scripts/vendored-openapi';

const REPO = join(__dirname, '..', '..');

describe('the vendored OpenAPI description', () => {
  it('is in the repository with its MIT licence', () => {
    assert.ok(existsSync(VENDORED_SPEC), `${VENDORED_SPEC} is missing: restore it with git, or run npm run update:openapi`);
    const licence = readFileSync(join(VENDORED_DIR, 'LICENSE'), 'utf8');
    assert.match(licence, /The MIT License/);
    assert.match(licence, /Copyright \(c\) OpenAI/);
  });

  it('has a notice naming its source and commit, and the SHA-256 of the file as it is', () => {
    const record = parseNotice(readFileSync(VENDORED_NOTICE, 'utf8'));
    assert.match(record.source ?? '', /^https:\/\/github\.com\/openai\/openai-openapi/);
    assert.match(record.commit ?? '', /^[0-9a-f]{40}$/);
    assert.equal(record.sha256, sha256(VENDORED_SPEC), 'openapi.yaml was changed by hand: use npm run update:openapi, which records the source');
  });

  it('reads back the record it writes', () => {
    const record = { source: 'https://example.test/repo', commit: 'a'.repeat(40), date: '2026-01-02', sha256: 'b'.repeat(64), version: '9.9.9' };
    assert.deepEqual(parseNotice(renderNotice(record)), record);
    const { date: _omitted, ...undated } = record;
    assert.deepEqual(parseNotice(renderNotice(undated)), undated);
  });
});

describe('the repository needs nothing beside it', () => {
  it('has no tracked file that points at the shared folder beside our own checkouts', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean);
    const offenders: string[] = [];
    for (const file of files) {
      if (file.startsWith('third_party/') || !existsSync(join(REPO, file))) continue;
      const text = readFileSync(join(REPO, file), 'utf8');
      text.split('\n').forEach((line, index) => {
        // src/protocol/ (the webview protocol) is ours; the sibling folder is not.
        const sibling = line.replace(/(\.\.\/)+shared\/protocol/g, '');
        if (/\.\.\/shared\b|['"]\.\.['"],\s*['"]shared['"]|shared\/(openai-openapi|TESTING\.md)/.test(sibling)) offenders.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    assert.deepEqual(offenders, []);
  });
});
