// The attack suite (SECURITY.md names each test here): a hostile repository, a hostile server on a
// key's own origin and another extension in the same host try every attack of the threat model, in
// the real VS Code (code-server with workspace trust on), once in a trusted window and once in a
// Restricted Mode window. The extension is the packaged .vsix, installed as users install it, so it runs
// in Production mode. Outcomes are checked from outside: marker files, what the foreign server
// received, files, logs, the DOM, the clipboard and the dialogs shown.
import * as assert from 'node:assert/strict';
import { basename, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeRunDir, shortTmpDir } from '../../scripts/vscode-host';
import { buildHostileRepo, type HostileRepo, type ProbeResult } from '../fixtures/hostile-repo';
import { REDIRECT_CODES, startForeignServer, startHostileServer, type HostileMode, type HostileServer, type RecordingServer } from '../fixtures/hostile-server';
import { makeKey } from '../unit/test-keys';
import { closeLeftovers, openAttackSession, refuseDialogsUntil, type AttackSession, type ExecResult, type TrustMode } from './harness/attack-session';
import { addKeyViaUi, assertNotSent, assertNothingEscaped, expectSoon, imageStates, runPicking, waitFor, webviewText, type SuiteKey } from './helpers';
import { fuzzCommands } from './command-fuzz';

const OPENAI = 'https://api.openai.com/v1';

let foreign: RecordingServer;
let hostile: HostileServer;

before(async () => {
  foreign = await startForeignServer();
  hostile = await startHostileServer(foreign.origin);
});
after(async () => {
  await hostile?.close();
  await foreign?.close();
});

// OPENAI_CONNECTOR_ATTACK_TRUST=trusted (or untrusted) runs one window only, for a quicker look.
for (const trust of ['untrusted', 'trusted'] as const satisfies readonly TrustMode[]) {
  if (!process.env.OPENAI_CONNECTOR_ATTACK_TRUST || process.env.OPENAI_CONNECTOR_ATTACK_TRUST === trust) attacks(trust);
}

