/**
 * The Organization view's worst case named by the issue: 50 projects × 200 keys, 20 of them stored
 * in VS Code. Shared by the benchmark (how fast) and the unit test (that the view model is complete).
 */
import type { ProjectWithKeys } from '../../src/core/admin/admin-types';
import { type OrgLinks, parseOrgLinks } from '../../src/core/admin/org-links';

export const ORG_PROJECTS = 50;
export const ORG_KEYS_PER_PROJECT = 200;
export const ORG_STORED = 20;

export interface OrgFixture {
  readonly org: ProjectWithKeys[];
  readonly links: OrgLinks;
  readonly storedNames: ReadonlyMap<string, string>;
}

export function orgFixture(nowMs: number): OrgFixture {
  const sec = Math.floor(nowMs / 1000);
  const org: ProjectWithKeys[] = Array.from({ length: ORG_PROJECTS }, (_, p) => ({
    project: { id: `proj_${p}`, name: `P${p}`, createdAt: 0, status: 'active' },
    keys: Array.from({ length: ORG_KEYS_PER_PROJECT }, (_, k) => ({
      id: `key_${p}_${k}`, projectId: `proj_${p}`, name: `key ${p}.${k}`, redactedValue: 'sk-proj-ab...wxyz', createdAt: sec - 86400 * 3, lastUsedAt: sec - 3 * 3600,
      ownerProjectAccess: 'active', owner: { type: 'user', id: 'user_1', name: 'Ada' },
    })),
  }));
  const links = parseOrgLinks(Object.fromEntries(Array.from({ length: ORG_STORED }, (_, i) => [`s${i}`, { storedKeyId: `s${i}`, projectId: `proj_${i}`, remoteKeyId: `key_${i}_${i}`, ownAccount: false }])));
  const storedNames = new Map(Array.from({ length: ORG_STORED }, (_, i) => [`s${i}`, `stored ${i}`] as const));
  return { org, links, storedNames };
}
