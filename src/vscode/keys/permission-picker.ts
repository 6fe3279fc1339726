import * as vscode from 'vscode';
import { KeyKind } from '../../core/keys/key-format';
import { ACCESS_LABELS, Access, Permission, PermissionLevel, ResourceGroupId, emptyMatrix, groupsForKeyKind } from '../../core/permissions/permission-model';
import { Cancelled } from '../../core/common/user-error';

interface LevelItem extends vscode.QuickPickItem {
  readonly level: PermissionLevel;
}

interface AccessItem extends vscode.QuickPickItem {
  readonly group: ResourceGroupId;
  readonly access: Access;
}

const RANK: Readonly<Record<Access, number>> = { none: 0, read: 1, request: 2, write: 2 };

/** Asks for the permission level as it was set on the OpenAI platform, and for Restricted keys the matrix. */
export async function pickPermission(current: Permission | undefined, title: string, kind: KeyKind = 'project'): Promise<Permission> {
  const levels: LevelItem[] = [
    { level: 'all', label: 'All', description: 'Full access' },
    { level: 'restricted', label: 'Restricted', description: 'Each resource group set to None, Read or Write' },
    { level: 'read-only', label: 'Read only', description: 'Read on every endpoint, no writes, no model calls' },
  ];
  const picked = await vscode.window.showQuickPick(
    levels.map((l) => ({ ...l, picked: l.level === current?.level, detail: l.level === current?.level ? 'Current' : undefined })),
    { title, placeHolder: 'Permission level, as chosen when the key was made at platform.openai.com', ignoreFocusOut: true },
  );
  if (!picked) throw new Cancelled();
  if (picked.level !== 'restricted') return { level: picked.level };
  return { level: 'restricted', matrix: await pickMatrix(current?.level === 'restricted' ? current.matrix : undefined, title, kind) };
}

async function pickMatrix(current: Readonly<Record<ResourceGroupId, Access>> | undefined, title: string, kind: KeyKind): Promise<Record<ResourceGroupId, Access>> {
  const items: AccessItem[] = [];
  for (const group of groupsForKeyKind(kind)) {
    for (const access of group.choices) {
      if (access === 'none') continue;
      const now = current?.[group.id] ?? 'none';
      items.push({
        group: group.id,
        access,
        label: `${group.label}: ${ACCESS_LABELS[access]}`,
        picked: now === access || (access === 'read' && now === 'write'),
      });
    }
  }
  const chosen = await vscode.window.showQuickPick(items, {
    title: `${title}: Restricted`,
    placeHolder: 'Tick what the key allows; groups left unticked are None. Write includes Read.',
    canPickMany: true,
    ignoreFocusOut: true,
  });
  if (!chosen) throw new Cancelled();
  const matrix = emptyMatrix();
  for (const item of chosen) if (RANK[item.access] > RANK[matrix[item.group]]) matrix[item.group] = item.access;
  return matrix;
}
