// The typed command surface (src/vscode/commands/command-surface.ts) against package.json, both ways,
// and against the sources: one map, one registration helper, nothing registered beside it.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CallFacts, callInput } from '../../src/vscode/commands/command-arguments';
import { COMMANDS, TargetKind } from '../../src/vscode/commands/command-surface';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { commands: { command: string; title: string; category: string }[] } };
const contributed = new Map(manifest.contributes.commands.map((c) => [c.command, c]));
const entries = Object.entries(COMMANDS) as [string, { title?: string; target: string; testOnly?: true; internal?: true }][];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('command surface', () => {
  it('declares every contributed command, whose title lives in package.json only', () => {
    for (const [id] of contributed) {
      const spec = (COMMANDS as Record<string, { title?: string } | undefined>)[id];
      assert.ok(spec, `package.json contributes ${id}, which the command map does not declare`);
      assert.equal(spec.title, undefined, `${id}: the title is package.json's; the map must not repeat it`);
    }
    for (const [id, spec] of entries) {
      if (spec.testOnly || spec.internal) assert.ok(spec.title, `${id} is not contributed, so the map must title it`);
    }
  });

  it('contributes every command of the map, except test-only and internal ones, which it must not contribute', () => {
    for (const [id, spec] of entries) {
      if (spec.testOnly || spec.internal) assert.ok(!contributed.has(id), `${id} is ${spec.testOnly ? 'test-only' : 'internal'} but package.json contributes it`);
      else assert.ok(contributed.has(id), `the map declares ${id}, which package.json does not contribute`);
    }
  });

  it('registers commands only through the one helper, and registers every id of the map', () => {
    const files = sources(join(root, 'src'));
    const registering = files.filter((f) => /commands\.registerCommand\(/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(registering.map((f) => f.slice(root.length + 1)), ['src/vscode/commands/register-commands.ts']);
    const calls = files.map((f) => readFileSync(f, 'utf8')).join('\n').match(/registerCommands\(services,[\s\S]*?\]/g) ?? [];
    const registered = new Set(calls.join('\n').match(/'openaiConnector\.[\w.]+'/g)?.map((q) => q.slice(1, -1)));
    const lazyList = readFileSync(join(root, 'src/vscode/commands/register-key-commands.ts'), 'utf8').match(/'openaiConnector\.[\w.]+'/g)?.map((q) => q.slice(1, -1)) ?? [];
    for (const id of lazyList) registered.add(id);
    for (const [id] of entries) assert.ok(registered.has(id), `${id} is in the map but never registered`);
  });

  it('gives key commands a key target, saved-request commands a saved-request target', () => {
    for (const [id, spec] of entries) {
      if (/Key$|Permissions$|PermissionLevel$|reenterKey$|openRequestBuilder$/.test(id) && !/addKey$|moveKey$|WithKey$|createWorkspaceKey$/.test(id)) assert.equal(spec.target, 'key', id);
      if (/SavedRequest$/.test(id)) assert.equal(spec.target, 'savedRequest', id);
    }
  });
});

describe('command arguments', () => {
  const own = new WeakSet<object>();
  const node = (): object => {
    const n = { type: 'key', record: { id: 'key-1' } };
    own.add(n);
    return n;
  };
  class Uri {}
  const facts = (testMode: boolean): CallFacts => ({ testMode, isOwnNode: (v) => typeof v === 'object' && v !== null && own.has(v), isUri: (v) => v instanceof Uri });

  it('outside test mode ignores every scripted argument: confirmations, secrets, answers, ids', () => {
    const attempts: [TargetKind, unknown[]][] = [
      ['key', [{ keyId: 'key-1', confirmed: true }]],
      ['key', ['key-1', { confirmed: true }]],
      ['key', [{ type: 'key', record: { id: 'key-1' }, confirmed: true }]], // a look-alike of our node
      ['none', [{ secret: 'x'.repeat(40), name: 'silent' }]],
      ['none', [{ confirm: false }]],
      ['savedRequest', [{ uri: new Uri() }]],
    ];
    for (const [kind, args] of attempts) {
      const call = callInput(kind, args, facts(false));
      assert.equal(call.script, undefined, JSON.stringify(args));
      assert.equal(call.target, undefined, JSON.stringify(args));
      assert.equal(call.ignored, true);
    }
  });

  it('takes a target only from our own nodes, reduced to the key id so no flag rides along', () => {
    const n = Object.assign(node(), { confirmed: true });
    const call = callInput('key', [n, { confirmed: true }], facts(false));
    assert.equal(call.target, 'key-1');
    assert.equal(call.script, undefined);
    const saved = { uri: new Uri() };
    own.add(saved);
    assert.equal(callInput('savedRequest', [saved], facts(false)).target, saved.uri);
    assert.deepEqual(callInput('leakedKey', [{ uri: 'file:///a', line: 1, character: 2, secret: 'x' }], facts(false)).target, { uri: 'file:///a', line: 1, character: 2 });
    assert.equal(callInput('leakedKey', [{ uri: 'file:///a', line: '1' }], facts(false)).target, undefined);
  });

  it('reduces an Organization-view key node of ours to its ids, and a Keys-view node to its stored key', () => {
    const orgNode = { type: 'key', adminId: 'admin-1', projectId: 'proj_1', keyId: 'key_abc', confirm: true, afterwards: 'remove' };
    own.add(orgNode);
    assert.deepEqual(callInput('orgKey', [orgNode, { confirm: true }], facts(false)), { target: { adminId: 'admin-1', projectId: 'proj_1', keyId: 'key_abc' }, script: undefined, ignored: false });
    assert.deepEqual(callInput('orgKey', [node()], facts(false)).target, { storedKeyId: 'key-1' });
    const lookAlike = { type: 'key', adminId: 'admin-1', projectId: 'proj_1', keyId: 'key_abc' };
    assert.equal(callInput('orgKey', [lookAlike, { confirm: true }], facts(false)).target, undefined);
    assert.equal(callInput('orgKey', [{ storedKeyId: 'key-1', confirm: true }], facts(false)).target, undefined);
    assert.equal(callInput('none', [node()], facts(false)).ignored, false, 'a node of ours on a command without a target is not logged as ignored');
  });

  it('in test mode passes the scripted arguments through', () => {
    const args = [{ keyId: 'key-1' }, { confirmed: true }];
    const call = callInput('key', args, facts(true));
    assert.deepEqual(call.script, args);
    assert.equal(call.ignored, false);
    assert.equal(callInput('none', [], facts(true)).script, undefined);
  });
});
