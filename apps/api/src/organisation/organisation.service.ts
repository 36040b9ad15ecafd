import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, IsNull, Not, QueryFailedError } from 'typeorm';
import { AbsenceEntity, DepartmentEntity, PartnerDepartmentEntity, TeamEntity, UserEntity } from '../../../../libs/db/entities';
import { absenceAt } from '../../../../libs/organisation/directory';
import type { UserRole } from '../../../../libs/organisation/demo-organisation';
import type {
  CreateAbsenceBody,
  CreatePartnerDepartmentBody,
  CreateTeamBody,
  CreateUserBody,
  PutDepartmentBody,
  UpdatePartnerDepartmentBody,
  UpdateTeamBody,
  UpdateUserBody,
} from './organisation.schemas';

export interface UserView {
  id: string;
  subject: string;
  username: string;
  displayName: string;
  email: string;
  roles: UserRole[];
  teamId: string | null;
  partnerDepartmentId: string | null;
  caseloadTarget: number | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface AbsenceView {
  id: string;
  userId: string;
  startsAt: string;
  endsAt: string;
  standInId: string;
  reason: string | null;
  createdAt: string;
}

export interface TeamView {
  id: string;
  name: string;
  supervisorId: string | null;
  deputyId: string | null;
}

export interface DepartmentView {
  id: string;
  name: string;
  headId: string | null;
  intakeTeamId: string | null;
}

export interface PartnerDepartmentView {
  id: string;
  kind: string;
  name: string;
  email: string | null;
  contacts: { id: string; displayName: string; email: string; active: boolean }[];
}

/** A new department (none registered yet) gets this id; there is only ever one. */
const DEPARTMENT_ID = 'department';

/** Which field a unique index guards, for a 409 that names it. */
const UNIQUE_FIELDS: Record<string, string> = {
  UQ_users_username: 'username',
  UQ_users_email: 'email',
  UQ_users_subject: 'subject',
};

/**
 * The organisation as admins manage it: people, absences, teams, the department and partner
 * departments. Every write checks what it refers to and runs in one transaction, so a refused
 * request leaves nothing behind; references that do not exist answer 400 naming the field, unknown
 * path ids 404, a taken username, email, subject or id 409.
 */
@Injectable()
export class OrganisationService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // -------------------------------------------------------------------------------------------
  // Users

  async listUsers(): Promise<UserView[]> {
    const users = await this.dataSource.getRepository(UserEntity).find({ order: { displayName: 'ASC', id: 'ASC' } });
    return users.map(userView);
  }

  async getUser(id: string): Promise<UserView & { absentNow: AbsenceView | null }> {
    return this.dataSource.transaction(async (em) => {
      const user = await this.user(em, id);
      const absence = await absenceAt(em, id, new Date());
      return { ...userView(user), absentNow: absence ? absenceView(absence) : null };
    });
  }

  createUser(body: CreateUserBody): Promise<UserView> {
    return this.write(async (em) => {
      const id = randomUUID();
      const user = {
        id,
        subject: body.subject ?? id,
        username: body.username,
        displayName: body.displayName,
        email: body.email.toLowerCase(),
        roles: uniqueRoles(body.roles),
        teamId: body.teamId ?? null,
        partnerDepartmentId: body.partnerDepartmentId ?? null,
        caseloadTarget: body.caseloadTarget ?? null,
        active: body.active ?? true,
      };
      await this.checkUser(em, user);
      await this.checkUnique(em, user);
      await em.getRepository(UserEntity).insert(user);
      return userView(await this.user(em, id));
    });
  }

