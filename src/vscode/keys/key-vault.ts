import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { detectKeyKind, lastFour } from '../../core/keys/key-format';
import {
  KeyIndex, KeyRecord, KeyScope, activeKey, keysForWorkspace, parseKeyIndex, reconcile, withActive, withKey,
  usableKey, withSecretId, withoutKey, withoutSecretId,
} from '../../core/keys/key-index';
import { Permission, parsePermission } from '../../core/permissions/permission-model';
import { UserError } from '../../core/common/user-error';
import { Disposable } from '../common/disposable';
import { Logger } from '../common/logger';
import { WorkspaceIdentity } from './workspace-identity';

const INDEX_STATE_KEY = 'openaiConnector.keyIndex';
const SECRET_PREFIX = 'openaiConnector.key.';

export interface NewKey {
  readonly secret: string;
  readonly name: string;
  readonly scope: 'workspace' | 'global';
  readonly permission: Permission;
  readonly baseUrl: string;
  readonly organization?: string;
  readonly project?: string;
}

export type KeyPatch = Partial<Pick<KeyRecord, 'name' | 'permission' | 'lastVerifiedAt' | 'organization' | 'project'>>;

/**
 * Key values in SecretStorage, everything else in a validated index in globalState. Every change is
 * ordered so that a failure halfway leaves the old state or the new one, and reconciliation
 * cleans up what a crash could leave behind.
 */
