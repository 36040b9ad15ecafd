import { IsNull, Not } from 'typeorm';
import { AbsenceEntity, DepartmentEntity, PartnerDepartmentEntity, TeamEntity, UserEntity } from '../db/entities';
import type { DemoDepartment, DemoPartnerDepartment, DemoTeam, DemoUser } from '../organisation/demo-organisation';
import { type Db, isUuid } from './db';

export interface Named {
  id: string;
  name: string;
}

/** Upper bound of a list of choices a page offers (a team's coordinators, the partner departments). */
const MAX_CHOICES = 200;

/**
 * Who is who: people, their absences and stand-ins, teams, the department, partner departments.
 * Read by the API (logins, access rules, pages), the activities (who a deadline's step goes to) and
 * written by the admins' organisation pages and the demo seed.
 *
 * An id that cannot be a user's (older cases carry free-text coordinator names) is an unknown
 * person: it is never sent to PostgreSQL as a uuid it would refuse (that would abort the caller's
 * transaction).
 */
export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  // -------------------------------------------------------------------------------------------
  // People

  async findUser(userId: string | null | undefined, { lock = false } = {}): Promise<UserEntity | null> {
    if (!isUuid(userId)) return null;
    if (!lock) return this.db.getRepository(UserEntity).findOneBy({ id: userId });
    return this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.id = :id', { id: userId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /** The person a login belongs to: the identity provider's `sub` claim. */
  async userBySubject(subject: string): Promise<UserEntity | null> {
    if (typeof subject !== 'string' || subject.length === 0) return null;
    return this.db.getRepository(UserEntity).findOneBy({ subject });
  }

  /** Everyone, by name. */
  users(): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).find({ order: { displayName: 'ASC', id: 'ASC' } });
  }

  /** Display names of staff by id (ids that are not a user's are left out). */
  async names(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter(isUuid))];
    if (wanted.length === 0) return new Map();
    const rows = (await this.db.query('SELECT id::text AS id, display_name FROM users WHERE id = ANY($1::uuid[])', [wanted])) as {
      id: string;
      display_name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** The team's active coordinators, by name: whom a case, a task or a caseload can go to. */
  async coordinatorsOf(teamId: string): Promise<Named[]> {
    return (await this.db.query(
      `SELECT id::text AS id, display_name AS name FROM users
        WHERE team_id = $1 AND active AND 'coordinator' = ANY(roles) ORDER BY display_name, id LIMIT ${MAX_CHOICES}`,
      [teamId],
    )) as Named[];
  }

  /** Whether the person is an active coordinator of the team. */
  async isActiveCoordinatorOf(userId: string, teamId: string): Promise<boolean> {
    const [row] = (await this.db.query(
      `SELECT 1 FROM users WHERE id::text = $1 AND active AND 'coordinator' = ANY(roles) AND team_id = $2`,
      [userId, teamId],
    )) as unknown[];
    return !!row;
  }

  /** Whether the person is active with the role, in the team (anywhere for the head of department). */
  async isActiveInRole(userId: string, role: string, teamId: string | null): Promise<boolean> {
    const [row] = (await this.db.query(
      `SELECT 1 FROM users WHERE id::text = $1 AND active AND $2 = ANY(roles) AND ($2 = 'head-of-department' OR team_id = $3)`,
      [userId, role, teamId],
    )) as unknown[];
    return !!row;
  }

  /** The team a person works in (null: none, or not a person). */
  async teamOfUser(userId: string): Promise<string | null> {
    const [row] = (await this.db.query('SELECT team_id FROM users WHERE id::text = $1', [userId])) as { team_id: string | null }[];
    return row?.team_id ?? null;
  }

  /** Whether another user than `exceptId` has this username, email or subject already. */
  async isTaken(field: 'username' | 'email' | 'subject', value: string, exceptId: string): Promise<boolean> {
    return this.db
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where(`u.${field} = :value AND u.id <> :id`, { value, id: exceptId })
      .getExists();
  }

  async insertUser(
    user: Pick<
      UserEntity,
      'id' | 'subject' | 'username' | 'displayName' | 'email' | 'roles' | 'teamId' | 'partnerDepartmentId' | 'caseloadTarget' | 'active'
    >,
  ): Promise<void> {
    await this.db.getRepository(UserEntity).insert(user);
  }

  async updateUser(id: string, change: Partial<UserEntity>): Promise<void> {
    await this.db.getRepository(UserEntity).update({ id }, change);
  }

  /** Contact people of partner departments (one department, or all), by name. */
  contactsOf(partnerDepartmentId?: string, { activeOnly = false } = {}): Promise<UserEntity[]> {
    return this.db.getRepository(UserEntity).find({
      where: { partnerDepartmentId: partnerDepartmentId ?? Not(IsNull()), ...(activeOnly ? { active: true } : {}) },
      order: { displayName: 'ASC', id: 'ASC' },
    });
  }

  // -------------------------------------------------------------------------------------------
  // Absences

  /** The absence that covers `at` (from its start, up to but not including its end), with its stand-in. */
  async absenceAt(userId: string, at: Date = new Date()): Promise<(AbsenceEntity & { standIn: UserEntity }) | null> {
    if (!isUuid(userId)) return null;
    const absence = await this.db
      .getRepository(AbsenceEntity)
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.standIn', 'standIn')
      .where('a.user_id = :userId AND a.starts_at <= :at AND a.ends_at > :at', { userId, at: validDate(at) })
      // Overlapping absences: the one registered for the latest start decides.
      .orderBy('a.starts_at', 'DESC')
      .addOrderBy('a.created_at', 'DESC')
      .getOne();
    return (absence as (AbsenceEntity & { standIn: UserEntity }) | null) ?? null;
  }

  /** The people who are away at `at` and have `userId` as their stand-in: whose cases `userId` covers. */
  async standsInFor(userId: string, at: Date = new Date()): Promise<string[]> {
    if (!isUuid(userId)) return [];
    const rows = (await this.db.query(
      `SELECT DISTINCT user_id FROM absences WHERE stand_in_id = $1 AND starts_at <= $2 AND ends_at > $2 ORDER BY user_id`,
      [userId, validDate(at)],
    )) as { user_id: string }[];
    return rows.map((r) => r.user_id);
  }

  absencesOf(userId: string): Promise<AbsenceEntity[]> {
    return this.db.getRepository(AbsenceEntity).find({ where: { userId }, order: { startsAt: 'ASC', id: 'ASC' } });
  }

  findAbsence(id: string): Promise<AbsenceEntity | null> {
    return this.db.getRepository(AbsenceEntity).findOneBy({ id });
  }

  /** How many absences of the person overlap the span. */
  overlappingAbsences(userId: string, startsAt: Date, endsAt: Date): Promise<number> {
    return this.db
      .getRepository(AbsenceEntity)
      .createQueryBuilder('a')
      .where('a.user_id = :userId AND a.starts_at < :endsAt AND a.ends_at > :startsAt', { userId, startsAt, endsAt })
      .getCount();
  }

  async insertAbsence(absence: Pick<AbsenceEntity, 'id' | 'userId' | 'startsAt' | 'endsAt' | 'standInId' | 'reason'>): Promise<void> {
    await this.db.getRepository(AbsenceEntity).insert(absence);
  }

  /** Deletes the person's absence; false when they have none with that id. */
  async deleteAbsence(userId: string, absenceId: string): Promise<boolean> {
    const { affected } = await this.db.getRepository(AbsenceEntity).delete({ id: absenceId, userId });
    return !!affected;
  }

  // -------------------------------------------------------------------------------------------
  // Teams

  async findTeam(teamId: string | null | undefined, { lock = false } = {}): Promise<TeamEntity | null> {
    if (typeof teamId !== 'string' || teamId.length === 0) return null;
    if (!lock) return this.db.getRepository(TeamEntity).findOneBy({ id: teamId });
    return this.db
      .getRepository(TeamEntity)
      .createQueryBuilder('t')
      .where('t.id = :id', { id: teamId })
      .setLock('pessimistic_write')
      .getOne();
  }

  /**
   * The team a case or family with this team id belongs to: that team, or for one without a team
   * (a new report nobody has taken yet) the department's intake team. Null when neither is known.
   */
  async teamOf(teamId: string | null | undefined): Promise<TeamEntity | null> {
    if (teamId) return this.findTeam(teamId);
    return this.findTeam((await this.department())?.intakeTeamId);
  }

  teamExists(id: string): Promise<boolean> {
    return this.db.getRepository(TeamEntity).existsBy({ id });
  }

  /** Every team by id (the admin's list). */
  teams(): Promise<TeamEntity[]> {
    return this.db.getRepository(TeamEntity).find({ order: { id: 'ASC' } });
  }

  /** Every team's id and name, by name. */
  async teamNames(): Promise<Named[]> {
    return (await this.db.query('SELECT id, name FROM teams ORDER BY name, id')) as Named[];
  }

  async teamName(teamId: string): Promise<string | null> {
    const [row] = (await this.db.query('SELECT name FROM teams WHERE id = $1', [teamId])) as { name: string }[];
    return row?.name ?? null;
  }

  /** The team's supervisor and deputy; null for a team that does not exist. */
  async leadsOf(teamId: string): Promise<{ supervisorId: string | null; deputyId: string | null } | null> {
    const [row] = (await this.db.query('SELECT supervisor_id::text AS s, deputy_id::text AS d FROM teams WHERE id = $1', [teamId])) as {
      s: string | null;
      d: string | null;
    }[];
    return row ? { supervisorId: row.s, deputyId: row.d } : null;
  }

  /** Whether the person is the team's supervisor (`orDeputy`: or its deputy). */
  async leads(teamId: string | null, userId: string, { orDeputy }: { orDeputy: boolean }): Promise<boolean> {
    const [row] = (await (orDeputy
      ? this.db.query('SELECT 1 FROM teams WHERE id = $1 AND (supervisor_id = $2 OR deputy_id = $2)', [teamId, userId])
      : this.db.query('SELECT 1 FROM teams WHERE id = $1 AND supervisor_id = $2', [teamId, userId]))) as unknown[];
    return !!row;
  }

  /** The ids of every team. */
  async teamIds(): Promise<string[]> {
    return ((await this.db.query('SELECT id FROM teams')) as { id: string }[]).map((r) => r.id);
  }

  /** The teams the person supervises or deputises for, by id, with who holds which post. */
  async teamsLedBy(userId: string): Promise<{ id: string; supervisorId: string | null; deputyId: string | null }[]> {
    const rows = (await this.db.query(
      `SELECT id, supervisor_id::text AS s, deputy_id::text AS d FROM teams WHERE supervisor_id = $1 OR deputy_id = $1 ORDER BY id`,
      [userId],
    )) as { id: string; s: string | null; d: string | null }[];
    return rows.map((r) => ({ id: r.id, supervisorId: r.s, deputyId: r.d }));
  }

  /** The teams the person leads as deputy, or (`asSupervisor`) as supervisor too: id and name, by name. */
  async teamsLedAs(userId: string, asSupervisor: boolean): Promise<Named[]> {
    return (await this.db.query(
      `SELECT id, name FROM teams WHERE ($2 AND supervisor_id::text = $1) OR deputy_id::text = $1 ORDER BY name, id`,
      [userId, asSupervisor],
    )) as Named[];
  }

  /** The teams whose supervisor or deputy the person is (checked before they stop being one). */
  teamsWithPost(userId: string): Promise<TeamEntity[]> {
    return this.db.getRepository(TeamEntity).find({ where: [{ supervisorId: userId }, { deputyId: userId }], order: { id: 'ASC' } });
  }

  async insertTeam(team: Pick<TeamEntity, 'id' | 'name' | 'supervisorId' | 'deputyId'>): Promise<void> {
    await this.db.getRepository(TeamEntity).insert(team);
  }

  async updateTeam(id: string, change: Partial<TeamEntity>): Promise<void> {
    await this.db.getRepository(TeamEntity).update({ id }, change);
  }

  // -------------------------------------------------------------------------------------------
  // The department

  async department({ lock = false } = {}): Promise<DepartmentEntity | null> {
    const repo = this.db.getRepository(DepartmentEntity);
    // Locked, so two admins saving at once cannot both insert the one row.
    if (lock) return (await repo.createQueryBuilder('d').setLock('pessimistic_write').limit(1).getMany())[0] ?? null;
    return (await repo.find({ take: 1 }))[0] ?? null;
  }

  departmentHeadedBy(userId: string): Promise<DepartmentEntity | null> {
    return this.db.getRepository(DepartmentEntity).findOneBy({ headId: userId });
  }

  async findDepartment(id: string): Promise<DepartmentEntity | null> {
    return this.db.getRepository(DepartmentEntity).findOneBy({ id });
  }

  async saveDepartment(id: string, values: Pick<DepartmentEntity, 'name' | 'headId' | 'intakeTeamId'>, { exists }: { exists: boolean }) {
    const repo = this.db.getRepository(DepartmentEntity);
    if (exists) await repo.update({ id }, values);
    else await repo.insert({ id, ...values });
  }

  // -------------------------------------------------------------------------------------------
  // Partner departments

  async findPartnerDepartment(id: string | null | undefined): Promise<PartnerDepartmentEntity | null> {
    if (typeof id !== 'string' || id.length === 0) return null;
    return this.db.getRepository(PartnerDepartmentEntity).findOneBy({ id });
  }

  partnerDepartmentExists(id: string): Promise<boolean> {
    return this.db.getRepository(PartnerDepartmentEntity).existsBy({ id });
  }

  partnerDepartments(): Promise<PartnerDepartmentEntity[]> {
    return this.db.getRepository(PartnerDepartmentEntity).find({ order: { name: 'ASC', id: 'ASC' } });
  }

  /** The partner departments' ids and names, by name: whom an agreed action can be given to. */
  async partnerDepartmentNames(): Promise<Named[]> {
    return (await this.db.query(`SELECT id, name FROM partner_departments ORDER BY name LIMIT ${MAX_CHOICES}`)) as Named[];
  }

  async insertPartnerDepartment(p: Pick<PartnerDepartmentEntity, 'id' | 'kind' | 'name' | 'email'>): Promise<void> {
    await this.db.getRepository(PartnerDepartmentEntity).insert(p);
  }

  async updatePartnerDepartment(id: string, change: Partial<PartnerDepartmentEntity>): Promise<void> {
    await this.db.getRepository(PartnerDepartmentEntity).update({ id }, change);
  }

  // -------------------------------------------------------------------------------------------
  // The demo organisation (libs/organisation/organisation-seed.ts): what is missing is added, nothing is changed

  async seedPartnerDepartment(p: DemoPartnerDepartment): Promise<void> {
    await this.db.query(`INSERT INTO partner_departments (id, kind, name, email) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      p.id,
      p.kind,
      p.name,
      p.email,
    ]);
  }

  /** Adds the team without its supervisor and deputy (the people come later); true when it was new. */
  async seedTeam(t: DemoTeam): Promise<boolean> {
    const inserted = (await this.db.query(`INSERT INTO teams (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`, [
      t.id,
      t.name,
    ])) as unknown[];
    return inserted.length > 0;
  }

  async seedUser(u: DemoUser): Promise<void> {
    // A demo person whose username or email an admin gave to someone else is not added; nothing else
    // refers to them then (see the sub-selects below).
    await this.db.query(
      `INSERT INTO users (id, subject, username, display_name, email, roles, team_id, partner_department_id, caseload_target)
       VALUES ($1, $2, $3, $4, lower($5), $6::text[],
               (SELECT id FROM teams WHERE id = $7), (SELECT id FROM partner_departments WHERE id = $8), $9)
       ON CONFLICT DO NOTHING`,
      // The local OpenID provider uses the user's id as the `sub` claim.
      [u.id, u.id, u.username, u.displayName, u.email, u.roles, u.teamId, u.partnerDepartmentId, u.caseloadTarget],
    );
  }

  async seedTeamPosts(t: DemoTeam): Promise<void> {
    await this.db.query(
      `UPDATE teams SET supervisor_id = (SELECT id FROM users WHERE id = $2), deputy_id = (SELECT id FROM users WHERE id = $3) WHERE id = $1`,
      [t.id, t.supervisorId, t.deputyId],
    );
  }

  async seedDepartment(d: DemoDepartment): Promise<void> {
    // One department per installation (a unique index on a constant): an existing one is kept.
    await this.db.query(
      `INSERT INTO department (id, name, head_id, intake_team_id)
       VALUES ($1, $2, (SELECT id FROM users WHERE id = $3), (SELECT id FROM teams WHERE id = $4))
       ON CONFLICT DO NOTHING`,
      [d.id, d.name, d.headId, d.intakeTeamId],
    );
  }
}

function validDate(at: Date): Date {
  return at instanceof Date && !Number.isNaN(at.getTime()) ? at : new Date();
}
