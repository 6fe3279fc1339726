// The pure layers (src/core, src/builder, src/protocol) run under plain Node: no file there may import
// 'vscode' (statically, dynamically or through require) or the adapters. The webview page never imports
// host code: it talks to the host only through src/protocol.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const PURE_LAYERS = ['core', 'builder', 'protocol'];

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

/** Relative import specifiers that reach into src/<folder> (or src/<folder>.ts) from another folder. */
export function importsFolder(source: string, folders: readonly string[]): boolean {
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm)]
    .map((match) => match[1] ?? '');
  return specifiers.some((spec) => folders.some((folder) => new RegExp(`^(\\.\\./)+${folder}(/|$)`).test(spec)));
}

describe('layer boundaries', () => {
  it('detects every form of importing vscode', () => {
    assert.ok(importsVscode(`import * as vscode from 'vscode';`));
    assert.ok(importsVscode(`import type { Uri } from "vscode";`));
    assert.ok(importsVscode(`const v = await import('vscode');`));
    assert.ok(importsVscode(`const v = require( 'vscode' );`));
    assert.ok(importsVscode(`import 'vscode';`));
    assert.ok(!importsVscode(`// talks to 'vscode' through an adapter\nconst x = 'vscode';`));
  });

  it('detects an import that climbs into another layer', () => {
    assert.ok(importsFolder(`import { KeyVault } from '../vscode/keys/key-vault';`, ['vscode']));
    assert.ok(importsFolder(`import type { Services } from '../../vscode/common/services';`, ['vscode']));
    assert.ok(importsFolder(`const m = await import('../../extension');`, ['extension']));
    assert.ok(!importsFolder(`import { redact } from '../core/common/redaction';`, ['vscode']));
    assert.ok(!importsFolder(`import { x } from './vscode-like';`, ['vscode']));
  });

  for (const layer of PURE_LAYERS) {
    it(`finds no vscode import and no adapter import under src/${layer}`, () => {
      const files = tsFiles(join(root, 'src', layer));
      assert.ok(files.length > 0, `src/${layer} has no files`);
      const offenders = files.filter((f) => {
        const source = readFileSync(f, 'utf8');
        return importsVscode(source) || importsFolder(source, ['vscode', 'webview', 'extension']);
      }).map((f) => relative(root, f));
      assert.deepEqual(offenders, [], `src/${layer} must not import vscode or the adapters: ${offenders.join(', ')}`);
    });
  }

  it('finds no host import under src/webview', () => {
    const files = tsFiles(join(root, 'src', 'webview'));
    const offenders = files.filter((f) => {
      const source = readFileSync(f, 'utf8');
      return importsVscode(source) || importsFolder(source, ['vscode', 'builder', 'extension']);
    }).map((f) => relative(root, f));
    assert.deepEqual(offenders, [], `src/webview must not import host code: ${offenders.join(', ')}`);
  });
});
