/** The permission model of an OpenAI API key: a level, and for Restricted keys a matrix of groups. */

export type PermissionLevel = 'all' | 'restricted' | 'read-only';
export type Access = 'none' | 'read' | 'write' | 'request';

export interface ResourceGroup {
  readonly id: ResourceGroupId;
  readonly label: string;
  /** The settings the OpenAI platform offers for this group, weakest first. */
  readonly choices: readonly Access[];
}

const RW: readonly Access[] = ['none', 'read', 'write'];

/** Groups as the OpenAI platform's "Restricted" key form lists them. */
export const RESOURCE_GROUPS = [
  { id: 'models', label: 'List models', choices: ['none', 'read'] },
  { id: 'model-capabilities', label: 'Model capabilities', choices: ['none', 'request'] },
  { id: 'responses', label: 'Responses API', choices: RW },
  { id: 'assistants', label: 'Assistants', choices: RW },
  { id: 'threads', label: 'Threads', choices: RW },
  { id: 'evals', label: 'Evals', choices: RW },
  { id: 'fine-tuning', label: 'Fine-tuning', choices: RW },
  { id: 'files', label: 'Files', choices: RW },
  { id: 'vector-stores', label: 'Vector Stores', choices: RW },
  { id: 'batch', label: 'Batch', choices: RW },
  { id: 'uploads', label: 'Uploads', choices: RW },
  { id: 'videos', label: 'Videos', choices: RW },
  { id: 'conversations', label: 'Conversations', choices: RW },
  { id: 'containers', label: 'Containers', choices: RW },
  { id: 'realtime', label: 'Realtime', choices: RW },
  { id: 'skills', label: 'Skills', choices: RW },
  { id: 'usage', label: 'Usage', choices: ['none', 'read'] },
] as const satisfies readonly { id: string; label: string; choices: readonly Access[] }[];

export type ResourceGroupId = (typeof RESOURCE_GROUPS)[number]['id'];
export type PermissionMatrix = Readonly<Record<ResourceGroupId, Access>>;

export type Permission =
  | { readonly level: 'all' }
  | { readonly level: 'read-only' }
  | { readonly level: 'restricted'; readonly matrix: PermissionMatrix };

export const PERMISSION_LEVEL_LABELS: Readonly<Record<PermissionLevel, string>> = {
  all: 'All',
  restricted: 'Restricted',
  'read-only': 'Read only',
};

export const ACCESS_LABELS: Readonly<Record<Access, string>> = {
  none: 'None',
  read: 'Read',
  write: 'Write',
  request: 'Request',
};

export function resourceGroup(id: ResourceGroupId): ResourceGroup {
  const group = RESOURCE_GROUPS.find((g) => g.id === id);
  if (!group) throw new Error(`Unknown resource group '${id}'.`);
  return group;
}

export function isResourceGroupId(value: unknown): value is ResourceGroupId {
  return typeof value === 'string' && RESOURCE_GROUPS.some((g) => g.id === value);
}

/** A matrix with every group set to None: the starting point of a Restricted key. */
export function emptyMatrix(): Record<ResourceGroupId, Access> {
  const matrix = {} as Record<ResourceGroupId, Access>;
  for (const g of RESOURCE_GROUPS) matrix[g.id] = 'none';
  return matrix;
}

/**
 * Validates a permission read from storage or from a user; throws with a reason on anything the
 * OpenAI platform could not produce (unknown groups, a choice a group does not offer).
 */
export function parsePermission(value: unknown): Permission {
  if (typeof value !== 'object' || value === null) throw new Error('Permission must be an object.');
  const { level, matrix } = value as { level?: unknown; matrix?: unknown };
  if (level === 'all' || level === 'read-only') return { level };
  if (level !== 'restricted') throw new Error(`Unknown permission level '${String(level)}'.`);
  if (typeof matrix !== 'object' || matrix === null) throw new Error('A Restricted key needs a permission matrix.');
  const result = emptyMatrix();
  for (const [id, access] of Object.entries(matrix)) {
    if (!isResourceGroupId(id)) throw new Error(`Unknown resource group '${id}'.`);
    const group = resourceGroup(id);
    if (!group.choices.includes(access as Access)) {
      throw new Error(`${group.label} cannot be set to '${String(access)}'; choose ${group.choices.map((c) => ACCESS_LABELS[c]).join(', ')}.`);
    }
    result[id] = access as Access;
  }
  return { level: 'restricted', matrix: result };
}

/** One line for a tree description or a quick pick: "Restricted (3 groups)". */
export function describePermission(permission: Permission): string {
  if (permission.level !== 'restricted') return PERMISSION_LEVEL_LABELS[permission.level];
  const granted = RESOURCE_GROUPS.filter((g) => permission.matrix[g.id] !== 'none').length;
  return `Restricted (${granted} of ${RESOURCE_GROUPS.length} groups)`;
}
