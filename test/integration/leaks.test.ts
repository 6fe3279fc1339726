// The leak scanner inside a real VS Code: warnings on open files, the "Move key" quick fix with one
// undo, and Scan Workspace for Leaked Keys over nested, git-tracked, ignored, excluded, binary, large
// and 20,000 files. Keys are built at run time and written only into throwaway folders.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { maskKey } from '../../src/core/keys/key-format';
import type { ScanResult } from '../../src/vscode/leaks/workspace-scan';
import type { MoveKeyResult } from '../../src/vscode/leaks/move-key-action';
import { clearVault, eventually, hooks } from './extension-api';

const MARKER = ['T3Blbk', 'FJ'].join('');
const PREFIXES = { project: ['sk', 'proj', ''].join('-'), service: ['sk', 'svcacct', ''].join('-') };

function body(length: number): string {
  return `aZ7${randomBytes(length).toString('base64url')}`.slice(0, length);
}
/** A key in OpenAI's published format, different on every call. */
function newKey(prefix: string = PREFIXES.project): string {
  return `${prefix}${body(60)}${MARKER}${body(60)}`;
}

function root(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opens a folder');
  return folder.uri.fsPath;
}

async function writeFiles(base: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(base, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
}

function leakDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'OpenAI Connector');
}

async function scan(token?: vscode.CancellationToken): Promise<ScanResult> {
  const result = await vscode.commands.executeCommand<ScanResult | undefined>('openaiConnector.scanWorkspace', token ? { token } : undefined);
  assert.ok(result, 'the scan returned nothing (it showed an error instead)');
  return result;
}

async function setConfig(section: string, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(section).update(key, value, vscode.ConfigurationTarget.Global);
}

