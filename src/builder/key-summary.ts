/** What the webview may know about a key: never its value, only id, name, kind, level and mask. */
import { KEY_KIND_LABELS, maskFromParts } from '../core/keys/key-format';
import type { KeyRecord } from '../core/keys/key-index';
import { describePermission } from '../core/permissions/permission-model';
import type { KeySummary } from '../protocol/protocol';

function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return baseUrl;
  }
}

/** The webview's view of one key. */
export function keySummary(record: KeyRecord, activeId: string | undefined, secretMissing: boolean): KeySummary {
  const kind = KEY_KIND_LABELS[record.kind];
  return {
    id: record.id,
    name: record.name,
    kindLabel: kind.charAt(0).toUpperCase() + kind.slice(1),
    admin: record.kind === 'admin',
    levelLabel: record.kind === 'admin' ? 'Admin API' : describePermission(record.permission),
    masked: maskFromParts(record.kind, record.last4),
    origin: originOf(record.baseUrl),
    scopeLabel: record.scope.kind === 'global' ? 'All workspaces' : record.scope.workspaceName,
    active: record.id === activeId,
    secretMissing,
  };
}
