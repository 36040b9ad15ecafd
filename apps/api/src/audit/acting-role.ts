import type { UserRole } from '../../../../libs/organisation/demo-organisation';
import { type Permission, PERMISSION_ROLES } from '../auth/permissions';
import type { Principal } from '../auth/principal';

/**
 * The role a person acted in on a route of this permission, for the audit record: the first of
 * their roles that holds it (a person with several roles acts in the one that grants the access).
 */
export function actingRole(principal: Pick<Principal, 'roles'>, permission: Permission): UserRole | string {
  const holders = permission === 'public' || permission === 'signed-in' ? undefined : PERMISSION_ROLES[permission];
  return principal.roles.find((r) => !holders || holders.includes(r)) ?? principal.roles[0] ?? 'none';
}