function attacks(trust: TrustMode): void {
  describe(`attacks in a ${trust} window`, () => {
    let session: AttackSession | undefined;
    let repo: HostileRepo;
    const hostileKey: SuiteKey = { name: 'hostile', secret: makeKey.project(), organization: 'org-attacksuite', project: 'proj_attacksuite' };
    const ownKey: SuiteKey = { name: 'own-openai', secret: makeKey.project() };
    const keys = [hostileKey, ownKey];
    const here = (what: string): string => `${what} (${trust} window)`;

    before(async () => {
      const runDir = makeRunDir(`attack-${trust}`);
      // Outside the project's clone: the repository must be the only git repository around it.
      repo = buildHostileRepo(shortTmpDir(`hostile-${trust}`), { foreignOrigin: foreign.origin, makeDecoyKey: makeKey.project });
      Object.assign(hostileKey, { baseUrl: hostile.switchableBaseUrl });
      hostile.setMode('echo-plain');
      session = await openAttackSession({ runDir, folder: repo.folder, trust });
    }, { timeout: 240_000 });

    after(async () => {
      await session?.close();
    }, { timeout: 60_000 });

    // Each attack is judged on its own: what earlier attacks let through (a marker, a foreign request, a
    // removed or rotated key) is kept for the final check and undone before the next attack.
    const escapedBefore: string[] = [];
    const attack = (title: string, body: (s: AttackSession) => Promise<void>, timeout = 180_000): void => {
      it(title, { timeout }, async () => {
        if (!session) throw new Error('the window did not open');
        escapedBefore.push(...repo.takeMarkers().map((m) => `marker ${m}`), ...foreign.requests.splice(0).map((r) => `foreign ${r.method} ${r.url}`));
        if (!title.startsWith('the user adds')) await restoreKeys(session, keys);
        try {
          await body(session);
        } catch (error) {
          const shot = await session.screenshot(`${trust}-${title}`);
          if (shot) console.log(`screenshot: ${shot}`);
          throw error;
        } finally {
          await closeLeftovers(session.workbench);
        }
      });
    };

    attack('another extension gets no test hooks from the installed extension, even with OPENAI_CONNECTOR_TEST=1', async (s) => {
      const state = await s.rpc<{ hasTestHooks: boolean; exportKeys: string[] }>('state');
      assert.equal(state.hasTestHooks, false, `exports: ${state.exportKeys.join(', ')}`);
    });

    attack('the user adds two keys through the UI (one on the hostile server, one on OpenAI)', async (s) => {
      await s.workbench.openView('OpenAI Keys');
      for (const key of keys) {
        // One retry: a slow first start can drop a keystroke; the flow itself is not under attack here.
        await addKeyViaUi(s.workbench, key).catch(async () => restoreKeys(s, keys));
      }
      await expectKeys(s, keys, []);
    });

    attack('git programs: Scan Workspace for Leaked Keys runs no repository-configured program', async (s) => {
      const { exec } = await runPicking(s, 'openaiConnector.scanWorkspace', undefined);
      assert.notEqual(exec.status, 'pending', 'the scan did not finish');
      assertNothingEscaped(repo, foreign, here('scan'));
    });

    attack('git programs: Import Key from .env File runs no repository-configured program', async (s) => {
      const wb = s.workbench;
      const exec = s.rpc<ExecResult>('exec', { command: 'openaiConnector.importFromDotEnv', timeoutMs: 30_000 });
      // The importer has read the files (and asked git, if it does) once it asks which value to import.
      await waitFor(async () => (await wb.quickInput.isVisible()) || (await wb.page.locator('.monaco-dialog-box').isVisible()), 15_000);
      await closeLeftovers(wb);
      await refuseDialogsUntil(wb, exec, { pickFirst: false });
      assertNothingEscaped(repo, foreign, here('import from .env'));
    });

    attack('saved requests: no file outside the folder is uploaded (.., absolute path, symlinks), even when the user confirms', async (s) => {
      hostile.setMode('echo-plain');
      for (const name of [...repo.outsideUploads, 'Upload inside']) {
        const before = hostile.requests.length;
        // The careful-but-trusting user: confirms whatever the extension asks about this request. The
        // extension logs what it decided (refused, loaded unsent, loaded to send); only a request
        // loaded to send can reach the server, so that one is waited for before the check.
        const outcome = await runSavedOutcome(s, repo, name);
        if (outcome === 'to send') await expectSoon(() => hostile.requests.length > before, 30_000, here(`${name} was loaded to send but never reached the server`));
        assertNotSent(hostile, repo.outsideSecret, here(name));
        assertNotSent(foreign, repo.outsideSecret, here(name));
      }
      assert.doesNotMatch(await webviewText(s), new RegExp(repo.outsideSecret), here('the outside file is shown in the builder'));
      assertNothingEscaped(repo, foreign, here('saved requests'));
    }, 400_000);

    attack('tasks.json command inputs: no confirmation skipped, no key stored, returned or copied', async (s) => {
      await s.rpc('setClipboard', { text: 'clipboard-before-tasks' });
      for (const label of ['attack: copy-key', 'attack: add-key', 'attack: remove-key', 'attack: import-dotenv', 'attack: open-terminal']) {
        await refuseDialogsUntil(s.workbench, s.rpc('task', { label, timeoutMs: 20_000 }), { pickFirst: true });
        await closeLeftovers(s.workbench);
      }
      const outputs = repo.probes();
      for (const key of keys) {
        assert.deepEqual(await s.findSecret(key.secret), [], here(`key '${key.name}' found after the tasks`));
        assert.ok(!JSON.stringify(outputs).includes(key.secret), here('a task received key material'));
      }
      await expectKeys(s, keys, [repo.dotenvKey, ...repo.decoyKeys]);
      const terminalProbe = outputs['task-terminal'];
      assert.ok(!terminalProbe?.hasKey || terminalProbe.baseUrl === OPENAI || terminalProbe.baseUrl === hostile.switchableBaseUrl, here('a task opened a terminal whose key goes elsewhere'));
      assertNothingEscaped(repo, foreign, here('tasks'));
    });

    attack('injection: the repository\'s own settings cannot turn terminal or debug injection on', async (s) => {
      await makeActive(s, ownKey.name);
      const probe = await runTerminalProbe(s, repo, 'terminal-workspace-only');
      assert.equal(probe.hasKey, false, here('a terminal got the key from workspace settings alone'));
      await refuseDialogsUntil(s.workbench, s.rpc('debug', { config: 'Run app (env)', timeoutMs: 45_000 }), { pickFirst: false });
      assert.equal(repo.probes()['debug-env']?.hasKey ?? false, false, here('a debug session got the key from workspace settings alone'));
      assertNothingEscaped(repo, foreign, here('workspace-only injection'));
    });

    attack('injection: with the user\'s consent the key travels with its own base URL (.env, launch env and envFile, terminal env settings cannot redirect it)', async (s) => {
      const logFrom = s.extensionLog().length;
      await s.rpc('configure', { section: 'openaiConnector', key: 'terminal.injectActiveKey', value: true });
      await s.rpc('configure', { section: 'openaiConnector', key: 'debug.injectActiveKey', value: true });
      // Injection is on now (trusted window): a probe sees a key or the extension says why not. In
      // Restricted Mode the extension logs that terminals get no key once it has seen the opt-in; the
      // probe then runs in a terminal opened after that decision.
      let probe: ProbeResult | undefined;
      if (trust === 'untrusted') {
        await expectSoon(() => s.extensionLog().slice(logFrom).includes('[environment] Terminals get no key: This workspace is not trusted'), 30_000, here('the extension never said why terminals get no key'));
        probe = await runTerminalProbe(s, repo, 'terminal-consent-restricted');
        assert.equal(probe.hasKey, false, here('Restricted Mode injected a key'));
      } else {
        // The extension updates the terminals' environment once it has seen the opt-in: a terminal
        // opened after that gets the key, or the extension has logged why new terminals get none
        // (here: the repository's terminal.integrated.env redirects OPENAI_BASE_URL).
        let attempt = 0;
        await expectSoon(async () => {
          probe = await runTerminalProbe(s, repo, `terminal-consent-${attempt++}`);
          return probe.hasKey || s.extensionLog().slice(logFrom).includes('[environment] New terminals get no key');
        }, 30_000, here('no terminal got the key and the extension never said why'));
      }
      assert.ok(!probe?.hasKey || probe.baseUrl === OPENAI, here(`the terminal's key goes to ${probe?.baseUrl}`));
      for (const config of ['Run app (env)', 'Run app (envFile)']) {
        await refuseDialogsUntil(s.workbench, s.rpc('debug', { config, timeoutMs: 45_000 }), { pickFirst: false });
      }
      for (const name of ['debug-env', 'debug-envfile']) {
        const result = repo.probes()[name];
        assert.ok(!result?.hasKey || result.baseUrl === OPENAI, here(`${name}: the key goes to ${result?.baseUrl}`));
      }
      assertNothingEscaped(repo, foreign, here('injection with consent'));
    });

    attack('hostile server: no redirect is followed (Test Key, every 3xx, to a foreign origin and to the same origin)', async (s) => {
      for (const code of REDIRECT_CODES) {
        for (const mode of [`r${code}`, `s${code}`] as HostileMode[]) {
          hostile.setMode(mode);
          const before = hostile.requests.length;
          const { exec } = await runPicking(s, 'openaiConnector.testKey', hostileKey.name);
          assert.notEqual(exec.status, 'pending', here(`Test Key (${mode}) did not finish`));
          assert.ok(hostile.requests.length > before, here(`Test Key (${mode}) never reached the key's server`));
          const followed = hostile.requests.slice(before).filter((r) => r.url.startsWith('/echo-plain/'));
          assert.deepEqual(followed.map((r) => r.url), [], here(`Test Key followed a same-origin ${code}`));
          assertNothingEscaped(repo, foreign, here(`Test Key, ${mode}`));
        }
      }
    }, 400_000);

    attack('hostile server: Detect Permissions and Run Saved Request follow no redirect (307/308 with bodies)', async (s) => {
      for (const mode of ['r307', 'r308', 'r302'] as HostileMode[]) {
        hostile.setMode(mode);
        await runPicking(s, 'openaiConnector.detectPermissions', hostileKey.name, 120_000);
        assertNothingEscaped(repo, foreign, here(`Detect Permissions, ${mode}`));
        const before = hostile.requests.length;
        if ((await runSavedOutcome(s, repo, 'Images')) === 'to send') {
          await expectSoon(() => hostile.requests.length > before, 30_000, here(`Run Saved Request (${mode}) never reached the key's server`));
          await expectSoon(async () => (await webviewText(s)).includes(mode.slice(1)), 30_000, here(`the builder never showed the ${mode.slice(1)} answer`));
        }
        assertNothingEscaped(repo, foreign, here(`Run Saved Request, ${mode}`));
      }
    }, 400_000);

    attack('hostile server: a key echoed back (plain, \\u-escaped, percent-encoded, base64) appears in no message, log, file or webview', async (s) => {
      for (const mode of ['echo-plain', 'echo-unicode', 'echo-percent', 'echo-base64'] as HostileMode[]) {
        hostile.setMode(mode);
        await runPicking(s, 'openaiConnector.testKey', hostileKey.name);
        const notifications = await s.workbench.readNotifications();
        assert.ok(!notifications.join('\n').includes(hostileKey.secret), here(`Test Key (${mode}) shows the key`));
        const before = hostile.requests.length;
        if ((await runSavedOutcome(s, repo, 'List models')) === 'to send') {
          await expectSoon(() => hostile.requests.length > before, 30_000, here(`List models (${mode}) never reached the key's server`));
          // The answer has arrived; the builder shows it once rendered.
          await expectSoon(async () => /object|list|401|200/.test(await webviewText(s)), 30_000, here(`the builder never showed the ${mode} answer`));
        }
        assert.ok(!(await webviewText(s)).includes(hostileKey.secret), here(`the builder shows the echoed key (${mode})`));
      }
      assert.deepEqual(await s.findSecret(hostileKey.secret), [], here('the echoed key was found'));
    }, 300_000);

    attack('hostile server: image URLs that redirect inward (loopback, private, link-local) reach nothing', async (s) => {
      hostile.setMode('images');
      const before = hostile.requests.length;
      if ((await runSavedOutcome(s, repo, 'Images')) === 'to send') {
        await expectSoon(() => hostile.requests.some((r, i) => i >= before && r.url.includes('/images/generations')), 30_000, here('the images request never reached the key\'s server'));
        // The builder shows each image (loaded) or its refusal; only then would a followed hop have happened.
        const first = `${hostile.origin}/img/0.png`;
        await expectSoon(async () => {
          const shown = await imageStates(s);
          return shown.some((i) => i.src === first) && shown.every((i) => i.done);
        }, 30_000, here('the builder never showed the images (loaded or refused)'));
      }
      assertNothingEscaped(repo, foreign, here('images'));
    });

    attack('curl import: a key in any header, query or body field never reaches the webview', async (s) => {
      const header = makeKey.project();
      const query = makeKey.project();
      const body = makeKey.project();
      const bearer = makeKey.project();
      const curls = [
        `curl ${hostile.switchableBaseUrl}/models -H 'OpenAI-Api-Key: ${header}'`,
        `curl '${hostile.switchableBaseUrl}/models?apikey=${query}'`,
        `curl ${hostile.switchableBaseUrl}/chat/completions -H 'Content-Type: application/json' -d '{"model":"gpt-4o","api_key":"${body}","messages":[]}'`,
        `curl ${hostile.switchableBaseUrl}/models --oauth2-bearer ${bearer}`,
      ];
      for (const curl of curls) {
        await s.rpc('setClipboard', { text: curl });
        await refuseDialogsUntil(s.workbench, s.rpc('exec', { command: 'openaiConnector.importCurl', timeoutMs: 30_000 }), { pickFirst: false });
        await closeLeftovers(s.workbench);
      }
      await s.rpc('setClipboard', { text: 'clipboard-after-curl' });
      const text = await webviewText(s);
      for (const [where, secret] of Object.entries({ header, query, body, bearer })) {
        assert.ok(!text.includes(secret), here(`the key from the curl ${where} is in the webview`));
        assert.ok(!text.includes(secret.slice(0, 40)), here(`a part of the key from the curl ${where} is in the webview`));
      }
    });

    attack('another extension: every openaiConnector command with hostile arguments skips no confirmation and gets no key', async (s) => {
      await fuzzCommands(s, { repo, foreignOrigin: foreign.origin, keys, here });
      await expectKeys(s, keys, [repo.dotenvKey, ...repo.decoyKeys]);
      assertNothingEscaped(repo, foreign, here('command fuzz'));
    }, 600_000);

    attack('afterwards: no key in any file, log, DOM or the clipboard; no git program ran; nothing reached the foreign server', async (s) => {
      // The DOM and the clipboard as the attacks left them, then the files once a reload has written
      // storage and logs to disk (VS Code's shutdown flushes them; the new window answering is the signal).
      for (const key of keys) assert.deepEqual(await s.findSecret(key.secret), [], here(`key '${key.name}' found`));
      await s.reload();
      for (const key of keys) assert.deepEqual(await s.findSecret(key.secret), [], here(`key '${key.name}' found after the reload`));
      assertNothingEscaped(repo, foreign, here('the last attack'));
      assert.deepEqual(escapedBefore, [], here('over the whole window, something escaped (see the attacks above)'));
    });
  });
}

