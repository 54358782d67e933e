import { createAccessControl } from 'better-auth/plugins/access';
import { adminAc, defaultStatements, memberAc, ownerAc } from 'better-auth/plugins/organization/access';

/** A member's role in one tenant (organization). Operators are a platform role, not one of these. */
export const TENANT_ROLES = ['owner', 'admin', 'manager', 'employee'] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export function isTenantRole(value: string): value is TenantRole {
  return (TENANT_ROLES as readonly string[]).includes(value);
}

/**
 * The one of two roles with fewer rights (TENANT_ROLES runs from most to fewest), or null when
 * either is not a role: an API key acts with its own role, but never above its creator's now.
 */
export function lesserRole(a: string, b: string): TenantRole | null {
  if (!isTenantRole(a) || !isTenantRole(b)) return null;
  return TENANT_ROLES[Math.max(TENANT_ROLES.indexOf(a), TENANT_ROLES.indexOf(b))] ?? null;
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
