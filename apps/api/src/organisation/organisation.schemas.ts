/**
 * The bodies of the organisation's admin endpoints: strict objects (an unknown field is refused),
 * every string bounded. Checked at the edge (400 naming the field) and published as the request
 * bodies in OpenAPI, both by the routes' ValidBody (apps/api/src/common/valid-body.decorator.ts).
 */
import { z } from 'zod';
import { PARTNER_KINDS, type PartnerKind, USER_ROLES, type UserRole } from '../../../../libs/organisation/demo-organisation';
import { isoDate, LIMITS, printable } from '../../../../workflows/command-schemas';

/** Ids of teams and partner departments: they travel into cases and search attributes, so no names of people. */
export const SLUG = /^[a-z0-9][a-z0-9-]*$/;
// Patterns as refinements, so the refusal says what is allowed (schemaIssue words a regex's own issue generically).
export const slug = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .refine((v) => SLUG.test(v), 'must be lower-case letters, digits and dashes');
const userId = z.uuid({ error: 'must be a UUID' });
const displayName = printable(LIMITS.name);
const email = z.email({ error: 'must be an email address' }).max(254);
const username = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .refine((v) => /^[a-z0-9][a-z0-9._@-]*$/.test(v), 'must be lower-case letters, digits and . _ @ -');
const roles = z
  .array(z.enum(USER_ROLES as [UserRole, ...UserRole[]]))
  .min(1)
  .max(USER_ROLES.length);
const caseloadTarget = z.int().min(0).max(500);

export const createUserSchema = z.strictObject({
  username,
  displayName,
  email,
  roles,
  teamId: slug.nullable().optional(),
  partnerDepartmentId: slug.nullable().optional(),
  caseloadTarget: caseloadTarget.nullable().optional(),
  active: z.boolean().optional(),
  /** The identity provider's `sub` claim; the local provider's is the user's id (the default). */
  subject: printable(255).optional(),
});
export type CreateUserBody = z.infer<typeof createUserSchema>;

export const updateUserSchema = z.strictObject({
  displayName: displayName.optional(),
  email: email.optional(),
  roles: roles.optional(),
  teamId: slug.nullable().optional(),
  partnerDepartmentId: slug.nullable().optional(),
  caseloadTarget: caseloadTarget.nullable().optional(),
  active: z.boolean().optional(),
  subject: printable(255).optional(),
});
export type UpdateUserBody = z.infer<typeof updateUserSchema>;

export const createAbsenceSchema = z.strictObject({
  startsAt: isoDate,
  endsAt: isoDate,
  standInId: userId,
  /** Short and optional ("ferie", "kursus"); never a diagnosis. */
  reason: printable(200).optional(),
});
export type CreateAbsenceBody = z.infer<typeof createAbsenceSchema>;

export const createTeamSchema = z.strictObject({
  id: slug,
  name: displayName,
  supervisorId: userId.nullable().optional(),
  deputyId: userId.nullable().optional(),
});
export type CreateTeamBody = z.infer<typeof createTeamSchema>;

export const updateTeamSchema = z.strictObject({
  name: displayName.optional(),
  supervisorId: userId.nullable().optional(),
  deputyId: userId.nullable().optional(),
});
export type UpdateTeamBody = z.infer<typeof updateTeamSchema>;

export const putDepartmentSchema = z.strictObject({
  name: displayName,
  headId: userId.nullable(),
  intakeTeamId: slug.nullable(),
});
export type PutDepartmentBody = z.infer<typeof putDepartmentSchema>;

const partnerKind = z.enum(PARTNER_KINDS as [PartnerKind, ...PartnerKind[]]);

export const createPartnerDepartmentSchema = z.strictObject({
  id: slug,
  kind: partnerKind,
  name: displayName,
  email: email.nullable().optional(),
});
export type CreatePartnerDepartmentBody = z.infer<typeof createPartnerDepartmentSchema>;

export const updatePartnerDepartmentSchema = z.strictObject({
  kind: partnerKind.optional(),
  name: displayName.optional(),
  email: email.nullable().optional(),
});
export type UpdatePartnerDepartmentBody = z.infer<typeof updatePartnerDepartmentSchema>;
