// Keys and permissions for the permission-check tests: a project key on OpenAI's API, and a Restricted
// permission built from the groups a test names (every other group None).
import { RouteCatalogue } from '../../src/core/catalogue/route-catalogue';
import { ROUTE_ROWS } from '../../src/core/catalogue/route-catalogue.data';
import type { CheckedKey } from '../../src/core/permissions/permission-check';
import { Access, CapabilityMatrix, Permission, ResourceGroupId, emptyMatrix } from '../../src/core/permissions/permission-model';

export const catalogue = new RouteCatalogue(ROUTE_ROWS);
export const OPENAI = 'https://api.openai.com/v1';

export function key(permission: Permission, extra: Partial<CheckedKey> = {}): CheckedKey {
  return { name: 'ci-bot', kind: 'project', baseUrl: OPENAI, permission, ...extra };
}

export function restricted(groups: Partial<Record<ResourceGroupId, Access>>, capabilities?: CapabilityMatrix): Permission {
  return { level: 'restricted', matrix: { ...emptyMatrix(), ...groups }, ...(capabilities ? { capabilities } : {}) };
}
