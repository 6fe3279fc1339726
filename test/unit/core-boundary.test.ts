// src/core must stay pure TypeScript that runs under plain Node: no file there may import 'vscode'
// (statically, dynamically or through require).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const core = join(root, 'src', 'core');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return /\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

/** Import specifiers that name the vscode module, in any import form. */
export function importsVscode(source: string): boolean {
  return /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]vscode['"]/m.test(source);
}

describe('core boundary', () => {
  it('detects every form of importing vscode', () => {
    assert.ok(importsVscode(`import * as vscode from 'vscode';`));
    assert.ok(importsVscode(`import type { Uri } from "vscode";`));
    assert.ok(importsVscode(`const v = await import('vscode');`));
    assert.ok(importsVscode(`const v = require( 'vscode' );`));
    assert.ok(importsVscode(`import 'vscode';`));
    assert.ok(!importsVscode(`// talks to 'vscode' through an adapter\nconst x = 'vscode';`));
  });

  it('finds no vscode import under src/core', () => {
    const files = tsFiles(core);
    assert.ok(files.length > 0, 'src/core has no files');
    const offenders = files.filter((f) => importsVscode(readFileSync(f, 'utf8'))).map((f) => relative(root, f));
    assert.deepEqual(offenders, [], `src/core must not import vscode: ${offenders.join(', ')}`);
  });
});