describe('leak scanner', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  const tempDir = (label: string): string => {
    const dir = path.join(root(), `${label}-${randomBytes(4).toString('hex')}`);
    dirs.push(dir);
    return dir;
  };

  before(async () => {
    await hooks();
  });
  beforeEach(async () => clearVault(await hooks()));
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('warns on an open file with a key, showing the key only masked, and not on look-alikes or excluded files', async () => {
    const dir = tempDir('open');
    const key = newKey();
    await writeFiles(dir, {
      'client.ts': `import OpenAI from 'openai';\nconst client = new OpenAI({ apiKey: "${key}" });\n`,
      'lookalike.ts': `const hash = "sha512-${randomBytes(64).toString('base64')}";\nconst task = "task-${body(40)}";\n`,
      'node_modules/pkg/index.js': `module.exports = "${newKey()}";\n`,
      'sentinel.ts': `export const leaked = "${newKey()}";\n`,
    });
    const doc = await vscode.workspace.openTextDocument(path.join(dir, 'client.ts'));
    await eventually(() => assert.equal(leakDiagnostics(doc.uri).length, 1), 10_000);
    const [d] = leakDiagnostics(doc.uri);
    assert.equal(doc.getText(d!.range), key);
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Warning);
    assert.ok(d!.message.includes(maskKey(key)), d!.message);
    assert.ok(!d!.message.includes(key.slice(8, 40)), 'the message holds more than the mask');

    const lookalike = await vscode.workspace.openTextDocument(path.join(dir, 'lookalike.ts'));
    const excluded = await vscode.workspace.openTextDocument(path.join(dir, 'node_modules/pkg/index.js'));
    // Positive signal first: a document opened after those two gets its warning, so the scanner has
    // handled their open events (delivered in order) by then.
    const sentinel = await vscode.workspace.openTextDocument(path.join(dir, 'sentinel.ts'));
    await eventually(() => assert.equal(leakDiagnostics(sentinel.uri).length, 1), 10_000);
    assert.deepEqual(leakDiagnostics(lookalike.uri), []);
    assert.deepEqual(leakDiagnostics(excluded.uri), [], 'node_modules is excluded by the default setting');

    // Typing a key into an open document is caught too.
    const editor = await vscode.window.showTextDocument(lookalike);
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), `const k = '${newKey(PREFIXES.service)}';\n`));
    await eventually(() => assert.equal(leakDiagnostics(lookalike.uri).length, 1), 10_000);
    // Undo rather than revert: a revert files the unsaved text, key included, in VS Code's local history.
    await vscode.commands.executeCommand('undo');
    assert.equal(lookalike.isDirty, false);
  });

  it('quick fix stores the key, rewrites the file with an import, and one undo restores it', async () => {
    const t = await hooks();
    const dir = tempDir('fix');
    const key = newKey();
    const original = `import sys\n\nclient = OpenAI(api_key="${key}")\n`;
    await writeFiles(dir, { 'app.py': original });
    const file = path.join(dir, 'app.py');
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    await eventually(() => assert.equal(leakDiagnostics(doc.uri).length, 1), 10_000);
    const [d] = leakDiagnostics(doc.uri);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d!.range, vscode.CodeActionKind.QuickFix.value);
    const action = actions.find((a) => a.title === 'Move key to OpenAI Connector');
    assert.ok(action?.command, `no quick fix among: ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(!JSON.stringify(action.command.arguments).includes(key), 'the quick fix carries the key in its arguments');

    const result = await vscode.commands.executeCommand<MoveKeyResult>(action.command.command, ...(action.command.arguments ?? []), { name: 'py app', scope: 'workspace' });
    assert.equal(result?.stored, true);
    const record = await t.vault.findBySecret(key);
    assert.equal(record?.name, 'py app');
    assert.equal(record?.id, result.keyId);
    const fixed = 'import os\nimport sys\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\n';
    // These texts hold the key, so a mismatch must not print them.
    assert.ok(doc.getText() === fixed, 'the editor holds the environment lookup instead of the key');
    await eventually(async () => assert.ok((await readFile(file, 'utf8')) === fixed, 'the file on disk no longer holds the key'), 20_000);
    await eventually(() => assert.deepEqual(leakDiagnostics(doc.uri), []), 10_000);

    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    assert.ok(doc.getText() === original, 'one undo restores the key and removes the import');

    // The same key again: recognised as stored, only the file changes.
    await eventually(() => assert.equal(leakDiagnostics(doc.uri).length, 1), 10_000);
    const again = await vscode.commands.executeCommand<MoveKeyResult>('openaiConnector.leaks.moveKey',
      { uri: doc.uri.toString(), line: 2, character: 'client = OpenAI(api_key="'.length }, { save: false });
    assert.deepEqual(again, { keyId: record!.id, stored: false });
    assert.equal(t.vault.allKeys().length, 1);
    assert.ok(doc.getText() === fixed, 'the literal is replaced again');
    await doc.save();
  });

  it('scan finds keys in nested and git-tracked files, names the tracked ones, and skips ignored, excluded, binary and large files', async () => {
    const dir = tempDir('scan');
    const keys = Object.fromEntries(['tracked', 'untracked', 'nested', 'gitignored', 'gitignoredGlob', 'plainIgnored', 'nodeModules', 'setting', 'filesExclude', 'binary', 'large', 'savedRequest', 'dotenv']
      .map((k) => [k, newKey(k === 'untracked' ? PREFIXES.service : PREFIXES.project)])) as Record<string, string>;
    const nul = Buffer.from([0]);
    await writeFiles(dir, {
      'repo/.gitignore': 'ignored/\n*.secret\n',
      'repo/src/deep/config.ts': `export const key = "${keys.tracked}";\n`,
      'repo/notes/todo.md': `use ${keys.untracked} for now\n`,
      'repo/ignored/x.ts': `"${keys.gitignored}"`,
      'repo/a.secret': keys.gitignoredGlob!,
      'plain/.gitignore': 'build/\n',
      'plain/nested/a/b/c/app.py': `KEY = '${keys.nested}'\n`,
      'plain/.env': `OPENAI_API_KEY=${keys.dotenv}\n`,
      'plain/build/out.js': `"${keys.plainIgnored}"`,
      'plain/node_modules/pkg/index.js': `"${keys.nodeModules}"`,
      'plain/skip-me/x.ts': `"${keys.setting}"`,
      'plain/hidden-by-files-exclude/x.ts': `"${keys.filesExclude}"`,
      'plain/image.dat': Buffer.concat([Buffer.from('PNG'), nul, Buffer.from(keys.binary!)]),
      'plain/big.txt': `${keys.large}\n${'x'.repeat(1024 * 1024)}`,
      '.vscode/openai-requests/chat.json': `{"note": "${keys.savedRequest}"}`,
    });
    const git = (...args: string[]): void => void execFileSync('git', args, { cwd: path.join(dir, 'repo'), stdio: 'ignore' });
    git('init', '-q');
    git('add', 'src/deep/config.ts', '.gitignore');

    await setConfig('openaiConnector', 'leakScanner.exclude', ['**/node_modules/**', '**/*.lock', '**/package-lock.json', '**/skip-me/**']);
    await setConfig('files', 'exclude', { '**/.git': true, '**/hidden-by-files-exclude': true });
    let result: ScanResult;
    try {
      result = await scan();
    } finally {
      await setConfig('openaiConnector', 'leakScanner.exclude', undefined);
      await setConfig('files', 'exclude', undefined);
    }

    const mine = result.findings.filter((f) => f.path.includes(path.basename(dir)));
    const found = Object.fromEntries(mine.map((f) => [f.path.slice(f.path.indexOf(path.basename(dir)) + path.basename(dir).length + 1), f]));
    assert.deepEqual(Object.keys(found).sort(), ['plain/.env', 'plain/nested/a/b/c/app.py', 'repo/notes/todo.md', 'repo/src/deep/config.ts']);
    assert.equal(found['repo/src/deep/config.ts']!.tracked, true);
    assert.equal(found['repo/notes/todo.md']!.tracked, false);
    assert.equal(found['plain/nested/a/b/c/app.py']!.tracked, false);
    assert.deepEqual(found['repo/src/deep/config.ts']!.keys, [{ line: 1, masked: maskKey(keys.tracked!), confidence: 'marked' }]);
    assert.ok(result.counts.skippedBinary >= 1 && result.counts.skippedLarge >= 1, JSON.stringify(result.counts));
    assert.equal(result.cancelled, false);
    const serialized = JSON.stringify(result);
    for (const key of Object.values(keys)) assert.ok(!serialized.includes(key), 'the scan result holds a whole key');

    // Results land in Problems.
    const nested = vscode.Uri.file(path.join(dir, 'plain/nested/a/b/c/app.py'));
    assert.equal(leakDiagnostics(nested).length, 1);
    assert.equal(leakDiagnostics(nested)[0]!.range.start.line, 0);
    assert.deepEqual(leakDiagnostics(vscode.Uri.file(path.join(dir, 'repo/ignored/x.ts'))), []);
  });

  it('scans a workspace of 20,000 files, and can be cancelled', async function () {
    this.timeout(300_000);
    const dir = tempDir('bulk');
    const planted = new Map<string, string>();
    for (let d = 0; d < 100; d++) {
      await mkdir(path.join(dir, `d${d}`), { recursive: true });
      await Promise.all(Array.from({ length: 200 }, (_, f) => {
        const rel = `d${d}/f${f}.ts`;
        let content = `export const value${f} = ${d * 200 + f}; // ${randomBytes(24).toString('base64')}\n`;
        if (f === 7 && d % 40 === 0) {
          const key = newKey();
          planted.set(rel, key);
          content += `export const key = '${key}';\n`;
        }
        return writeFile(path.join(dir, rel), content);
      }));
    }
    const started = Date.now();
    const result = await scan();
    const seconds = (Date.now() - started) / 1000;
    const mine = result.findings.filter((f) => f.path.includes(path.basename(dir)));
    assert.equal(mine.length, planted.size, `found ${mine.map((f) => f.path).join(', ')}`);
    for (const [rel, key] of planted) {
      const finding = mine.find((f) => f.path.endsWith(rel));
      assert.deepEqual(finding?.keys.map((k) => k.masked), [maskKey(key)], rel);
    }
    assert.ok(result.counts.scanned >= 20_000, `scanned ${result.counts.scanned}`);
    assert.ok(seconds < 120, `the scan took ${seconds} s`);
    console.log(`      20,000-file scan: ${result.counts.scanned} files read in ${seconds.toFixed(1)} s`);

    // Cancel once reading is under way: the first planted key reaching Problems shows it is.
    const source = new vscode.CancellationTokenSource();
    const plantedUris = new Set([...planted.keys()].map((rel) => vscode.Uri.file(path.join(dir, rel)).toString()));
    const watcher = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => plantedUris.has(u.toString()) && leakDiagnostics(u).length > 0)) source.cancel();
    });
    try {
      const cancelled = await scan(source.token);
      assert.equal(cancelled.cancelled, true);
      assert.ok(cancelled.counts.scanned > 0 && cancelled.counts.scanned < result.counts.scanned, `scanned ${cancelled.counts.scanned} of ${result.counts.scanned}`);
    } finally {
      watcher.dispose();
    }
  });
});
