/**
 * Places an OpenAI route in the permission model: the resource group of the platform's key form,
 * the kind of access (read, write, model request) and whether only admin keys may call it.
 * Used by the catalogue generator and by the test that runs it over the whole official spec.
 */
import { RESOURCE_GROUPS, snakeName, type ModelCapabilityId, type ResourceGroup, type ResourceGroupId } from '../permissions/permission-model';
import type { HttpMethod, RouteAccess } from './route-types';

export interface RouteClass {
  readonly group: ResourceGroupId;
  readonly access: RouteAccess;
  readonly adminOnly: boolean;
  readonly capability?: ModelCapabilityId;
  /** Set on APIs that no longer answer. */
  readonly shutDown?: string;
}

export interface ClassifierInput {
  readonly method: HttpMethod;
  /** Path template without /v1 and without query, e.g. /files/{file_id}. */
  readonly path: string;
  /** The spec says the route takes an admin key (security scheme or description). */
  readonly adminAuth?: boolean;
}

/** The Assistants and Threads APIs were shut down on this date. */
export const ASSISTANTS_SHUTDOWN = '2026-08-26';

/** Where a URL spells a group other than its snake_case name (see snakeName). */
const SEGMENT_SPELLINGS: Partial<Record<ResourceGroupId, string>> = { batch: 'batches' };

/** First path segment → group, for the groups a route's path names (not the model calls, not the admin groups). */
const BY_SEGMENT: Readonly<Record<string, ResourceGroupId>> = Object.fromEntries(
  (RESOURCE_GROUPS as readonly ResourceGroup[])
    .filter((g) => !g.admin && g.id !== 'model-capabilities')
    .map((g) => [SEGMENT_SPELLINGS[g.id] ?? snakeName(g.id), g.id]),
);

/** First path segments of model calls, with the Model capabilities sub-item each falls under. */
const MODEL_SEGMENTS: Readonly<Record<string, ModelCapabilityId | undefined>> = {
  chat: 'chat-completions',
  completions: undefined,
  embeddings: 'embeddings',
  images: 'images',
  audio: 'audio',
  moderations: 'moderations',
  content_provenance_checks: undefined,
};

function plainAccess(method: HttpMethod): RouteAccess {
  return method === 'GET' ? 'read' : 'write';
}

/** Classifies one route; undefined when no rule places it (the catalogue test prints such routes). */
export function classifyRoute(input: ClassifierInput): RouteClass | undefined {
  const { method, path } = input;
  const segments = path.split('/').filter((s) => s.length > 0);
  const first = segments[0];
  if (first === undefined) return undefined;

  // Admin API: /organization/*, the project RBAC routes, and anything the spec marks admin-only.
  if (input.adminAuth || first === 'organization' || (first === 'projects' && segments.includes('roles'))) {
    const usage = path.startsWith('/organization/usage/') || path === '/organization/costs';
    return { group: usage ? 'usage' : 'management', access: plainAccess(method), adminOnly: true };
  }

  if (first in MODEL_SEGMENTS) {
    const capability = MODEL_SEGMENTS[first];
    const modelCall =
      method === 'POST' &&
      (path === '/chat/completions' ||
        path === '/completions' ||
        path === '/embeddings' ||
        path === '/moderations' ||
        path === '/content_provenance_checks' ||
        path.startsWith('/images/') ||
        ['/audio/speech', '/audio/transcriptions', '/audio/translations'].includes(path));
    const access = modelCall ? 'request' : plainAccess(method);
    return { group: 'model-capabilities', access, adminOnly: false, ...(capability ? { capability } : {}) };
  }

  const group = BY_SEGMENT[first];
  if (group === undefined) return undefined;

  if (group === 'models') {
    // Deleting a model deletes a fine-tuned model; List models only offers Read.
    return method === 'GET' ? { group, access: 'read', adminOnly: false } : { group: 'fine-tuning', access: 'write', adminOnly: false };
  }
  if (group === 'responses') {
    const modelCall = method === 'POST' && (path === '/responses' || path === '/responses/compact');
    return { group, access: modelCall ? 'request' : plainAccess(method), adminOnly: false, capability: 'responses' };
  }
  if (group === 'assistants' || group === 'threads') {
    const run = method === 'POST' && /^\/threads(\/\{[^}]+\})?\/runs$/.test(path);
    return { group, access: run ? 'request' : plainAccess(method), adminOnly: false, shutDown: ASSISTANTS_SHUTDOWN };
  }
  return { group, access: plainAccess(method), adminOnly: false };
}
