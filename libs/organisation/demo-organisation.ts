/**
 * The small demo organisation the dev stack and the tests seed: one department with its head, two
 * teams, coordinators, supervisors, partner departments with contact people, and an admin. The
 * local OpenID provider logs these people in (with DEMO_PASSWORD); the read model's organisation
 * tables hold them. Pure data: no I/O. Ids are fixed, so a seed run twice changes nothing.
 */

/** Roles a person can hold in Closer (PRODUCT.md section 1). */
export type UserRole = 'coordinator' | 'supervisor' | 'head-of-department' | 'partner' | 'admin';
export const USER_ROLES: readonly UserRole[] = ['coordinator', 'supervisor', 'head-of-department', 'partner', 'admin'];

/** Departments Closer works with (samarbejdspartnere). */
export type PartnerKind = 'jobcenter' | 'school' | 'health' | 'adult-social-services';
export const PARTNER_KINDS: readonly PartnerKind[] = ['jobcenter', 'school', 'health', 'adult-social-services'];

export interface DemoUser {
  id: string;
  /** The login name at the local OpenID provider (its `sub` claim is the user's id). */
  username: string;
  displayName: string;
  email: string;
  roles: UserRole[];
  teamId: string | null;
  partnerDepartmentId: string | null;
  caseloadTarget: number | null;
}

export interface DemoTeam {
  id: string;
  name: string;
  supervisorId: string;
  deputyId: string | null;
}

export interface DemoPartnerDepartment {
  id: string;
  kind: PartnerKind;
  name: string;
  email: string | null;
}

export interface DemoDepartment {
  id: string;
  name: string;
  headId: string;
  /** New reports land in this team until a coordinator is assigned (modtagelsen). */
  intakeTeamId: string;
}

/** The password of every demo user at the local OpenID provider. Never used outside dev and tests. */
export const DEMO_PASSWORD = 'closer-demo';

const id = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const DEMO_IDS = {
  head: id(1),
  supervisorNorth: id(2),
  supervisorSouth: id(3),
  anna: id(11),
  mikkel: id(12),
  freja: id(13),
  omar: id(14),
  lene: id(21),
  peter: id(22),
  admin: id(31),
} as const;

export const DEMO_DEPARTMENT: DemoDepartment = {
  id: 'dept-children-families',
  name: 'Børn og Familie',
  headId: DEMO_IDS.head,
  intakeTeamId: 'team-north',
};

export const DEMO_TEAMS: DemoTeam[] = [
  { id: 'team-north', name: 'Team Nord', supervisorId: DEMO_IDS.supervisorNorth, deputyId: DEMO_IDS.mikkel },
  { id: 'team-south', name: 'Team Syd', supervisorId: DEMO_IDS.supervisorSouth, deputyId: null },
];

export const DEMO_PARTNER_DEPARTMENTS: DemoPartnerDepartment[] = [
  { id: 'partner-jobcenter', kind: 'jobcenter', name: 'Jobcenter', email: 'jobcenter@closer.test' },
  { id: 'partner-school', kind: 'school', name: 'Skole og PPR', email: 'skole@closer.test' },
  { id: 'partner-health', kind: 'health', name: 'Sundhedsplejen', email: 'sundhedspleje@closer.test' },
  { id: 'partner-adult', kind: 'adult-social-services', name: 'Voksenområdet', email: null },
];

const user = (
  idValue: string,
  username: string,
  displayName: string,
  roles: UserRole[],
  teamId: string | null,
  extra: Partial<DemoUser> = {},
): DemoUser => ({
  id: idValue,
  username,
  displayName,
  email: `${username}@closer.test`,
  roles,
  teamId,
  partnerDepartmentId: null,
  caseloadTarget: roles.includes('coordinator') ? 25 : null,
  ...extra,
});

export const DEMO_USERS: DemoUser[] = [
  user(DEMO_IDS.head, 'hanne', 'Hanne Holm', ['head-of-department'], null),
  user(DEMO_IDS.supervisorNorth, 'sofie', 'Sofie Lund', ['supervisor'], 'team-north'),
  user(DEMO_IDS.supervisorSouth, 'jonas', 'Jonas Berg', ['supervisor'], 'team-south'),
  user(DEMO_IDS.anna, 'anna', 'Anna Kjær', ['coordinator'], 'team-north'),
  user(DEMO_IDS.mikkel, 'mikkel', 'Mikkel Dahl', ['coordinator'], 'team-north'),
  user(DEMO_IDS.freja, 'freja', 'Freja Nørgaard', ['coordinator'], 'team-south'),
  user(DEMO_IDS.omar, 'omar', 'Omar Haddad', ['coordinator'], 'team-south'),
  user(DEMO_IDS.lene, 'lene', 'Lene Jobcenter', ['partner'], null, { partnerDepartmentId: 'partner-jobcenter' }),
  user(DEMO_IDS.peter, 'peter', 'Peter Skole', ['partner'], null, { partnerDepartmentId: 'partner-school' }),
  user(DEMO_IDS.admin, 'admin', 'Ada Admin', ['admin'], null),
];
