import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements, memberAc, ownerAc } from 'better-auth/plugins/organization/access';

/** A member's role in one tenant (organization). Operators are a platform role, not one of these. */
export const TENANT_ROLES = ['owner', 'admin', 'manager', 'employee'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export function isTenantRole(value: string): value is TenantRole {
  return (TENANT_ROLES as readonly string[]).includes(value);
}

/**
 * What each role may do to the organization itself (members, invitations), enforced by
 * better-auth's organization plugin. What they may do to tenant data (shifts, timesheets) is
 * enforced by `requireRole` on each route.
 */
export const accessControl = createAccessControl(defaultStatements);

export const organizationRoles = {
  owner: accessControl.newRole(ownerAc.statements),
  admin: accessControl.newRole(adminAc.statements),
  manager: accessControl.newRole(memberAc.statements),
  employee: accessControl.newRole(memberAc.statements),
};
