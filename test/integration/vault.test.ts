// The key vault inside a real VS Code: commands, SecretStorage and the index kept in agreement,
// changes from another window, reconciliation, and all-or-nothing writes.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { KeyRecord } from '../../src/core/keys/key-index';
import { emptyMatrix } from '../../src/core/permissions/permission-model';
import type { KeysTreeNode } from '../../src/vscode/keys/keys-tree';
import { KeyVault } from '../../src/vscode/keys/key-vault';
import { makeKey } from '../unit/test-keys';
import { clearVault, eventually, hooks } from './extension-api';

const INDEX_KEY = 'openaiConnector.keyIndex';
const SECRET_PREFIX = 'openaiConnector.key.';

async function add(args: Record<string, unknown>): Promise<KeyRecord> {
  const record = await vscode.commands.executeCommand<KeyRecord | undefined>('openaiConnector.addKey', args);
  assert.ok(record, 'Add API Key returned nothing (it showed an error instead)');
  return record;
}

/** Every record has a secret, every listed secret id has a record, and nothing secret is in the index. */
async function assertIndexAndSecretsAgree(secrets: Map<string, string>): Promise<void> {
  const t = await hooks();
  const stored = t.globalState.get<{ keys: KeyRecord[]; secretIds: string[] }>(INDEX_KEY);
  assert.ok(stored);
  assert.deepEqual([...stored.secretIds].sort(), stored.keys.map((k) => k.id).sort());
  for (const record of stored.keys) {
    assert.equal(await t.secrets.get(SECRET_PREFIX + record.id), secrets.get(record.id), `secret of ${record.name}`);
  }
  const text = JSON.stringify(stored);
  for (const secret of secrets.values()) assert.ok(!text.includes(secret), 'a key value reached globalState');
}

function treeLabels(nodes: KeysTreeNode[], tree: vscode.TreeDataProvider<KeysTreeNode>): string[] {
  return nodes.map((n) => {
    const item = tree.getTreeItem(n) as vscode.TreeItem;
    return `${String(item.label)}|${String(item.description ?? '')}`;
  });
}