/** Accepts whatever the extension asks (first, non-Cancel button) until `until` settles. */
async function confirmDialogsUntil(s: AttackSession, until: Promise<unknown>): Promise<void> {
  let settled = false;
  const done = until.finally(() => (settled = true));
  const deadline = Date.now() + 30_000;
  while (!settled || (await s.page.locator('.monaco-dialog-box').isVisible().catch(() => false))) {
    const dialog = s.page.locator('.monaco-dialog-box');
    if (await dialog.isVisible().catch(() => false)) {
      const buttons = dialog.locator('.dialog-buttons .monaco-button').filter({ hasNotText: /^\s*Cancel\s*$/ });
      if (await buttons.count()) await buttons.first().click().catch(() => undefined);
      else await s.page.keyboard.press('Escape');
    }
    if (Date.now() > deadline) break;
    await Promise.race([done.catch(() => undefined), s.page.waitForTimeout(300)]);
  }
  await done.catch(() => undefined);
}

/**
 * Run Saved Request from the palette, picking the entry as the user does (the installed extension
 * ignores another extension's arguments). An unreadable file is listed under its file name.
 */
async function runSaved(s: AttackSession, repo: HostileRepo, name: string): Promise<{ exec: Promise<ExecResult> }> {
  const file = repo.savedRequests[name];
  if (!file) throw new Error(`no saved request '${name}' in the fixture`);
  // The command ends once the request is refused or loaded (a refusal's notification is not awaited).
  const exec = s.rpc<ExecResult>('exec', { command: 'openaiConnector.runSavedRequest', timeoutMs: 60_000 });
  await s.workbench.quickInputBox.waitFor({ timeout: 20_000 });
  for (const label of [name, basename(file)]) {
    await s.workbench.quickInputBox.fill(label);
    const exact = new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const row = s.workbench.quickPickRows.filter({ has: s.page.locator('.label-name', { hasText: exact }) });
    if (await waitFor(async () => (await row.count()) > 0, 5_000)) {
      await s.workbench.pickQuickPickItem(label, { filter: false });
      return { exec };
    }
  }
  exec.catch(() => undefined);
  throw new Error(`saved request '${name}' is not listed in Run Saved Request`);
}

