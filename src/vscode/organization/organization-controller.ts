import * as vscode from 'vscode';
import { AdminApiError, AdminClient, ListProgress } from '../../core/admin/admin-client';
import type { AdminKey, ProjectWithKeys } from '../../core/admin/admin-types';
import { matchStoredKey } from '../../core/admin/key-matching';
import { LinkIndex, linkIndex, orgKeyView, projectDescription } from '../../core/admin/org-tree-model';
import { KeyRecord } from '../../core/keys/key-index';
import { Cancelled, UserError } from '../../core/common/user-error';
import { Services } from '../common/services';
import { OrgLinksStore } from './org-links-store';

export type OrgNode =
  | { readonly type: 'admin'; readonly adminId: string }
  | { readonly type: 'project'; readonly adminId: string; readonly projectId: string }
  | { readonly type: 'key'; readonly adminId: string; readonly projectId: string; readonly keyId: string }
  | { readonly type: 'message'; readonly text: string; readonly adminId?: string };

/** Results are reused this long; Refresh Organization reads again at once. */
const CACHE_MS = 2 * 60 * 1000;

interface Cached {
  readonly at: number;
  readonly org: ProjectWithKeys[];
}

/** Candidates a stored key may be, when more than one listed key fits: asked about, never guessed. */
export interface Ambiguity {
  readonly storedKeyId: string;
  readonly adminId: string;
  readonly keys: readonly AdminKey[];
}

/**
 * The Organization view and the Admin API behind it: one cached listing per admin key, read with
 * progress and cancel; stored keys are linked to listed keys when exactly one fits.
 */
export class OrganizationController implements vscode.TreeDataProvider<OrgNode> {
  private readonly cache = new Map<string, Cached>();
  private readonly errors = new Map<string, string>();
  private readonly loading = new Map<string, Promise<ProjectWithKeys[]>>();
  readonly ambiguous = new Map<string, Ambiguity>();
  private readonly changed = new vscode.EventEmitter<OrgNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(readonly services: Services, readonly links: OrgLinksStore) {
    services.context.subscriptions.push(this.changed, services.vault.onDidChange(() => this.changed.fire(undefined)), links.onDidChange(() => this.changed.fire(undefined)));
    services.context.subscriptions.push(this.changed.event(() => {
      this.linkIndexCache = undefined;
    }));
  }

  adminKeys(): KeyRecord[] {
    return this.services.vault.allKeys().filter((k) => k.kind === 'admin' && !this.services.vault.isSecretMissing(k.id));
  }

  /** A client for one stored admin key: its own base URL only. */
  async client(adminId: string): Promise<AdminClient> {
    const record = this.services.vault.get(adminId);
    if (!record || record.kind !== 'admin') throw new UserError('That admin key is no longer stored; pick another.');
    const secret = await this.services.vault.getSecret(adminId);
    return new AdminClient({ baseUrl: record.baseUrl, adminKey: secret });
  }

  refresh(): void {
    this.cache.clear();
    this.errors.clear();
    this.changed.fire(undefined);
  }

  cached(adminId: string): ProjectWithKeys[] | undefined {
    const c = this.cache.get(adminId);
    return c && Date.now() - c.at < CACHE_MS ? c.org : undefined;
  }

  /** Drops a key from the cached listing after it was revoked. */
  forget(adminId: string, keyIds: readonly string[]): void {
    const c = this.cache.get(adminId);
    if (!c) return;
    this.cache.set(adminId, { at: c.at, org: c.org.map((p) => ({ project: p.project, keys: p.keys.filter((k) => !keyIds.includes(k.id)) })) });
    this.changed.fire(undefined);
  }