describe('key vault', () => {
  beforeEach(async () => clearVault(await hooks()));

  it('adds, rotates, renames, sets active and removes through the commands, keeping index and secrets in agreement', async () => {
    const t = await hooks();
    const first = makeKey.project();
    const second = makeKey.serviceAccount();
    const a = await add({ secret: `  Bearer ${first}\n`, name: 'app-a', scope: 'workspace' });
    const b = await add({ secret: second, name: 'ci-bot', scope: 'global', permission: { level: 'read-only' } });
    assert.equal(a.kind, 'project');
    assert.equal(b.kind, 'service-account');
    assert.equal(t.vault.activeKey()?.id, a.id, 'the first key of a workspace becomes its active key');
    await assertIndexAndSecretsAgree(new Map([[a.id, first], [b.id, second]]));

    await vscode.commands.executeCommand('openaiConnector.setActiveKey', { keyId: b.id });
    assert.equal(t.vault.activeKey()?.id, b.id);

    const rotatedValue = makeKey.serviceAccount();
    await vscode.commands.executeCommand('openaiConnector.rotateKey', { keyId: b.id }, { secret: rotatedValue });
    const rotated = t.vault.get(b.id);
    assert.equal(rotated?.last4, rotatedValue.slice(-4));
    assert.ok(rotated?.rotatedAt);
    assert.equal(rotated?.name, 'ci-bot', 'rotation keeps the metadata');
    assert.equal(await t.vault.getSecret(b.id), rotatedValue);
    await assertIndexAndSecretsAgree(new Map([[a.id, first], [b.id, rotatedValue]]));

    await vscode.commands.executeCommand('openaiConnector.renameKey', { keyId: a.id }, { name: 'app-a renamed' });
    assert.equal(t.vault.get(a.id)?.name, 'app-a renamed');

    const matrix = { ...emptyMatrix(), files: 'write', 'model-capabilities': 'request' };
    await vscode.commands.executeCommand('openaiConnector.setPermissionLevel', { keyId: a.id }, { permission: { level: 'restricted', matrix } });
    assert.equal(t.vault.get(a.id)?.permission.level, 'restricted');

    await vscode.commands.executeCommand('openaiConnector.removeKey', { keyId: b.id, confirmed: true });
    assert.equal(t.vault.get(b.id), undefined);
    assert.equal(await t.secrets.get(SECRET_PREFIX + b.id), undefined);
    assert.equal(t.vault.activeKey(), undefined, 'removing the active key clears it');
    await assertIndexAndSecretsAgree(new Map([[a.id, first]]));
  });

  it('detects a secret added twice without storing it again', async () => {
    const t = await hooks();
    const value = makeKey.project();
    await add({ secret: value, name: 'one' });
    const again = await vscode.commands.executeCommand('openaiConnector.addKey', { secret: `"${value}"`, name: 'two' });
    assert.equal(again, undefined);
    assert.deepEqual(t.vault.allKeys().map((k) => k.name), ['one']);
  });

  it('refuses a malformed key or base URL and stores nothing', async () => {
    const t = await hooks();
    assert.equal(await vscode.commands.executeCommand('openaiConnector.addKey', { secret: 'sk-proj-short' }), undefined);
    assert.equal(await vscode.commands.executeCommand('openaiConnector.addKey', { secret: makeKey.project(), baseUrl: 'ftp://example.com' }), undefined);
    assert.equal(t.vault.allKeys().length, 0);
    const stored = t.globalState.get<{ secretIds: string[] }>(INDEX_KEY);
    assert.deepEqual(stored?.secretIds ?? [], []);
  });

  it('shows keys in the tree grouped by workspace, with kind, level and the active mark, and Restricted keys expand into their matrix', async () => {
    const t = await hooks();
    const value = makeKey.project();
    const matrix = { ...emptyMatrix(), files: 'read' };
    await add({ secret: value, name: 'restricted-app', permission: { level: 'restricted', matrix } });
    await add({ secret: makeKey.legacy(), name: 'shared-legacy', scope: 'global' });
    const tree = t.keysTree;
    const groups = tree.getChildren() as KeysTreeNode[];
    const labels = treeLabels(groups, tree);
    assert.equal(labels[1], 'All workspaces|shared');
    assert.match(labels[0] ?? '', /\|this workspace$/);
    const own = treeLabels(tree.getChildren(groups[0]) as KeysTreeNode[], tree);
    assert.deepEqual(own, [`restricted-app|sk-proj-…${value.slice(-4)} · project · Restricted · active`]);
    const shared = treeLabels(tree.getChildren(groups[1]) as KeysTreeNode[], tree);
    assert.match(shared[0] ?? '', /^shared-legacy\|sk-…[\w-]{4} · legacy · All$/);
    const keyNode = (tree.getChildren(groups[0]) as KeysTreeNode[])[0]!;
    const matrixRows = treeLabels(tree.getChildren(keyNode) as KeysTreeNode[], tree).map((l) => l.split('|')[0]);
    assert.ok(matrixRows.includes('Files: Read'));
    assert.ok(matrixRows.includes('Model capabilities: None'));
  });

  it('refreshes when another window changes the shared storage', async () => {
    const t = await hooks();
    const id = 'other-window-key';
    const value = makeKey.project();
    const index = t.globalState.get<{ version: number; keys: unknown[]; active: object; secretIds: string[] }>(INDEX_KEY)!;
    await t.globalState.update(INDEX_KEY, {
      ...index,
      keys: [...index.keys, { id, name: 'from-window-2', scope: { kind: 'global' }, permission: { level: 'all' }, baseUrl: 'https://api.openai.com/v1', kind: 'project', last4: value.slice(-4), createdAt: new Date().toISOString() }],
      secretIds: [...index.secretIds, id],
    });
    let fired = 0;
    const sub = t.keysTree.onDidChangeTreeData(() => fired++);
    await t.secrets.store(SECRET_PREFIX + id, value); // what the other window's vault does last
    try {
      await eventually(() => {
        assert.ok(fired > 0, 'the tree was not refreshed');
        const groups = t.keysTree.getChildren() as KeysTreeNode[];
        const names = groups.flatMap((g) => (t.keysTree.getChildren(g) as KeysTreeNode[]).map((n) => (n.type === 'key' ? n.record.name : '')));
        assert.ok(names.includes('from-window-2'));
      });
    } finally {
      sub.dispose();
    }
  });

  it('does not reload on its own writes: one change per add, rotate or remove', async () => {
    const t = await hooks();
    let changes = 0;
    const sub = t.vault.onDidChange(() => changes++);
    const seen: string[] = [];
    const secretSub = t.secrets.onDidChange((e) => seen.push(e.key));
    try {
      const record = await t.vault.add({ secret: makeKey.project(), name: 'own-writes', scope: 'global', permission: { level: 'all' }, baseUrl: 'https://api.openai.com/v1' });
      await t.vault.rotate(record.id, makeKey.project());
      await t.vault.remove(record.id);
      // Positive signal first: SecretStorage reported all three writes to every listener, the vault's
      // included (it subscribed first). Its handlers queue behind its writes; one more queued
      // operation (refresh) runs after them, so their effect, if any, is visible by then.
      await eventually(() => assert.equal(seen.filter((k) => k === SECRET_PREFIX + record.id).length, 3));
      assert.equal(changes, 3, 'a write of this window reloaded the vault');
      await t.vault.refresh();
      assert.equal(changes, 4, 'the handlers of our own writes fired a change');
    } finally {
      sub.dispose();
      secretSub.dispose();
    }
  });

  it('flags a key whose secret vanished and deletes an orphaned secret on reconciliation', async () => {
    const t = await hooks();
    const record = await add({ secret: makeKey.project(), name: 'lost' });
    // Another window (or a keyring change) deletes the secret: that one id is re-read.
    await t.secrets.delete(SECRET_PREFIX + record.id);
    await eventually(() => assert.equal(t.vault.isSecretMissing(record.id), true));
    const item = t.keysTree.getTreeItem({ type: 'key', record: t.vault.get(record.id)! }) as vscode.TreeItem;
    assert.match(String(item.description), /re-enter key/);
    assert.match(String(item.contextValue), /\bmissingSecret\b/);

    const orphan = 'orphan-from-a-crash';
    const index = t.globalState.get<{ secretIds: string[] }>(INDEX_KEY)!;
    await t.globalState.update(INDEX_KEY, { ...index, secretIds: [...index.secretIds, orphan] });
    await t.secrets.store(SECRET_PREFIX + orphan, makeKey.project());
    await t.vault.refresh();
    await eventually(async () => assert.equal(await t.secrets.get(SECRET_PREFIX + orphan), undefined));
    assert.ok(!t.globalState.get<{ secretIds: string[] }>(INDEX_KEY)!.secretIds.includes(orphan));
  });

  it('leaves the old state when a write fails halfway through add, rotate or remove', async () => {
    const ext = vscode.extensions.getExtension('openai-connector.openai-connector')!;
    // Index writes to let through before exactly one fails; -1 means none fails.
    let failAfter = -1;
    let failSecretDeletes = false;
    const state = new Map<string, unknown>();
    const secrets = new Map<string, string>();
    const memento: vscode.Memento = {
      keys: () => [...state.keys()],
      get: <T>(k: string, d?: T) => (state.has(k) ? (state.get(k) as T) : d),
      update: async (k: string, v: unknown) => {
        if (failAfter === 0) {
          failAfter = -1;
          throw new Error('disk full');
        }
        if (failAfter > 0) failAfter--;
        state.set(k, JSON.parse(JSON.stringify(v)));
      },
    };
    const emitter = new vscode.EventEmitter<vscode.SecretStorageChangeEvent>();
    const secretStorage: vscode.SecretStorage = {
      get: async (k) => secrets.get(k),
      store: async (k, v) => { secrets.set(k, v); },
      delete: async (k) => { if (failSecretDeletes) throw new Error('keyring locked'); secrets.delete(k); },
      onDidChange: emitter.event,
    };
    const context = { secrets: secretStorage, globalState: memento, extensionUri: ext.extensionUri } as unknown as vscode.ExtensionContext;
    const vault = await KeyVault.open(context, (await hooks()).logger, { id: 'file:///tmp/ws', name: 'ws' });
    try {
      const kept = await vault.add({ secret: makeKey.project(), name: 'kept', scope: 'workspace', permission: { level: 'all' }, baseUrl: 'https://api.openai.com/v1' });
      const before = JSON.stringify(state.get(INDEX_KEY));
      const secretsBefore = new Map(secrets);

      failAfter = 1; // the ledger entry is written, the record is not
      await assert.rejects(vault.add({ secret: makeKey.project(), name: 'half', scope: 'workspace', permission: { level: 'all' }, baseUrl: 'https://api.openai.com/v1' }), /disk full/);
      assert.deepEqual([...secrets.keys()], [...secretsBefore.keys()], 'the new secret was rolled back');
      assert.equal(JSON.stringify(state.get(INDEX_KEY)), before, 'the index was rolled back');
      assert.deepEqual(vault.allKeys().map((k) => k.name), ['kept']);
      failAfter = 0; // the secret is replaced, the index write fails
      const newValue = makeKey.project();
      await assert.rejects(vault.rotate(kept.id, newValue), /disk full/);
      assert.equal(secrets.get(SECRET_PREFIX + kept.id), secretsBefore.get(SECRET_PREFIX + kept.id), 'the old secret was restored');
      assert.equal(JSON.stringify(state.get(INDEX_KEY)), before);
      assert.equal(vault.get(kept.id)?.last4, kept.last4);

      failSecretDeletes = true;
      await vault.remove(kept.id);
      assert.equal(vault.get(kept.id), undefined, 'the key is gone for the user');
      failSecretDeletes = false;
      await vault.refresh();
      assert.equal(secrets.size, 0, 'the secret left behind was cleaned up as an orphan');
    } finally {
      vault.dispose();
      emitter.dispose();
    }
  });

  it('never writes a key value into settings', async () => {
    const value = makeKey.project();
    await add({ secret: value, name: 'settings-check' });
    const config = JSON.stringify(vscode.workspace.getConfiguration('openaiConnector'));
    assert.ok(!config.includes(value));
  });
});