/**
 * Runs a saved request, confirming whatever is asked, and returns what the extension decided, from
 * its log line for that file: refused, loaded unsent, or loaded to send. Fails when the command does
 * not end or nothing is logged.
 */
async function runSavedOutcome(s: AttackSession, repo: HostileRepo, name: string): Promise<'refused' | 'unsent' | 'to send'> {
  const where = relative(repo.folder, repo.savedRequests[name] ?? '');
  const logFrom = s.extensionLog().length;
  const { exec } = await runSaved(s, repo, name);
  await confirmDialogsUntil(s, exec);
  assert.notEqual((await exec).status, 'pending', `Run Saved Request '${name}' did not end`);
  let line: string | undefined;
  await expectSoon(() => {
    line = s.extensionLog().slice(logFrom).split('\n').find((l) => l.includes(where) && /refused|: loaded (unsent|to send)/.test(l));
    return line !== undefined;
  }, 30_000, `no outcome logged for saved request '${name}' (${where})`);
  return /: loaded to send/.test(line!) ? 'to send' : /: loaded unsent/.test(line!) ? 'unsent' : 'refused';
}

/** Set Active Key for This Workspace from the palette. */
async function makeActive(s: AttackSession, name: string): Promise<void> {
  await runPicking(s, 'openaiConnector.setActiveKey', name);
  await s.workbench.expectTreeItem(new RegExp(`${name}.*active`), { view: 'OpenAI Keys' });
}

