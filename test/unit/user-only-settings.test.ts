// Settings that could expose or redirect a key come from the user's settings only: package.json gives
// each the "application" scope (VS Code keeps them out of workspace settings), and the extension reads
// the user value itself, so a workspace value does nothing even where the scope is not honoured.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { USER_ONLY_SCOPE, USER_ONLY_SETTINGS, userOnlyFlag } from '../../src/core/keys/user-only-settings';

const root = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations?: string[] } };
  contributes: { configuration: { properties: Record<string, { scope?: string; description?: string }> } };
};
const properties = manifest.contributes.configuration.properties;

/** Names that say a setting could hand a key to something, or send it somewhere. */
const EXPOSING = /inject|baseUrl|endpoint|origin|proxy|export|clipboard|env/i;

describe('settings that expose a key', () => {
  it('are scoped "application" in package.json and restricted in untrusted workspaces', () => {
    assert.equal(USER_ONLY_SCOPE, 'application');
    for (const name of USER_ONLY_SETTINGS) {
      const full = `openaiConnector.${name}`;
      assert.ok(properties[full], `${full} is not declared`);
      assert.equal(properties[full].scope, USER_ONLY_SCOPE, `${full} must have scope ${USER_ONLY_SCOPE}`);
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations?.includes(full), `${full} is not a restricted configuration`);
    }
  });

  it('include every declared setting whose name says it could expose or redirect a key', () => {
    const exposing = Object.keys(properties).filter((k) => EXPOSING.test(k)).map((k) => k.replace(/^openaiConnector\./, ''));
    assert.deepEqual(exposing.filter((k) => !(USER_ONLY_SETTINGS as readonly string[]).includes(k)), []);
  });

  it('are read from the user value only: workspace and folder values never turn them on', () => {
    assert.equal(userOnlyFlag({ defaultValue: false, workspaceValue: true }), false);
    assert.equal(userOnlyFlag({ defaultValue: false, workspaceFolderValue: true }), false);
    assert.equal(userOnlyFlag({ defaultValue: false, globalValue: false, workspaceValue: true }), false);
    assert.equal(userOnlyFlag({ defaultValue: false, globalValue: true }), true);
    assert.equal(userOnlyFlag({ defaultValue: false, globalValue: true, workspaceValue: false }), true, 'the user value wins over a workspace that turns it off too');
    assert.equal(userOnlyFlag({ defaultValue: false, globalValue: 'yes' }), false, 'only a real true counts');
    assert.equal(userOnlyFlag(undefined), false);
  });
});