  /** The organization as one admin key sees it; read again when the cache is old or `force`. */
  organization(adminId: string, force = false): Promise<ProjectWithKeys[]> {
    const fresh = force ? undefined : this.cached(adminId);
    if (fresh) return Promise.resolve(fresh);
    const running = this.loading.get(adminId);
    if (running) return running;
    const name = this.services.vault.get(adminId)?.name ?? 'admin key';
    const load = Promise.resolve(vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading the organization with '${name}'`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        const client = await this.client(adminId);
        const report = (p: ListProgress): void => progress.report({
          message: p.projectsTotal === undefined ? `projects: ${p.pagesRead} page(s)` : `${p.projectsRead}/${p.projectsTotal} projects, ${p.keysRead} keys`,
        });
        return client.listOrganization(abort.signal, report);
      },
    )).then(async (org) => {
      this.cache.set(adminId, { at: Date.now(), org });
      this.errors.delete(adminId);
      await this.linkStoredKeys(adminId, org);
      this.services.logger.info('organization', `Read ${org.length} project(s) and ${org.reduce((n, p) => n + p.keys.length, 0)} key(s) with '${name}'.`);
      return org;
    }, (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      this.errors.set(adminId, message);
      if (error instanceof AdminApiError && error.kind === 'cancelled') throw new Cancelled();
      throw error instanceof AdminApiError ? new UserError(`${message} ('${name}')`) : error;
    }).finally(() => {
      this.loading.delete(adminId);
      this.changed.fire(undefined);
    });
    this.loading.set(adminId, load);
    return load;
  }

  findKey(adminId: string, projectId: string, keyId: string): { key: AdminKey; project: ProjectWithKeys } | undefined {
    const project = this.cache.get(adminId)?.org.find((p) => p.project.id === projectId);
    const key = project?.keys.find((k) => k.id === keyId);
    return key && project ? { key, project } : undefined;
  }

  /** Links each stored key to the one listed key with its project, prefix and last four; several fits are kept to ask about. */
  private async linkStoredKeys(adminId: string, org: readonly ProjectWithKeys[]): Promise<void> {
    const { vault } = this.services;
    const listed = org.flatMap((p) => p.keys);
    const links = this.links.all();
    await this.links.prune(new Set(vault.allKeys().map((k) => k.id)));
    for (const record of vault.allKeys()) {
      if (record.kind === 'admin' || vault.isSecretMissing(record.id)) continue;
      const link = links[record.id];
      if (link) {
        const now = listed.find((k) => k.projectId === link.projectId && k.id === link.remoteKeyId);
        if (now && now.lastUsedAt !== link.lastUsedAt) await this.links.set({ ...link, lastUsedAt: now.lastUsedAt });
        continue;
      }
      let secret: string;
      try {
        secret = await vault.getSecret(record.id);
      } catch {
        continue;
      }
      const result = matchStoredKey({ id: record.id, ...(record.project ? { project: record.project } : {}), last4: record.last4, startsWith: (head) => secret.startsWith(head) }, listed);
      if (result.kind === 'match') await this.link(record.id, adminId, result.key);
      else if (result.kind === 'ambiguous') this.ambiguous.set(record.id, { storedKeyId: record.id, adminId, keys: result.keys });
    }
    if (this.ambiguous.size > 0) {
      const names = [...this.ambiguous.keys()].map((id) => `'${vault.get(id)?.name}'`).join(', ');
      void vscode.window.showInformationMessage(`Stored key ${names} fits more than one key at OpenAI; say which one it is.`, 'Choose').then((c) => (c ? vscode.commands.executeCommand('openaiConnector.linkStoredKey') : undefined));
    }
  }

  async link(storedKeyId: string, adminId: string, key: AdminKey, extra: { ownAccount?: boolean; scopes?: readonly string[] } = {}): Promise<void> {
    this.ambiguous.delete(storedKeyId);
    await this.links.set({
      storedKeyId, adminKeyId: adminId, projectId: key.projectId, remoteKeyId: key.id, lastUsedAt: key.lastUsedAt,
      ownAccount: extra.ownAccount === true && key.owner.type === 'service_account',
      ...(key.owner.type === 'service_account' ? { serviceAccountId: key.owner.id } : {}),
      ...(extra.scopes ? { scopes: extra.scopes } : {}),
    });
  }

  // ---- tree ----

  private linkIndexCache: LinkIndex | undefined;

  /** Built once per change of the tree, not once per row. */
  private index(): LinkIndex {
    this.linkIndexCache ??= linkIndex(this.links.all(), new Map(this.services.vault.allKeys().map((k) => [k.id, k.name] as const)));
    return this.linkIndexCache;
  }

  async getChildren(node?: OrgNode): Promise<OrgNode[]> {
    if (!node) {
      const admins = this.adminKeys();
      if (admins.length === 1) return this.projectNodes(admins[0]!.id);
      return admins.map((a) => ({ type: 'admin', adminId: a.id }));
    }
    if (node.type === 'admin') return this.projectNodes(node.adminId);
    if (node.type === 'project') {
      const p = this.cache.get(node.adminId)?.org.find((x) => x.project.id === node.projectId);
      if (!p) return [];
      if (p.keys.length === 0) return [{ type: 'message', text: 'No keys in this project.' }];
      return p.keys.map((k) => ({ type: 'key', adminId: node.adminId, projectId: p.project.id, keyId: k.id }));
    }
    return [];
  }

  private async projectNodes(adminId: string): Promise<OrgNode[]> {
    let org: ProjectWithKeys[];
    try {
      org = await this.organization(adminId);
    } catch (error) {
      const text = this.errors.get(adminId) ?? (error instanceof Error ? error.message : String(error));
      return [{ type: 'message', adminId, text: `Could not read the organization: ${text}` }];
    }
    if (org.length === 0) return [{ type: 'message', adminId, text: 'This organization has no projects.' }];
    return org.map((p) => ({ type: 'project', adminId, projectId: p.project.id }));
  }

  getTreeItem(node: OrgNode): vscode.TreeItem {
    switch (node.type) {
      case 'admin': {
        const record = this.services.vault.get(node.adminId);
        const item = new vscode.TreeItem(record?.name ?? 'admin key', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `org:${node.adminId}`;
        item.iconPath = new vscode.ThemeIcon('organization');
        item.contextValue = 'orgAdmin';
        return item;
      }
      case 'project': {
        const p = this.cache.get(node.adminId)?.org.find((x) => x.project.id === node.projectId);
        const item = new vscode.TreeItem(p?.project.name ?? node.projectId, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `org:${node.adminId}:${node.projectId}`;
        item.description = p ? projectDescription(p) : '';
        item.tooltip = `${p?.project.name ?? ''} (${node.projectId})`;
        item.iconPath = new vscode.ThemeIcon('project');
        item.contextValue = 'orgProject';
        return item;
      }
      case 'key': {
        const found = this.findKey(node.adminId, node.projectId, node.keyId);
        const view = found ? orgKeyView(found.key, this.index()) : undefined;
        const item = new vscode.TreeItem(view?.label ?? node.keyId, vscode.TreeItemCollapsibleState.None);
        item.id = `org:${node.adminId}:${node.projectId}:${node.keyId}`;
        item.description = view?.description ?? '';
        item.tooltip = view?.tooltip ?? '';
        item.contextValue = view?.contextValue ?? 'orgKey';
        item.iconPath = new vscode.ThemeIcon(view?.contextValue.includes('lostAccess') ? 'warning' : view?.storedKeyId ? 'pass' : 'key');
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('info');
        item.contextValue = 'orgMessage';
        return item;
      }
    }
  }
}
