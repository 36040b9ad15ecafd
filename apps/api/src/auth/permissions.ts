import { SetMetadata } from '@nestjs/common';
import type { UserRole } from '../../../../libs/organisation/demo-organisation';
import { COMMAND_ROUTES, type CommandRoute } from '../../../../workflows/contract';
import type { AuditAction } from '../audit/audit.service';

/**
 * What a route requires. Every route declares one (the global guard refuses a route without), and
 * tests/api/route-permissions.spec.ts lists them all, so a change of who can reach an endpoint is
 * reviewed as such.
 */
export type Permission =
  /** Anyone, signed in or not: health, the report form's endpoint, login. */
  | 'public'
  /** Any signed-in person: who am I, logout. */
  | 'signed-in'
  | 'case:read'
  | 'case:write'
  | 'family:read'
  | 'family:write'
  | 'family:create'
  | 'family:export'
  | 'report:read'
  | 'handover:manage'
  /** Take an open coordinator task of one's team that nobody present holds. */
  | 'task:claim'
  /** Give an open task of a team one leads to another person of the team. */
  | 'task:reassign'
  | 'partner:actions'
  | 'audit:team'
  | 'audit:all'
  | 'organisation:read'
  | 'organisation:manage'
  | 'dead-letters:manage'
  | 'policies:read'
  | 'codec:decode'
  /** The admin's list of case ids with links to each case's workflow in Temporal UI (no case data). */
  | 'workflows:open';

/** The roles that hold a permission at all; which case, family or team they reach is the access rules' part. */
export const PERMISSION_ROLES: Record<Exclude<Permission, 'public' | 'signed-in'>, readonly UserRole[]> = {
  'case:read': ['coordinator', 'supervisor', 'head-of-department'],
  'case:write': ['coordinator', 'supervisor', 'head-of-department'],
  'family:read': ['coordinator', 'supervisor', 'head-of-department'],
  'family:write': ['coordinator', 'supervisor', 'head-of-department'],
  'family:create': ['coordinator', 'supervisor', 'head-of-department'],
  'family:export': ['supervisor', 'head-of-department'],
  'report:read': ['coordinator', 'supervisor', 'head-of-department'],
  'handover:manage': ['supervisor', 'head-of-department'],
  'task:claim': ['coordinator'],
  'task:reassign': ['supervisor', 'head-of-department'],
  'partner:actions': ['partner'],
  'audit:team': ['supervisor', 'head-of-department'],
  'audit:all': ['admin'],
  'organisation:read': ['supervisor', 'head-of-department', 'admin'],
  'organisation:manage': ['admin'],
  'dead-letters:manage': ['admin'],
  'policies:read': ['admin', 'supervisor', 'head-of-department'],
  'codec:decode': ['admin'],
  'workflows:open': ['admin'],
};

/**
 * The case data a route touches, named by a route parameter: the guard answers 404 for data out of
 * the person's reach, and every use is recorded in the audit trail under `audit` (e.g. 'case.read').
 * A task reaches as the measure, family or case that owns it.
 */
export type AccessScope = ({ case: string } | { measure: string } | { family: string } | { task: string }) & { audit: AuditAction };

export const PERMISSION_KEY = 'closer:permission';

export interface RouteAccess {
  permission: Permission;
  scope?: AccessScope;
  /**
   * A POST that changes nothing (the codec's decode and encode): no CSRF token needed, so Temporal
   * UI can call it with the admin's session cookie. Cross-origin reads are still limited by CORS.
   */
  changesNothing?: boolean;
}

/** Declares what a route requires (see Permission). */
export const RequirePermission = (permission: Permission, scope?: AccessScope, options: { changesNothing?: boolean } = {}) =>
  SetMetadata(PERMISSION_KEY, { permission, scope, ...options } satisfies RouteAccess);

/**
 * Where commands are sent, the permission each of those routes requires and the action the audit
 * trail records them under, as the command registry names them (workflows/command-registry.ts):
 * typed here, so a name that is no Permission or AuditAction does not compile.
 */
export const COMMAND_ROUTE_ACCESS: Readonly<Record<CommandRoute, { permission: Permission; audit: AuditAction }>> = COMMAND_ROUTES;
