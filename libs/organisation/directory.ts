/**
 * Who receives a deadline's step (resolveRecipient), from the organisation as it is at the step's
 * time: people, their absences and stand-ins, teams, the department, partner departments, read
 * through OrganisationRepository (libs/read-model). Every function takes the caller's Db (or its
 * repository), so it reads inside the caller's transaction.
 */
import type { AbsenceEntity } from '../db/entities/absence.entity';
import type { DepartmentEntity } from '../db/entities/department.entity';
import type { TeamEntity } from '../db/entities/team.entity';
import type { UserEntity } from '../db/entities/user.entity';
import { type Db, isUuid } from '../read-model/db';
import { OrganisationRepository } from '../read-model/organisation.repository';

const repository = (db: Db | OrganisationRepository): OrganisationRepository =>
  db instanceof OrganisationRepository ? db : new OrganisationRepository(db);

/** The person a login belongs to: the identity provider's `sub` claim. */
export const userBySubject = (db: Db, subject: string): Promise<UserEntity | null> => repository(db).userBySubject(subject);

/** The absence that covers `at`, with its stand-in. */
export const absenceAt = (db: Db, userId: string, at: Date = new Date()): Promise<(AbsenceEntity & { standIn: UserEntity }) | null> =>
  repository(db).absenceAt(userId, at);

/** The people who are away at `at` and have `userId` as their stand-in. */
export const standsInFor = (db: Db, userId: string, at: Date = new Date()): Promise<string[]> => repository(db).standsInFor(userId, at);

/** The team of a case or family with this team id: that team, or for none the department's intake team. */
export const teamOf = (db: Db, teamId: string | null | undefined): Promise<TeamEntity | null> => repository(db).teamOf(teamId);

// ---------------------------------------------------------------------------------------------
// Who a deadline's step goes to

/** The roles a task or an escalation names (workflows/contract.ts TaskAssignee). */
export type RecipientRole = 'coordinator' | 'deputy' | 'supervisor' | 'head-of-department' | 'partner';

/** How the person was found: in their own right, or standing in for someone away. */
export type RecipientVia =
  'assignee' | 'stand-in' | 'family-deputy' | 'team-deputy' | 'team-supervisor' | 'head-of-department' | 'partner-contact';

export type Recipient =
  | { userId: string; via: RecipientVia; standingInFor?: string }
  /** Nobody can receive it now; the reason names ids only (no personal data). */
  | { userId: null; reason: string };

export interface RecipientQuery {
  role: RecipientRole;
  /** The case's or family's team; none means the department's intake team. */
  teamId?: string | null;
  /** The person the task is assigned to, when the step goes to the assignee. */
  assigneeId?: string | null;
  /** The case's or family's coordinator: a coordinator task without an assignee goes to them. */
  coordinatorId?: string | null;
  familyDeputyId?: string | null;
  /** For partner tasks: the department that owns the action (or a contact person's user id). */
  partnerDepartmentId?: string | null;
  /** When the step fires: absences are looked up at this instant. */
  at: Date;
}

/**
 * The person who receives a task's step at `at`, by the role it names:
 * - coordinator: the assignee (or the case's coordinator), or their stand-in while away; with none
 *   of them present, the team's supervisor as below (who reassigns);
 * - supervisor: the team's supervisor; while away, the team's deputy, else the supervisor's own
 *   stand-in; else the head of department;
 * - deputy: the family's deputy, else the team's deputy (each or their stand-in); else the supervisor;
 * - head-of-department: the head, or their stand-in while away;
 * - partner: the first active contact person of the partner department who is not away (or, for an
 *   action owned by a person, that person or their stand-in).
 * A person named as the assignee of a supervisor's, deputy's or head's task is asked first.
 * Someone who has left (inactive) is passed over like someone away without a stand-in.
 */
export async function resolveRecipient(db: Db | OrganisationRepository, q: RecipientQuery): Promise<Recipient> {
  return new RecipientResolver(repository(db), validDate(q.at), q).resolve();
}

class RecipientResolver {
  private readonly users = new Map<string, Promise<UserEntity | null>>();
  private readonly notes: string[] = [];
  private departmentRow?: Promise<DepartmentEntity | null>;
  private teamRow?: Promise<TeamEntity | null>;

  constructor(
    private readonly org: OrganisationRepository,
    private readonly at: Date,
    private readonly q: RecipientQuery,
  ) {}

  async resolve(): Promise<Recipient> {
    const found = await this.chain();
    return found ?? { userId: null, reason: this.notes.join('; ') || 'nobody can receive it' };
  }

