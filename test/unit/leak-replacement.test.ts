// Replacement texts of the "Move key to OpenAI Connector" quick fix, per language, with the import it adds.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { goImportEdit, pythonImportEdit } from '../../src/core/leaks/imports';
import { OPENAI_KEY_MARKER, findKeyLeaks } from '../../src/core/leaks/key-patterns';
import { TextEdit, languageFamily, planReplacement } from '../../src/core/leaks/replacement';

const KEY = `sk-proj-aZ7${randomBytes(40).toString('hex')}${OPENAI_KEY_MARKER}${randomBytes(40).toString('hex')}`;

function apply(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Writes `template` with the key at `@KEY@`, runs the planner on the found key and returns the new text. */
function fix(template: string, languageId: string, fileName: string): string {
  const text = template.replace('@KEY@', KEY);
  const [m] = findKeyLeaks(text);
  assert.ok(m, 'the key was not found');
  const plan = planReplacement(text, m.start, m.end, languageId, fileName);
  const out = apply(text, plan.edits);
  assert.ok(!out.includes(KEY), 'the key is still there');
  return out;
}

describe('replacement: JavaScript and TypeScript', () => {
  it('replaces a whole string literal with process.env.OPENAI_API_KEY, for either quote', () => {
    assert.equal(fix('const key = "@KEY@";\n', 'typescript', 'a.ts'), 'const key = process.env.OPENAI_API_KEY;\n');
    assert.equal(fix("new OpenAI({ apiKey: '@KEY@' })", 'javascript', 'a.js'), 'new OpenAI({ apiKey: process.env.OPENAI_API_KEY })');
    assert.equal(fix('k = `@KEY@`', 'javascriptreact', 'a.jsx'), 'k = process.env.OPENAI_API_KEY');
  });

  it('interpolates inside template literals and concatenates inside other strings', () => {
    assert.equal(fix('h = `Bearer @KEY@`;', 'typescript', 'a.ts'), 'h = `Bearer ${process.env.OPENAI_API_KEY}`;');
    assert.equal(fix("h = 'Bearer @KEY@';", 'typescript', 'a.ts'), "h = 'Bearer ' + process.env.OPENAI_API_KEY;");
    assert.equal(fix('h = "@KEY@ is the key";', 'typescript', 'a.ts'), 'h = process.env.OPENAI_API_KEY + " is the key";');
    assert.equal(fix('h = "a @KEY@ b";', 'typescript', 'a.ts'), 'h = "a " + process.env.OPENAI_API_KEY + " b";');
  });

  it('does not get confused by escaped quotes and earlier strings on the line', () => {
    assert.equal(fix('f("it\\"s", "@KEY@")', 'typescript', 'a.ts'), 'f("it\\"s", process.env.OPENAI_API_KEY)');
  });

  it('adds no import', () => {
    assert.equal(planReplacement(`x = "${KEY}"`, 5, 5 + KEY.length, 'typescript', 'a.ts').edits.length, 1);
  });
});

describe('replacement: Python', () => {
  it('uses os.environ["OPENAI_API_KEY"] and adds import os before the first import', () => {
    assert.equal(
      fix('import sys\nclient = OpenAI(api_key="@KEY@")\n', 'python', 'app.py'),
      'import os\nimport sys\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n',
    );
  });

  it('keeps an existing import os (also in a list, or as os.path)', () => {
    assert.equal(fix("import sys, os\nk = '@KEY@'\n", 'python', 'a.py'), 'import sys, os\nk = os.environ["OPENAI_API_KEY"]\n');
    assert.equal(fix("import os.path\nk = '@KEY@'\n", 'python', 'a.py'), 'import os.path\nk = os.environ["OPENAI_API_KEY"]\n');
  });

  it('puts the import after shebang, comments, docstring and __future__ when there are no imports', () => {
    const out = fix('#!/usr/bin/env python\n"""Tool."""\nfrom __future__ import annotations\nk = "@KEY@"\n', 'python', 'a.py');
    assert.equal(out, '#!/usr/bin/env python\n"""Tool."""\nfrom __future__ import annotations\nimport os\nk = os.environ["OPENAI_API_KEY"]\n');
  });

  it('puts the import at the top of a file that starts with code', () => {
    assert.equal(fix('k = "@KEY@"', 'python', 'a.py'), 'import os\nk = os.environ["OPENAI_API_KEY"]');
  });

  it('handles a multi-line docstring', () => {
    const out = fix('"""Tool.\n\nMore.\n"""\nk = "@KEY@"\n', 'python', 'a.py');
    assert.equal(out, '"""Tool.\n\nMore.\n"""\nimport os\nk = os.environ["OPENAI_API_KEY"]\n');
  });

  it('interpolates in f-strings with the other quote, and concatenates in plain strings', () => {
    assert.equal(fix('import os\nh = f"Bearer @KEY@"', 'python', 'a.py'), 'import os\nh = f"Bearer {os.environ[\'OPENAI_API_KEY\']}"');
    assert.equal(fix("import os\nh = 'Bearer @KEY@'", 'python', 'a.py'), 'import os\nh = \'Bearer \' + os.environ["OPENAI_API_KEY"]');
  });

  it('keeps CRLF line endings in the import', () => {
    assert.deepEqual(pythonImportEdit('import sys\r\nx = 1\r\n'), { start: 0, end: 0, newText: 'import os\r\n' });
  });
});

describe('replacement: Go', () => {
  it('uses os.Getenv("OPENAI_API_KEY") and adds "os" to the import block', () => {
    const out = fix('package main\n\nimport (\n\t"fmt"\n)\n\nvar key = "@KEY@"\n', 'go', 'main.go');
    assert.equal(out, 'package main\n\nimport (\n\t"os"\n\t"fmt"\n)\n\nvar key = os.Getenv("OPENAI_API_KEY")\n');
  });

  it('adds an import after the package clause when there is none, and none when "os" is there', () => {
    assert.equal(fix('package main\nvar k = `@KEY@`\n', 'go', 'main.go'), 'package main\n\nimport "os"\nvar k = os.Getenv("OPENAI_API_KEY")\n');
    assert.equal(goImportEdit('package main\nimport (\n\t"fmt"\n\t"os"\n)\n'), undefined);
    assert.equal(goImportEdit('package main\nimport "os"\n'), undefined);
    assert.deepEqual(goImportEdit('package main\nimport "fmt"\n'), { start: 13, end: 13, newText: 'import "os"\n' });
  });

  it('concatenates inside a larger string', () => {
    assert.equal(fix('package main\nimport "os"\nvar h = "Bearer @KEY@"\n', 'go', 'main.go'), 'package main\nimport "os"\nvar h = "Bearer " + os.Getenv("OPENAI_API_KEY")\n');
  });
});

describe('replacement: YAML, shell, Dockerfile and .env', () => {
  it('writes ${OPENAI_API_KEY} in YAML, keeping its quotes', () => {
    assert.equal(fix('env:\n  OPENAI_API_KEY: "@KEY@"\n', 'yaml', 'compose.yaml'), 'env:\n  OPENAI_API_KEY: "${OPENAI_API_KEY}"\n');
    assert.equal(fix('key: @KEY@\n', 'yaml', 'config.yml'), 'key: ${OPENAI_API_KEY}\n');
  });

  it('writes ${OPENAI_API_KEY} in shell and steps out of single quotes, where nothing expands', () => {
    assert.equal(fix('curl -H "Authorization: Bearer @KEY@" x', 'shellscript', 'run.sh'), 'curl -H "Authorization: Bearer ${OPENAI_API_KEY}" x');
    assert.equal(fix("export K='@KEY@'", 'shellscript', 'run.sh'), 'export K="${OPENAI_API_KEY}"');
    assert.equal(fix("curl -H 'Authorization: Bearer @KEY@' x", 'shellscript', 'run.sh'), `curl -H 'Authorization: Bearer '"\${OPENAI_API_KEY}" x`);
    assert.equal(fix("echo 'a @KEY@ b'", 'shellscript', 'run.sh'), `echo 'a '"\${OPENAI_API_KEY}"' b'`);
  });

  it('writes ${OPENAI_API_KEY} in a Dockerfile, found by its name', () => {
    assert.equal(fix('ENV OPENAI_API_KEY=@KEY@\n', 'plaintext', 'Dockerfile'), 'ENV OPENAI_API_KEY=${OPENAI_API_KEY}\n');
  });

  it('removes the value in .env files, with its quotes', () => {
    assert.equal(fix('A=1\nOPENAI_API_KEY=@KEY@\nB=2\n', 'dotenv', '.env'), 'A=1\nOPENAI_API_KEY=\nB=2\n');
    assert.equal(fix('OPENAI_API_KEY="@KEY@"\n', 'properties', '.env.local'), 'OPENAI_API_KEY=\n');
  });

  it('writes ${OPENAI_API_KEY} in any other file', () => {
    assert.equal(fix('{ "apiKey": "@KEY@" }', 'json', 'config.json'), '{ "apiKey": "${OPENAI_API_KEY}" }');
  });
});

describe('replacement: language families', () => {
  it('comes from the file name first, then the language id, then the extension', () => {
    assert.equal(languageFamily('plaintext', '/w/.env'), 'dotenv');
    assert.equal(languageFamily('shellscript', '/w/.env.production'), 'dotenv');
    assert.equal(languageFamily('plaintext', '/w/prod.env'), 'dotenv');
    assert.equal(languageFamily('plaintext', '/w/Dockerfile'), 'docker');
    assert.equal(languageFamily('typescriptreact', '/w/a.tsx'), 'js');
    assert.equal(languageFamily('plaintext', '/w/a.py'), 'python');
    assert.equal(languageFamily('dockercompose', '/w/compose.yaml'), 'yaml');
    assert.equal(languageFamily('plaintext', '/w/README'), 'other');
  });
});
