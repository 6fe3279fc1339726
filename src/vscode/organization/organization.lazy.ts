// The Organization view and the admin-key commands, loaded on first use (a separate chunk).
import { Services } from '../services';
import { createWorkspaceKey } from './create-workspace-key';
import { linkStoredKey } from './link-stored-key';
import { OrganizationController } from './organization-controller';
import { OrgLinksStore } from './org-links-store';
import { recommendLeastPrivilege } from './recommend-command';
import { revokeAndReplace } from './revoke-and-replace';
import { revokeKeyAtOpenAI } from './revoke-key';

export function createOrganization(services: Services, links: OrgLinksStore): OrganizationController {
  return new OrganizationController(services, links);
}

export { createWorkspaceKey, linkStoredKey, recommendLeastPrivilege, revokeAndReplace, revokeKeyAtOpenAI };