  private async chain(): Promise<Recipient | undefined> {
    const q = this.q;
    switch (q.role) {
      case 'coordinator':
        if (!q.assigneeId && !q.coordinatorId) this.notes.push('the task has no coordinator');
        return (await this.person(q.assigneeId ?? q.coordinatorId, 'assignee', 'coordinator')) ?? this.supervisor();
      case 'supervisor':
        return (await this.person(q.assigneeId, 'assignee', 'assignee')) ?? this.supervisor();
      case 'deputy':
        return (
          (await this.person(q.assigneeId, 'assignee', 'assignee')) ??
          (await this.person(q.familyDeputyId, 'family-deputy', 'family deputy')) ??
          (await this.teamDeputy()) ??
          this.supervisor()
        );
      case 'head-of-department':
        return (await this.person(q.assigneeId, 'assignee', 'assignee')) ?? this.head();
      case 'partner':
        return this.partner(q.partnerDepartmentId ?? q.assigneeId);
      default:
        this.notes.push(`role ${String(q.role)} is not known`);
        return undefined;
    }
  }

  /** The person if present, else their stand-in if present; notes why not otherwise. */
  private async person(id: string | null | undefined, via: RecipientVia, what: string): Promise<Recipient | undefined> {
    if (!id) return undefined;
    const user = await this.user(id);
    if (!user) {
      this.notes.push(`${what} ${id} is not a known user`);
      return undefined;
    }
    if (!user.active) {
      this.notes.push(`${what} ${id} is inactive`);
      return undefined;
    }
    const absence = await this.org.absenceAt(id, this.at);
    if (!absence) return { userId: id, via };
    const standIn = await this.presentStandIn(id, absence.standInId);
    if (standIn) return standIn;
    this.notes.push(`${what} ${id} is away and their stand-in ${absence.standInId} cannot take it`);
    return undefined;
  }

  private async presentStandIn(absentId: string, standInId: string): Promise<Recipient | undefined> {
    if (await this.present(standInId)) return { userId: standInId, via: 'stand-in', standingInFor: absentId };
    return undefined;
  }

  /** Active and not away at the time. */
  private async present(id: string | null | undefined): Promise<boolean> {
    if (!id) return false;
    const user = await this.user(id);
    return !!user && user.active && !(await this.org.absenceAt(id, this.at));
  }

  private team(): Promise<TeamEntity | null> {
    this.teamRow ??= (async () => {
      const team = this.q.teamId
        ? await this.org.findTeam(this.q.teamId)
        : await this.org.findTeam((await this.department())?.intakeTeamId);
      if (!team) this.notes.push(this.q.teamId ? `team ${this.q.teamId} is not known` : 'the department has no intake team');
      return team;
    })();
    return this.teamRow;
  }

  private async teamDeputy(): Promise<Recipient | undefined> {
    const team = await this.team();
    if (!team?.deputyId) return undefined;
    return this.person(team.deputyId, 'team-deputy', 'team deputy');
  }

  private async supervisor(): Promise<Recipient | undefined> {
    const team = await this.team();
    if (team) {
      const supervisorId = team.supervisorId;
      if (await this.present(supervisorId)) return { userId: supervisorId!, via: 'team-supervisor' };
      if (await this.present(team.deputyId)) return { userId: team.deputyId!, via: 'team-deputy' };
      if (supervisorId) {
        const absence = await this.org.absenceAt(supervisorId, this.at);
        const standIn = absence && (await this.presentStandIn(supervisorId, absence.standInId));
        if (standIn) return standIn;
      }
      this.notes.push(`neither supervisor nor deputy of team ${team.id} is present`);
    }
    return this.head();
  }

  private async head(): Promise<Recipient | undefined> {
    const headId = (await this.department())?.headId;
    if (!headId) {
      this.notes.push('the department has no head');
      return undefined;
    }
    return this.person(headId, 'head-of-department', 'head of department');
  }

  private async partner(owner: string | null | undefined): Promise<Recipient | undefined> {
    if (!owner) {
      this.notes.push('the task names no partner department');
      return undefined;
    }
    const partnerDepartment = await this.org.findPartnerDepartment(owner);
    if (!partnerDepartment) {
      if (isUuid(owner) && (await this.user(owner))) return this.person(owner, 'assignee', 'partner contact');
      this.notes.push(`${owner} is neither a partner department nor a user`);
      return undefined;
    }
    const contacts = await this.org.contactsOf(partnerDepartment.id, { activeOnly: true });
    for (const c of contacts) if (!(await this.org.absenceAt(c.id, this.at))) return { userId: c.id, via: 'partner-contact' };
    for (const c of contacts) {
      const absence = await this.org.absenceAt(c.id, this.at);
      const standIn = absence && (await this.presentStandIn(c.id, absence.standInId));
      if (standIn) return standIn;
    }
    this.notes.push(`partner department ${partnerDepartment.id} has no contact person present`);
    return undefined;
  }

  private user(id: string): Promise<UserEntity | null> {
    let found = this.users.get(id);
    if (!found) {
      found = this.org.findUser(id);
      this.users.set(id, found);
    }
    return found;
  }

  private department(): Promise<DepartmentEntity | null> {
    this.departmentRow ??= this.org.department();
    return this.departmentRow;
  }
}

function validDate(at: Date): Date {
  return at instanceof Date && !Number.isNaN(at.getTime()) ? at : new Date();
}