/** Runs the repository's app.js in a new terminal, as the user would; its record of where the key went. */
async function runTerminalProbe(s: AttackSession, repo: HostileRepo, name: string): Promise<ProbeResult> {
  const ended = await s.rpc<{ status: string; exitCode?: number }>('terminal', { shellArgs: [join(repo.folder, 'app.js'), name], cwd: repo.folder, timeoutMs: 30_000 });
  // app.js writes its result before it exits, so a terminal that closed has written it (or never ran).
  const probe = repo.probes()[name];
  assert.ok(probe, `the terminal probe did not run (${s.trust} window, ${name}: terminal ${JSON.stringify(ended)})`);
  return probe;
}

/** The keys view shows each key with its own last four characters, and none of `absent` (key values). */
async function expectKeys(s: AttackSession, present: readonly SuiteKey[], absent: readonly string[]): Promise<void> {
  await s.workbench.openView('OpenAI Keys');
  await s.workbench.expectTreeItem(new RegExp(present[0]!.name), { view: 'OpenAI Keys' });
  const items = (await s.workbench.treeItems('OpenAI Keys')).join(' | ');
  for (const key of present) assert.ok(items.includes(`…${key.secret.slice(-4)}`), `key '${key.name}' was removed or rotated: ${items}`);
  for (const secret of absent) assert.ok(!items.includes(`…${secret.slice(-4)}`), `a key the attack chose was stored: ${items}`);
}

/** Puts back keys that an earlier attack removed or rotated, through the UI. */
async function restoreKeys(s: AttackSession, keys: readonly SuiteKey[]): Promise<void> {
  await closeLeftovers(s.workbench);
  await s.workbench.openView('OpenAI Keys');
  const items = (await s.workbench.treeItems('OpenAI Keys')).join(' | ');
  for (const key of keys) {
    if (items.includes(`…${key.secret.slice(-4)}`)) continue;
    if (items.includes(key.name)) {
      const exec = s.rpc<ExecResult>('exec', { command: 'openaiConnector.rotateKey', timeoutMs: 30_000 });
      await s.workbench.quickInputBox.waitFor();
      await s.workbench.pickQuickPickItem(key.name);
      await s.workbench.typeInInput(key.secret, { password: true });
      await exec;
    } else await addKeyViaUi(s.workbench, key);
  }
}
