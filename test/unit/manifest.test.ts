// Checks the extension manifest (package.json) against the project's rules: every command is titled
// and categorised, tree-only commands stay out of the palette, activation stays lazy, and every
// reference points at something that exists.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface Command {
  command: string;
  title?: string;
  category?: string;
  icon?: string | { light: string; dark: string };
}
interface MenuItem {
  command?: string;
  submenu?: string;
  when?: string;
  group?: string;
}
interface Manifest {
  name: string;
  publisher: string;
  main: string;
  engines: Record<string, string>;
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported: unknown }; virtualWorkspaces?: unknown };
  contributes: {
    commands: Command[];
    menus?: Record<string, MenuItem[]>;
    views?: Record<string, { id: string; name: string }[]>;
    viewsContainers?: Record<string, { id: string; title: string; icon: string }[]>;
    viewsWelcome?: { view: string; contents: string }[];
    configuration?: { properties: Record<string, unknown> };
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const commands = manifest.contributes.commands;
const commandIds = new Set(commands.map((c) => c.command));

/** Words that stay lower case inside a Title Case title. */
const SMALL_WORDS = new Set(['a', 'an', 'and', 'as', 'at', 'by', 'for', 'from', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);
/** Names that are spelled in lower case by their owners. */
const LOWER_CASE_NAMES = new Set(['curl']);

function titleCaseProblems(title: string): string[] {
  return title
    .split(/\s+/)
    .filter((word, index) => {
      const letters = word.replace(/^[^\p{L}\d.]+/u, '');
      if (!letters || /^[.\d]/.test(letters)) return false; // ".env", numbers
      if (index > 0 && SMALL_WORDS.has(letters)) return false;
      if (LOWER_CASE_NAMES.has(letters)) return false;
      return letters[0] !== letters[0]!.toUpperCase();
    });
}

describe('manifest', () => {
  it('declares commands, each with a unique id under openaiConnector.', () => {
    assert.ok(commands.length > 0);
    assert.equal(commandIds.size, commands.length, 'duplicate command ids');
    for (const c of commands) assert.match(c.command, /^openaiConnector\.[\w.]+$/, c.command);
  });

  it('gives every command a Title Case title and the "OpenAI Connector" category', () => {
    for (const c of commands) {
      assert.ok(c.title && c.title.trim() === c.title && c.title.length > 0, `${c.command} has no title`);
      assert.equal(c.category, 'OpenAI Connector', `${c.command} category`);
      assert.deepEqual(titleCaseProblems(c.title), [], `${c.command}: "${c.title}" is not Title Case`);
      assert.doesNotMatch(c.title, /OpenAI Connector/, `${c.command}: the category already names the extension`);
    }
  });

  it('checks Title Case the way the rule means it', () => {
    assert.deepEqual(titleCaseProblems('Import Key from .env File'), []);
    assert.deepEqual(titleCaseProblems('Set Active Key for This Workspace'), []);
    assert.deepEqual(titleCaseProblems('Remove api key'), ['api', 'key']);
  });

  it('hides tree-only commands (openaiConnector.tree.*) from the command palette', () => {
    const palette = manifest.contributes.menus?.commandPalette ?? [];
    const hidden = new Set(palette.filter((m) => m.when === 'false').map((m) => m.command));
    const treeOnly = commands.filter((c) => c.command.startsWith('openaiConnector.tree.'));
    for (const c of treeOnly) assert.ok(hidden.has(c.command), `${c.command} must have when: "false" in menus.commandPalette`);
  });

  it('has no activation event that loads the extension at start-up', () => {
    for (const event of manifest.activationEvents ?? []) {
      assert.notEqual(event, '*', 'activation event "*"');
      assert.notEqual(event, 'onStartupFinished', 'activation event onStartupFinished');
    }
  });

  it('targets VS Code ^1.101.0 and declares workspace trust and virtual workspace support', () => {
    assert.equal(manifest.engines.vscode, '^1.101.0');
    assert.ok(manifest.capabilities?.untrustedWorkspaces, 'capabilities.untrustedWorkspaces');
    assert.ok(['limited', true, false].includes(manifest.capabilities.untrustedWorkspaces.supported as never));
    assert.ok(manifest.capabilities?.virtualWorkspaces !== undefined, 'capabilities.virtualWorkspaces');
  });

  it('points every menu entry at a declared command and every welcome link at a declared command', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const item of items) {
        if (item.submenu) continue;
        assert.ok(item.command && commandIds.has(item.command), `menus.${menu} references unknown command ${item.command}`);
      }
    }
    for (const welcome of manifest.contributes.viewsWelcome ?? []) {
      for (const [, id] of welcome.contents.matchAll(/\(command:([\w.]+)/g)) {
        // The walkthrough link is checked in walkthrough-manifest.test.ts.
        if (id === 'workbench.action.openWalkthrough') continue;
        assert.ok(commandIds.has(id!), `viewsWelcome of ${welcome.view} links unknown command ${id}`);
      }
    }
  });

  it('uses only codicons or existing files as command icons', () => {
    for (const c of commands) {
      if (!c.icon) continue;
      const paths = typeof c.icon === 'string' ? [c.icon] : [c.icon.light, c.icon.dark];
      for (const icon of paths) {
        if (/^\$\([\w-]+\)$/.test(icon)) continue;
        assert.ok(existsSync(join(root, icon)), `${c.command} icon ${icon} does not exist`);
      }
    }
  });

  it('places views in a declared container, with welcome content for declared views only', () => {
    const containers = new Set(Object.values(manifest.contributes.viewsContainers ?? {}).flat().map((c) => c.id));
    const views = new Set<string>();
    for (const [container, list] of Object.entries(manifest.contributes.views ?? {})) {
      assert.ok(containers.has(container) || ['explorer', 'scm', 'debug', 'test'].includes(container), `unknown view container ${container}`);
      for (const v of list) views.add(v.id);
    }
    assert.ok(views.has('openaiConnector.keys'), 'the keys view openaiConnector.keys');
    for (const w of manifest.contributes.viewsWelcome ?? []) assert.ok(views.has(w.view), `viewsWelcome for unknown view ${w.view}`);
    const keysWelcome = manifest.contributes.viewsWelcome?.find((w) => w.view === 'openaiConnector.keys');
    assert.match(keysWelcome?.contents ?? '', /\[Add API Key\]\(command:openaiConnector\.addKey\)/);
  });

  it('references activity-bar icons that exist', () => {
    for (const container of Object.values(manifest.contributes.viewsContainers ?? {}).flat()) {
      assert.ok(existsSync(join(root, container.icon)), `view container ${container.id} icon ${container.icon} does not exist`);
    }
  });

  it('keeps budgets application-scoped, so a repository cannot silence or change the spend warnings', () => {
    const props = manifest.contributes.configuration?.properties ?? {};
    for (const name of ['openaiConnector.usage.keyBudgets', 'openaiConnector.usage.projectBudgets']) {
      assert.equal((props[name] as { scope?: string } | undefined)?.scope, 'application', name);
    }
  });

  it('has an entry point under dist/ and keeps settings under openaiConnector.', () => {
    assert.equal(manifest.main, './dist/extension.js');
    for (const key of Object.keys(manifest.contributes.configuration?.properties ?? {})) {
      assert.match(key, /^openaiConnector\./, key);
    }
  });
});