  updateUser(id: string, body: UpdateUserBody): Promise<UserView> {
    return this.write(async (em) => {
      const current = await this.user(em, id, { lock: true });
      const change: Partial<UserEntity> = {};
      if (body.displayName !== undefined) change.displayName = body.displayName;
      if (body.email !== undefined) change.email = body.email.toLowerCase();
      if (body.roles !== undefined) change.roles = uniqueRoles(body.roles);
      if (body.teamId !== undefined) change.teamId = body.teamId;
      if (body.partnerDepartmentId !== undefined) change.partnerDepartmentId = body.partnerDepartmentId;
      if (body.caseloadTarget !== undefined) change.caseloadTarget = body.caseloadTarget;
      if (body.active !== undefined) change.active = body.active;
      if (body.subject !== undefined) change.subject = body.subject;
      const next = { ...current, ...change };
      await this.checkUser(em, next);
      await this.checkUnique(em, next);
      await this.checkPosts(em, next);
      if (Object.keys(change).length) await em.getRepository(UserEntity).update({ id }, change);
      return userView(await this.user(em, id));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Absences

  async listAbsences(userId: string): Promise<AbsenceView[]> {
    return this.dataSource.transaction(async (em) => {
      await this.user(em, userId);
      const rows = await em.getRepository(AbsenceEntity).find({ where: { userId }, order: { startsAt: 'ASC', id: 'ASC' } });
      return rows.map(absenceView);
    });
  }

  createAbsence(userId: string, body: CreateAbsenceBody): Promise<AbsenceView> {
    return this.write(async (em) => {
      await this.user(em, userId, { lock: true });
      const startsAt = new Date(body.startsAt);
      const endsAt = new Date(body.endsAt);
      if (endsAt.getTime() <= startsAt.getTime()) throw new BadRequestException('endsAt must be after startsAt');
      if (body.standInId === userId) throw new BadRequestException('standInId must be another person than the one away');
      const standIn = await em.getRepository(UserEntity).findOneBy({ id: body.standInId });
      if (!standIn) throw new BadRequestException('standInId names no user');
      if (!standIn.active) throw new BadRequestException('standInId names an inactive user');
      // One absence at a time: overlapping ones would leave it open who stands in.
      const overlapping = await em
        .getRepository(AbsenceEntity)
        .createQueryBuilder('a')
        .where('a.user_id = :userId AND a.starts_at < :endsAt AND a.ends_at > :startsAt', { userId, startsAt, endsAt })
        .getCount();
      if (overlapping) throw new ConflictException('the absence overlaps another absence of this user');
      const absence = { id: randomUUID(), userId, startsAt, endsAt, standInId: body.standInId, reason: body.reason ?? null };
      await em.getRepository(AbsenceEntity).insert(absence);
      return absenceView((await em.getRepository(AbsenceEntity).findOneBy({ id: absence.id }))!);
    });
  }

  deleteAbsence(userId: string, absenceId: string): Promise<void> {
    return this.write(async (em) => {
      await this.user(em, userId);
      const { affected } = await em.getRepository(AbsenceEntity).delete({ id: absenceId, userId });
      if (!affected) throw new NotFoundException(`absence ${absenceId} of user ${userId} does not exist`);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Teams

  async listTeams(): Promise<TeamView[]> {
    return (await this.dataSource.getRepository(TeamEntity).find({ order: { id: 'ASC' } })).map(teamView);
  }

  createTeam(body: CreateTeamBody): Promise<TeamView> {
    return this.write(async (em) => {
      if (await em.getRepository(TeamEntity).existsBy({ id: body.id })) throw new ConflictException(`team ${body.id} exists already`);
      const team = { id: body.id, name: body.name, supervisorId: body.supervisorId ?? null, deputyId: body.deputyId ?? null };
      await this.checkTeam(em, team);
      await em.getRepository(TeamEntity).insert(team);
      return teamView(await this.team(em, body.id));
    });
  }

  updateTeam(id: string, body: UpdateTeamBody): Promise<TeamView> {
    return this.write(async (em) => {
      const current = await this.team(em, id, { lock: true });
      const change: Partial<TeamEntity> = {};
      if (body.name !== undefined) change.name = body.name;
      if (body.supervisorId !== undefined) change.supervisorId = body.supervisorId;
      if (body.deputyId !== undefined) change.deputyId = body.deputyId;
      await this.checkTeam(em, { ...current, ...change });
      if (Object.keys(change).length) await em.getRepository(TeamEntity).update({ id }, change);
      return teamView(await this.team(em, id));
    });
  }

  // -------------------------------------------------------------------------------------------
  // The department

  async getDepartment(): Promise<DepartmentView> {
    const row = (await this.dataSource.getRepository(DepartmentEntity).find({ take: 1 }))[0];
    if (!row) throw new NotFoundException('no department is registered yet');
    return departmentView(row);
  }

  putDepartment(body: PutDepartmentBody): Promise<DepartmentView> {
    return this.write(async (em) => {
      if (body.headId !== null) {
        const head = await em.getRepository(UserEntity).findOneBy({ id: body.headId });
        if (!head) throw new BadRequestException('headId names no user');
        if (!head.active || !head.roles.includes('head-of-department'))
          throw new BadRequestException('headId must name an active user with the role head-of-department');
      }
      if (body.intakeTeamId !== null && !(await em.getRepository(TeamEntity).existsBy({ id: body.intakeTeamId })))
        throw new BadRequestException('intakeTeamId names no team');
      const repo = em.getRepository(DepartmentEntity);
      // Locked, so two admins saving at once cannot both insert the one row.
      const existing = (await repo.createQueryBuilder('d').setLock('pessimistic_write').limit(1).getMany())[0];
      const values = { name: body.name, headId: body.headId, intakeTeamId: body.intakeTeamId };
      if (existing) await repo.update({ id: existing.id }, values);
      else await repo.insert({ id: DEPARTMENT_ID, ...values });
      return departmentView((await repo.findOneBy({ id: existing?.id ?? DEPARTMENT_ID }))!);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Partner departments

  async listPartnerDepartments(): Promise<PartnerDepartmentView[]> {
    return this.dataSource.transaction(async (em) => {
      const rows = await em.getRepository(PartnerDepartmentEntity).find({ order: { name: 'ASC', id: 'ASC' } });
      const contacts = await em
        .getRepository(UserEntity)
        .find({ where: { partnerDepartmentId: Not(IsNull()) }, order: { displayName: 'ASC', id: 'ASC' } });
      return rows.map((p) => partnerView(p, contacts));
    });
  }

  createPartnerDepartment(body: CreatePartnerDepartmentBody): Promise<PartnerDepartmentView> {
    return this.write(async (em) => {
      const repo = em.getRepository(PartnerDepartmentEntity);
      if (await repo.existsBy({ id: body.id })) throw new ConflictException(`partner department ${body.id} exists already`);
      await repo.insert({ id: body.id, kind: body.kind, name: body.name, email: body.email?.toLowerCase() ?? null });
      return this.partnerDepartment(em, body.id);
    });
  }

  updatePartnerDepartment(id: string, body: UpdatePartnerDepartmentBody): Promise<PartnerDepartmentView> {
    return this.write(async (em) => {
      await this.partnerDepartment(em, id);
      const change: Partial<PartnerDepartmentEntity> = {};
      if (body.kind !== undefined) change.kind = body.kind;
      if (body.name !== undefined) change.name = body.name;
      if (body.email !== undefined) change.email = body.email?.toLowerCase() ?? null;
      if (Object.keys(change).length) await em.getRepository(PartnerDepartmentEntity).update({ id }, change);
      return this.partnerDepartment(em, id);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Checks and helpers

  /** The references and role rules of a user as it would be saved. */
  private async checkUser(em: EntityManager, u: Pick<UserEntity, 'roles' | 'teamId' | 'partnerDepartmentId'>): Promise<void> {
    if (u.teamId !== null && !(await em.getRepository(TeamEntity).existsBy({ id: u.teamId })))
      throw new BadRequestException('teamId names no team');
    if (u.partnerDepartmentId !== null && !(await em.getRepository(PartnerDepartmentEntity).existsBy({ id: u.partnerDepartmentId })))
      throw new BadRequestException('partnerDepartmentId names no partner department');
    // A partner's contact person answers for exactly one department; the access rules rely on it.
    const partner = u.roles.includes('partner');
    if (partner && u.partnerDepartmentId === null) throw new BadRequestException('partnerDepartmentId is required for the role partner');
    if (!partner && u.partnerDepartmentId !== null)
      throw new BadRequestException('partnerDepartmentId is only for users with the role partner');
  }

  /** 409 naming the field another user already has (checked first, so the answer names it; the index decides races). */
  private async checkUnique(em: EntityManager, u: Pick<UserEntity, 'id' | 'username' | 'email' | 'subject'>): Promise<void> {
    for (const field of ['username', 'email', 'subject'] as const) {
      const taken = await em
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where(`u.${field} = :value AND u.id <> :id`, { value: u[field], id: u.id })
        .getExists();
      if (taken) throw new ConflictException(`${field} is already taken by another user`);
    }
  }

  /**
   * A supervisor, deputy or head who stops being one (loses the role, leaves) would leave their post
   * pointing at someone who cannot hold it: the admin appoints another first.
   */
  private async checkPosts(em: EntityManager, u: Pick<UserEntity, 'id' | 'roles' | 'active'>): Promise<void> {
    const teams = await em.getRepository(TeamEntity).find({ where: [{ supervisorId: u.id }, { deputyId: u.id }], order: { id: 'ASC' } });
    for (const t of teams) {
      if (t.supervisorId === u.id && (!u.active || !u.roles.includes('supervisor')))
        throw new ConflictException(`the user is the supervisor of team ${t.id}: appoint another supervisor first`);
      if (t.deputyId === u.id && !u.active)
        throw new ConflictException(`the user is the deputy of team ${t.id}: appoint another deputy first`);
    }
    const dept = await em.getRepository(DepartmentEntity).findOneBy({ headId: u.id });
    if (dept && (!u.active || !u.roles.includes('head-of-department')))
      throw new ConflictException('the user is the head of department: appoint another head first');
  }

  private async checkTeam(em: EntityManager, t: Pick<TeamEntity, 'supervisorId' | 'deputyId'>): Promise<void> {
    const users = em.getRepository(UserEntity);
    if (t.supervisorId !== null) {
      const supervisor = await users.findOneBy({ id: t.supervisorId });
      if (!supervisor) throw new BadRequestException('supervisorId names no user');
      if (!supervisor.active || !supervisor.roles.includes('supervisor'))
        throw new BadRequestException('supervisorId must name an active user with the role supervisor');
    }
    if (t.deputyId !== null) {
      const deputy = await users.findOneBy({ id: t.deputyId });
      if (!deputy) throw new BadRequestException('deputyId names no user');
      if (!deputy.active) throw new BadRequestException('deputyId must name an active user');
    }
  }

  private async user(em: EntityManager, id: string, { lock = false } = {}): Promise<UserEntity> {
    const q = em.getRepository(UserEntity).createQueryBuilder('u').where('u.id = :id', { id });
    const user = await (lock ? q.setLock('pessimistic_write') : q).getOne();
    if (!user) throw new NotFoundException(`user ${id} does not exist`);
    return user;
  }

  private async team(em: EntityManager, id: string, { lock = false } = {}): Promise<TeamEntity> {
    const q = em.getRepository(TeamEntity).createQueryBuilder('t').where('t.id = :id', { id });
    const team = await (lock ? q.setLock('pessimistic_write') : q).getOne();
    if (!team) throw new NotFoundException(`team ${id} does not exist`);
    return team;
  }

  private async partnerDepartment(em: EntityManager, id: string): Promise<PartnerDepartmentView> {
    const row = await em.getRepository(PartnerDepartmentEntity).findOneBy({ id });
    if (!row) throw new NotFoundException(`partner department ${id} does not exist`);
    const contacts = await em
      .getRepository(UserEntity)
      .find({ where: { partnerDepartmentId: id }, order: { displayName: 'ASC', id: 'ASC' } });
    return partnerView(row, contacts);
  }

  /**
   * One transaction per write. A unique index that a concurrent request won answers 409 naming the
   * field; any other refusal by a constraint is a request that cannot be saved (400), never a 500.
   */
  private async write<T>(fn: (em: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await this.dataSource.transaction(fn);
    } catch (err) {
      if (err instanceof QueryFailedError) {
        const { code, constraint } = err.driverError as { code?: string; constraint?: string };
        if (code === '23505') {
          const field = constraint ? UNIQUE_FIELDS[constraint] : undefined;
          throw new ConflictException(field ? `${field} is already taken by another user` : 'it exists already');
        }
        if (code?.startsWith('23')) throw new BadRequestException(`the change was refused by the database (${constraint ?? code})`);
      }
      throw err;
    }
  }
}

function uniqueRoles(roles: UserRole[]): UserRole[] {
  return [...new Set(roles)];
}

const iso = (d: Date) => d.toISOString();

function userView(u: UserEntity): UserView {
  return {
    id: u.id,
    subject: u.subject,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    roles: u.roles,
    teamId: u.teamId,
    partnerDepartmentId: u.partnerDepartmentId,
    caseloadTarget: u.caseloadTarget,
    active: u.active,
    createdAt: iso(u.createdAt),
    updatedAt: iso(u.updatedAt),
  };
}

function absenceView(a: AbsenceEntity): AbsenceView {
  return {
    id: a.id,
    userId: a.userId,
    startsAt: iso(a.startsAt),
    endsAt: iso(a.endsAt),
    standInId: a.standInId,
    reason: a.reason,
    createdAt: iso(a.createdAt),
  };
}

function teamView(t: TeamEntity): TeamView {
  return { id: t.id, name: t.name, supervisorId: t.supervisorId, deputyId: t.deputyId };
}

function departmentView(d: DepartmentEntity): DepartmentView {
  return { id: d.id, name: d.name, headId: d.headId, intakeTeamId: d.intakeTeamId };
}

function partnerView(p: PartnerDepartmentEntity, users: UserEntity[]): PartnerDepartmentView {
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    email: p.email,
    contacts: users
      .filter((u) => u.partnerDepartmentId === p.id)
      .map((u) => ({ id: u.id, displayName: u.displayName, email: u.email, active: u.active })),
  };
}
