/** The permission model of an OpenAI API key: a level, and for Restricted keys a matrix of groups. */

export type PermissionLevel = 'all' | 'restricted' | 'read-only';
export type Access = 'none' | 'read' | 'write' | 'request';

export interface ResourceGroup {
  readonly id: ResourceGroupId;
  readonly label: string;
  /** The settings the OpenAI platform offers for this group, weakest first. */
  readonly choices: readonly Access[];
  /** Set on groups that only admin keys (sk-admin-) use: the organization and usage routes. */
  readonly admin?: boolean;
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
  { id: 'chatkit', label: 'ChatKit', choices: RW },
  { id: 'usage', label: 'Usage', choices: ['none', 'read'], admin: true },
  { id: 'management', label: 'Management', choices: RW, admin: true },
] as const satisfies readonly { id: string; label: string; choices: readonly Access[]; admin?: boolean }[];

export type ResourceGroupId = (typeof RESOURCE_GROUPS)[number]['id'];

/**
 * A group's id as OpenAI's URLs and scope names spell it, snake_case (fine-tuning → fine_tuning). The
 * route classifier and the scope table each list only the few groups spelled otherwise.
 */
export function snakeName(id: ResourceGroupId): string {
  return id.replace(/-/g, '_');
}
export type PermissionMatrix = Readonly<Record<ResourceGroupId, Access>>;

/**
 * The sub-items the platform shows under "Model capabilities". They narrow the parent when it is
 * Request; with the parent at None they grant nothing (a known trap of the platform's form).
 */
export const MODEL_CAPABILITIES = [
  { id: 'responses', label: 'Responses (/v1/responses)' },
  { id: 'chat-completions', label: 'Chat completions (/v1/chat/completions)' },
  { id: 'embeddings', label: 'Embeddings (/v1/embeddings)' },
  { id: 'images', label: 'Images (/v1/images)' },
  { id: 'audio', label: 'Audio (/v1/audio)' },
  { id: 'moderations', label: 'Moderations (/v1/moderations)' },
] as const;

export type ModelCapabilityId = (typeof MODEL_CAPABILITIES)[number]['id'];
export type CapabilityMatrix = Readonly<Partial<Record<ModelCapabilityId, 'none' | 'request'>>>;

export type Permission =
  | { readonly level: 'all' }
  | { readonly level: 'read-only' }
  | {
      readonly level: 'restricted';
      readonly matrix: PermissionMatrix;
      /** Sub-items of Model capabilities; absent means "as the parent". */
      readonly capabilities?: CapabilityMatrix;
    };

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

/** Groups that apply to a kind of key: admin keys have the admin groups, every other key the rest. */
export function groupsForKeyKind(kind: string): readonly ResourceGroup[] {
  return RESOURCE_GROUPS.filter((g: ResourceGroup) => (kind === 'admin') === (g.admin === true));
}

export function isModelCapabilityId(value: unknown): value is ModelCapabilityId {
  return typeof value === 'string' && MODEL_CAPABILITIES.some((c) => c.id === value);
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
 * OpenAI platform could not produce (unknown groups, a choice a group does not offer, a Read only
 * key that claims writes).
 */
export function parsePermission(value: unknown): Permission {
  if (typeof value !== 'object' || value === null) throw new Error('Permission must be an object.');
  const { level, matrix, capabilities } = value as { level?: unknown; matrix?: unknown; capabilities?: unknown };
  if (level !== 'all' && level !== 'read-only' && level !== 'restricted') throw new Error(`Unknown permission level '${String(level)}'.`);
  return validatePermissionForLevel(level, matrix, capabilities);
}

/**
 * Builds the permission for a level from a matrix someone claims for it. A Restricted key needs a
 * valid matrix; a Read only key whose matrix claims Write or Request is impossible and rejected;
 * a matrix given with All or Read only (e.g. left over from an edit) is otherwise dropped.
 */
export function validatePermissionForLevel(level: PermissionLevel, matrix?: unknown, capabilities?: unknown): Permission {
  if (level === 'all') return { level };
  if (level === 'read-only') {
    if (matrix !== undefined && matrix !== null) {
      const parsed = parseMatrix(matrix);
      const group = RESOURCE_GROUPS.find((g) => parsed[g.id] === 'write' || parsed[g.id] === 'request');
      if (group) {
        throw new Error(`A Read only key cannot have ${group.label}: ${ACCESS_LABELS[parsed[group.id]]}; choose Restricted or All for a key that writes or calls models.`);
      }
    }
    return { level };
  }
  if (typeof matrix !== 'object' || matrix === null) throw new Error('A Restricted key needs a permission matrix.');
  const result: Permission = { level: 'restricted', matrix: parseMatrix(matrix) };
  if (capabilities === undefined || capabilities === null) return result;
  return { ...result, capabilities: parseCapabilities(capabilities) };
}

function parseMatrix(matrix: unknown): Record<ResourceGroupId, Access> {
  if (typeof matrix !== 'object' || matrix === null) throw new Error('Permission matrix must be an object.');
  const result = emptyMatrix();
  for (const [id, access] of Object.entries(matrix)) {
    if (!isResourceGroupId(id)) throw new Error(`Unknown resource group '${id}'.`);
    const group = resourceGroup(id);
    if (!group.choices.includes(access as Access)) {
      throw new Error(`${group.label} cannot be set to '${String(access)}'; choose ${group.choices.map((c) => ACCESS_LABELS[c]).join(', ')}.`);
    }
    result[id] = access as Access;
  }
  return result;
}

function parseCapabilities(value: unknown): CapabilityMatrix {
  if (typeof value !== 'object' || value === null) throw new Error('Model capability sub-items must be an object.');
  const result: Partial<Record<ModelCapabilityId, 'none' | 'request'>> = {};
  for (const [id, access] of Object.entries(value)) {
    if (!isModelCapabilityId(id)) throw new Error(`Unknown model capability '${id}'.`);
    if (access !== 'none' && access !== 'request') throw new Error(`Model capability '${id}' cannot be set to '${String(access)}'; choose None or Request.`);
    result[id] = access;
  }
  return result;
}

/** One line for a tree description or a quick pick: "Restricted (3 groups)". */
export function describePermission(permission: Permission): string {
  if (permission.level !== 'restricted') return PERMISSION_LEVEL_LABELS[permission.level];
  const admin = RESOURCE_GROUPS.some((g: ResourceGroup) => g.admin === true && permission.matrix[g.id] !== 'none');
  const groups = groupsForKeyKind(admin ? 'admin' : 'project');
  const granted = groups.filter((g) => permission.matrix[g.id] !== 'none').length;
  return `Restricted (${granted} of ${groups.length} groups)`;
}

/** A matrix that grants every group its strongest setting is the All level (what Detect Permissions saves). */
export function toPermission(matrix: PermissionMatrix): Permission {
  const groups = (RESOURCE_GROUPS as readonly ResourceGroup[]).filter((g) => !g.admin);
  const full = groups.every((g) => matrix[g.id] === g.choices[g.choices.length - 1]);
  return full ? { level: 'all' } : { level: 'restricted', matrix };
}

/** The access a permission declares for one group, as the platform labels it ("Read", "None"…). */
export function declaredAccess(permission: Permission, group: ResourceGroup): string {
  if (permission.level === 'all') return ACCESS_LABELS[group.choices[group.choices.length - 1]!];
  if (permission.level === 'read-only') return group.choices.includes('read') ? 'Read' : 'None';
  return ACCESS_LABELS[permission.matrix[group.id]];
}
