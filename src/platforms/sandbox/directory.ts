// PlatformDirectory for the sandbox. Its people carry their language and timezone in the database
// already; what it tells is who they are: the customers' contacts belong to the customer's
// organisation (they answer polls, and are never staff), everyone else is one of our members.
import type { PlatformDirectory } from '../../chat/bot-types.js';
import type { Workspace } from '../../domain/staff.js';
import { CUSTOMER_WORKSPACE, isCustomerPerson } from './adapter.js';

/** Our own company in the sandbox. */
export const SANDBOX_WORKSPACE: Workspace = { id: 'sandbox-company' };

export function createSandboxDirectory(): PlatformDirectory {
  return {
    lookupProfile: async (externalId) =>
      isCustomerPerson(externalId) ? { kind: 'external', workspace: { id: CUSTOMER_WORKSPACE } } : { kind: 'member', workspace: SANDBOX_WORKSPACE },
    homeWorkspace: async () => SANDBOX_WORKSPACE,
  };
}