export class KeyVault extends Disposable {
  private state: KeyIndex;
  private missing = new Set<string>();
  /** Secrets read this session (used, added or rotated), kept only in memory so logs and errors can be scrubbed of them. */
  private readonly secretCache = new Map<string, string>();
  /**
   * What this window last wrote to each secret (undefined: deleted) and how many of its change events
   * are still to come. SecretStorage reports our own writes too, possibly after later writes of ours;
   * a change that leaves the value we last wrote is ours and needs no reload.
   */
  private readonly ownWrites = new Map<string, { value: string | undefined; pending: number }>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly logger: Logger,
    readonly workspace: WorkspaceIdentity | undefined,
  ) {
    super();
    this.state = this.readIndex();
    this.register(context.secrets.onDidChange((e) => {
      if (e.key.startsWith(SECRET_PREFIX)) void this.serialize(() => this.secretChanged(e.key.slice(SECRET_PREFIX.length)));
    }));
  }

  /** Opens the vault from the index alone: no key value is read until a key is used. */
  static async open(context: vscode.ExtensionContext, logger: Logger, workspace: WorkspaceIdentity | undefined): Promise<KeyVault> {
    const vault = new KeyVault(context, logger, workspace);
    await vault.serialize(() => vault.dropOrphans());
    return vault;
  }

  /**
   * Start-up cleanup without reading secrets: a ledger id with no key record is what a crash between
   * the ledger and the record leaves, and its secret (if any) is deleted. Deleting needs no read.
   */
  private async dropOrphans(): Promise<void> {
    const index = this.readIndex();
    const result = reconcile(index, new Set(index.secretIds));
    for (const id of result.orphans) {
      await this.deleteSecret(id);
      this.logger.info('vault', `Removed an orphaned secret (${id}).`);
    }
    if (result.orphans.length > 0) await this.saveIndex(result.index);
    else this.state = index;
  }

  /** One secret changed: ignored when it is our own write, else that id alone is re-read. */
  private async secretChanged(id: string): Promise<void> {
    const value = await this.context.secrets.get(SECRET_PREFIX + id);
    const own = this.ownWrites.get(id);
    if (own && own.value === value) {
      if (--own.pending <= 0) this.ownWrites.delete(id);
      return;
    }
    this.ownWrites.delete(id);
    // Another window: it writes its index around the secret, so take its index as it is now.
    this.state = this.readIndex();
    if (value === undefined) this.secretCache.delete(id);
    else this.secretCache.set(id, value);
    if (value === undefined && this.get(id)) {
      this.missing.add(id);
      this.logger.warn('vault', `Key '${this.get(id)?.name}' has no secret in this keyring; re-enter it.`);
    } else this.missing.delete(id);
    this.changed.fire();
  }

  private async storeSecret(id: string, value: string): Promise<void> {
    this.ownWrites.set(id, { value, pending: (this.ownWrites.get(id)?.pending ?? 0) + 1 });
    await this.context.secrets.store(SECRET_PREFIX + id, value);
  }

  private async deleteSecret(id: string): Promise<void> {
    this.ownWrites.set(id, { value: undefined, pending: (this.ownWrites.get(id)?.pending ?? 0) + 1 });
    await this.context.secrets.delete(SECRET_PREFIX + id);
  }

  private readIndex(): KeyIndex {
    const { index, rejected } = parseKeyIndex(this.context.globalState.get(INDEX_STATE_KEY));
    for (const reason of rejected) this.logger.warn('vault', `Dropped an invalid index entry: ${reason}`);
    return index;
  }

  private async saveIndex(index: KeyIndex): Promise<void> {
    await this.context.globalState.update(INDEX_STATE_KEY, index);
    this.state = index;
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Full reconciliation (Refresh Keys): re-reads the index and every secret, flags keys whose secret
   * vanished and deletes orphaned secrets. The only place that reads every key value.
   */
  private async reload(): Promise<void> {
    const index = this.readIndex();
    const withSecret = new Set<string>();
    this.secretCache.clear();
    for (const id of index.secretIds) {
      const secret = await this.context.secrets.get(SECRET_PREFIX + id);
      if (secret) {
        withSecret.add(id);
        this.secretCache.set(id, secret);
      }
    }
    const result = reconcile(index, withSecret);
    for (const id of result.orphans) {
      await this.deleteSecret(id);
      this.secretCache.delete(id);
      this.logger.info('vault', `Removed an orphaned secret (${id}).`);
    }
    for (const id of result.missingSecret) {
      this.logger.warn('vault', `Key '${index.keys.find((k) => k.id === id)?.name}' has no secret in this keyring; re-enter it.`);
    }
    this.missing = new Set(result.missingSecret);
    if (JSON.stringify(result.index) !== JSON.stringify(index)) await this.saveIndex(result.index);
    else this.state = result.index;
    this.changed.fire();
  }

  refresh(): Promise<void> {
    return this.serialize(() => this.reload());
  }

  allKeys(): readonly KeyRecord[] {
    return this.state.keys;
  }

  visibleKeys(): KeyRecord[] {
    return keysForWorkspace(this.state, this.workspace?.id);
  }

  get(id: string): KeyRecord | undefined {
    return this.state.keys.find((k) => k.id === id);
  }

  /** A key this workspace may use by id (its own or a global one); throws a UserError for any other. */
  usableHere(id: string): KeyRecord {
    const found = usableKey(this.state, this.workspace?.id, id);
    if ('refused' in found) throw new UserError(found.refused);
    return found.record;
  }

  activeKey(): KeyRecord | undefined {
    return activeKey(this.state, this.workspace?.id);
  }

  isSecretMissing(id: string): boolean {
    return this.missing.has(id);
  }

  isVisibleHere(record: KeyRecord): boolean {
    return record.scope.kind === 'global' || record.scope.workspaceId === this.workspace?.id;
  }

  /** For redaction only: every secret this session has read or written. */
  knownSecrets(): Iterable<string> {
    return this.secretCache.values();
  }

  /** The key value, for the extension host's Authorization header. Never hand it to the webview. */
  async getSecret(id: string): Promise<string> {
    const record = this.get(id);
    if (!record) throw new UserError('That key no longer exists; pick another.');
    const secret = await this.context.secrets.get(SECRET_PREFIX + id);
    if (!secret) {
      this.missing.add(id);
      this.changed.fire();
      throw new UserError(`Key '${record.name}' has no secret in this keyring: use Re-enter Key (Rotate API Key) to paste it again.`);
    }
    this.secretCache.set(id, secret);
    return secret;
  }

  /** Finds a stored key with this exact value without revealing which value it is. */
  async findBySecret(secret: string): Promise<KeyRecord | undefined> {
    for (const record of this.state.keys) {
      const stored = this.secretCache.get(record.id) ?? (await this.context.secrets.get(SECRET_PREFIX + record.id));
      if (stored === secret) return record;
    }
    return undefined;
  }

  add(input: NewKey): Promise<KeyRecord> {
    return this.serialize(async () => {
      let scope: KeyScope = { kind: 'global' };
      if (input.scope === 'workspace') {
        if (!this.workspace) throw new UserError('Open a folder or workspace first, or add the key for all workspaces.');
        scope = { kind: 'workspace', workspaceId: this.workspace.id, workspaceName: this.workspace.name };
      }
      const record: KeyRecord = {
        id: randomUUID(),
        name: input.name.trim(),
        scope,
        permission: parsePermission(input.permission),
        baseUrl: input.baseUrl,
        ...(input.organization ? { organization: input.organization } : {}),
        ...(input.project ? { project: input.project } : {}),
        kind: detectKeyKind(input.secret),
        last4: lastFour(input.secret),
        createdAt: new Date().toISOString(),
      };
      const before = this.state;
      // Ledger first, then the secret, then the record: each step can be undone or found later.
      await this.saveIndex(withSecretId(before, record.id));
      try {
        await this.storeSecret(record.id, input.secret);
        let next = withKey(this.state, record);
        if (this.workspace && !activeKey(next, this.workspace.id)) next = withActive(next, this.workspace.id, record.id);
        await this.saveIndex(next);
      } catch (error) {
        await this.deleteSecret(record.id).then(undefined, () => undefined);
        await this.saveIndex(before).then(undefined, () => undefined);
        throw error;
      }
      this.secretCache.set(record.id, input.secret);
      this.logger.info('vault', `Added key '${record.name}' (${record.kind}, ${record.scope.kind}).`);
      this.changed.fire();
      return record;
    });
  }

  /** Replaces the secret and keeps the metadata: every workspace using the key gets the new value. */
  rotate(id: string, secret: string): Promise<KeyRecord> {
    return this.serialize(async () => {
      const record = this.require(id);
      const previous = await this.context.secrets.get(SECRET_PREFIX + id);
      const rotated: KeyRecord = { ...record, kind: detectKeyKind(secret), last4: lastFour(secret), rotatedAt: new Date().toISOString() };
      await this.storeSecret(id, secret);
      try {
        await this.saveIndex(withKey(this.state, rotated));
      } catch (error) {
        if (previous) await this.storeSecret(id, previous);
        else await this.deleteSecret(id);
        throw error;
      }
      this.secretCache.set(id, secret);
      this.missing.delete(id);
      this.logger.info('vault', `Rotated key '${record.name}'.`);
      this.changed.fire();
      return rotated;
    });
  }

  remove(id: string): Promise<void> {
    return this.serialize(async () => {
      const record = this.require(id);
      // The record goes first: from then on the key is gone for the user, and a secret left
      // behind by a failure is an orphan that the next reconciliation deletes.
      await this.saveIndex(withoutKey(this.state, id));
      try {
        await this.deleteSecret(id);
        await this.saveIndex(withoutSecretId(this.state, id));
      } catch (error) {
        this.logger.warn('vault', `Secret of removed key '${record.name}' will be deleted later: ${String(error)}`);
      }
      this.secretCache.delete(id);
      this.missing.delete(id);
      this.logger.info('vault', `Removed key '${record.name}'.`);
      this.changed.fire();
    });
  }

  update(id: string, patch: KeyPatch): Promise<KeyRecord> {
    return this.serialize(async () => {
      const record = this.require(id);
      const next: KeyRecord = { ...record, ...patch, ...(patch.permission ? { permission: parsePermission(patch.permission) } : {}) };
      await this.saveIndex(withKey(this.state, next));
      this.logger.info('vault', `Updated key '${next.name}' (${Object.keys(patch).join(', ')}).`);
      this.changed.fire();
      return next;
    });
  }

  setActive(id: string): Promise<void> {
    return this.serialize(async () => {
      const record = this.require(id);
      if (!this.workspace) throw new UserError('Open a folder or workspace to choose its active key.');
      if (!this.isVisibleHere(record)) throw new UserError(`Key '${record.name}' belongs to ${record.scope.kind === 'workspace' ? record.scope.workspaceName : 'another workspace'}; it cannot be active here.`);
      await this.saveIndex(withActive(this.state, this.workspace.id, id));
      this.logger.info('vault', `Active key of this workspace is now '${record.name}'.`);
      this.changed.fire();
    });
  }

  private require(id: string): KeyRecord {
    const record = this.get(id);
    if (!record) throw new UserError('That key no longer exists; refresh the keys view.');
    return record;
  }
}
