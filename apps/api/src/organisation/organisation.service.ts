import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { AbsenceEntity, DepartmentEntity, PartnerDepartmentEntity, TeamEntity, UserEntity } from '../../../../libs/db/entities';
import type { UserRole } from '../../../../libs/organisation/demo-organisation';
import { constraintViolation } from '../../../../libs/read-model/database-errors';
import type { OrganisationRepository } from '../../../../libs/read-model/organisation.repository';
import { ReadModel } from '../../../../libs/read-model/read-model';
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
  constructor(private readonly readModel: ReadModel) {}

  // -------------------------------------------------------------------------------------------
  // Users

  async listUsers(): Promise<UserView[]> {
    return (await this.readModel.organisation.users()).map(userView);
  }

  async getUser(id: string): Promise<UserView & { absentNow: AbsenceView | null }> {
    return this.readModel.transaction(async ({ organisation: org }) => {
      const user = await this.user(org, id);
      const absence = await org.absenceAt(id, new Date());
      return { ...userView(user), absentNow: absence ? absenceView(absence) : null };
    });
  }

  createUser(body: CreateUserBody): Promise<UserView> {
    return this.write(async (org) => {
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
      await this.checkUser(org, user);
      await this.checkUnique(org, user);
      await org.insertUser(user);
      return userView(await this.user(org, id));
    });
  }

  updateUser(id: string, body: UpdateUserBody): Promise<UserView> {
    return this.write(async (org) => {
      const current = await this.user(org, id, { lock: true });
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
      await this.checkUser(org, next);
      await this.checkUnique(org, next);
      await this.checkPosts(org, next);
      if (Object.keys(change).length) await org.updateUser(id, change);
      return userView(await this.user(org, id));
    });
  }

  // -------------------------------------------------------------------------------------------
  // Absences

  async listAbsences(userId: string): Promise<AbsenceView[]> {
    return this.readModel.transaction(async ({ organisation: org }) => {
      await this.user(org, userId);
      return (await org.absencesOf(userId)).map(absenceView);
    });
  }

  createAbsence(userId: string, body: CreateAbsenceBody): Promise<AbsenceView> {
    return this.write(async (org) => {
      await this.user(org, userId, { lock: true });
      const startsAt = new Date(body.startsAt);
      const endsAt = new Date(body.endsAt);
      if (endsAt.getTime() <= startsAt.getTime()) throw new BadRequestException('endsAt must be after startsAt');
      if (body.standInId === userId) throw new BadRequestException('standInId must be another person than the one away');
      const standIn = await org.findUser(body.standInId);
      if (!standIn) throw new BadRequestException('standInId names no user');
      if (!standIn.active) throw new BadRequestException('standInId names an inactive user');
      // One absence at a time: overlapping ones would leave it open who stands in.
      const overlapping = await org.overlappingAbsences(userId, startsAt, endsAt);
      if (overlapping) throw new ConflictException('the absence overlaps another absence of this user');
      const absence = { id: randomUUID(), userId, startsAt, endsAt, standInId: body.standInId, reason: body.reason ?? null };
      await org.insertAbsence(absence);
      return absenceView((await org.findAbsence(absence.id))!);
    });
  }

  deleteAbsence(userId: string, absenceId: string): Promise<void> {
    return this.write(async (org) => {
      await this.user(org, userId);
      if (!(await org.deleteAbsence(userId, absenceId)))
        throw new NotFoundException(`absence ${absenceId} of user ${userId} does not exist`);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Teams

  async listTeams(): Promise<TeamView[]> {
    return (await this.readModel.organisation.teams()).map(teamView);
  }

  createTeam(body: CreateTeamBody): Promise<TeamView> {
    return this.write(async (org) => {
      if (await org.teamExists(body.id)) throw new ConflictException(`team ${body.id} exists already`);
      const team = { id: body.id, name: body.name, supervisorId: body.supervisorId ?? null, deputyId: body.deputyId ?? null };
      await this.checkTeam(org, team);
      await org.insertTeam(team);
      return teamView(await this.team(org, body.id));
    });
  }

  updateTeam(id: string, body: UpdateTeamBody): Promise<TeamView> {
    return this.write(async (org) => {
      const current = await this.team(org, id, { lock: true });
      const change: Partial<TeamEntity> = {};
      if (body.name !== undefined) change.name = body.name;
      if (body.supervisorId !== undefined) change.supervisorId = body.supervisorId;
      if (body.deputyId !== undefined) change.deputyId = body.deputyId;
      await this.checkTeam(org, { ...current, ...change });
      if (Object.keys(change).length) await org.updateTeam(id, change);
      return teamView(await this.team(org, id));
    });
  }

  // -------------------------------------------------------------------------------------------
  // The department

  async getDepartment(): Promise<DepartmentView> {
    const row = await this.readModel.organisation.department();
    if (!row) throw new NotFoundException('no department is registered yet');
    return departmentView(row);
  }

  putDepartment(body: PutDepartmentBody): Promise<DepartmentView> {
    return this.write(async (org) => {
      if (body.headId !== null) {
        const head = await org.findUser(body.headId);
        if (!head) throw new BadRequestException('headId names no user');
        if (!head.active || !head.roles.includes('head-of-department'))
          throw new BadRequestException('headId must name an active user with the role head-of-department');
      }
      if (body.intakeTeamId !== null && !(await org.teamExists(body.intakeTeamId)))
        throw new BadRequestException('intakeTeamId names no team');
      // Locked, so two admins saving at once cannot both insert the one row.
      const existing = await org.department({ lock: true });
      const id = existing?.id ?? DEPARTMENT_ID;
      await org.saveDepartment(id, { name: body.name, headId: body.headId, intakeTeamId: body.intakeTeamId }, { exists: !!existing });
      return departmentView((await org.findDepartment(id))!);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Partner departments

  async listPartnerDepartments(): Promise<PartnerDepartmentView[]> {
    return this.readModel.transaction(async ({ organisation: org }) => {
      const rows = await org.partnerDepartments();
      const contacts = await org.contactsOf();
      return rows.map((p) => partnerView(p, contacts));
    });
  }

  createPartnerDepartment(body: CreatePartnerDepartmentBody): Promise<PartnerDepartmentView> {
    return this.write(async (org) => {
      if (await org.partnerDepartmentExists(body.id)) throw new ConflictException(`partner department ${body.id} exists already`);
      await org.insertPartnerDepartment({ id: body.id, kind: body.kind, name: body.name, email: body.email?.toLowerCase() ?? null });
      return this.partnerDepartment(org, body.id);
    });
  }

  updatePartnerDepartment(id: string, body: UpdatePartnerDepartmentBody): Promise<PartnerDepartmentView> {
    return this.write(async (org) => {
      await this.partnerDepartment(org, id);
      const change: Partial<PartnerDepartmentEntity> = {};
      if (body.kind !== undefined) change.kind = body.kind;
      if (body.name !== undefined) change.name = body.name;
      if (body.email !== undefined) change.email = body.email?.toLowerCase() ?? null;
      if (Object.keys(change).length) await org.updatePartnerDepartment(id, change);
      return this.partnerDepartment(org, id);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Checks and helpers

  /** The references and role rules of a user as it would be saved. */
  private async checkUser(org: OrganisationRepository, u: Pick<UserEntity, 'roles' | 'teamId' | 'partnerDepartmentId'>): Promise<void> {
    if (u.teamId !== null && !(await org.teamExists(u.teamId))) throw new BadRequestException('teamId names no team');
    if (u.partnerDepartmentId !== null && !(await org.partnerDepartmentExists(u.partnerDepartmentId)))
      throw new BadRequestException('partnerDepartmentId names no partner department');
    // A partner's contact person answers for exactly one department; the access rules rely on it.
    const partner = u.roles.includes('partner');
    if (partner && u.partnerDepartmentId === null) throw new BadRequestException('partnerDepartmentId is required for the role partner');
    if (!partner && u.partnerDepartmentId !== null)
      throw new BadRequestException('partnerDepartmentId is only for users with the role partner');
  }

  /** 409 naming the field another user already has (checked first, so the answer names it; the index decides races). */
  private async checkUnique(org: OrganisationRepository, u: Pick<UserEntity, 'id' | 'username' | 'email' | 'subject'>): Promise<void> {
    for (const field of ['username', 'email', 'subject'] as const) {
      if (await org.isTaken(field, u[field], u.id)) throw new ConflictException(`${field} is already taken by another user`);
    }
  }

  /**
   * A supervisor, deputy or head who stops being one (loses the role, leaves) would leave their post
   * pointing at someone who cannot hold it: the admin appoints another first.
   */
  private async checkPosts(org: OrganisationRepository, u: Pick<UserEntity, 'id' | 'roles' | 'active'>): Promise<void> {
    const teams = await org.teamsWithPost(u.id);
    for (const t of teams) {
      if (t.supervisorId === u.id && (!u.active || !u.roles.includes('supervisor')))
        throw new ConflictException(`the user is the supervisor of team ${t.id}: appoint another supervisor first`);
      if (t.deputyId === u.id && !u.active)
        throw new ConflictException(`the user is the deputy of team ${t.id}: appoint another deputy first`);
    }
    const dept = await org.departmentHeadedBy(u.id);
    if (dept && (!u.active || !u.roles.includes('head-of-department')))
      throw new ConflictException('the user is the head of department: appoint another head first');
  }

  private async checkTeam(org: OrganisationRepository, t: Pick<TeamEntity, 'supervisorId' | 'deputyId'>): Promise<void> {
    if (t.supervisorId !== null) {
      const supervisor = await org.findUser(t.supervisorId);
      if (!supervisor) throw new BadRequestException('supervisorId names no user');
      if (!supervisor.active || !supervisor.roles.includes('supervisor'))
        throw new BadRequestException('supervisorId must name an active user with the role supervisor');
    }
    if (t.deputyId !== null) {
      const deputy = await org.findUser(t.deputyId);
      if (!deputy) throw new BadRequestException('deputyId names no user');
      if (!deputy.active) throw new BadRequestException('deputyId must name an active user');
    }
  }

  private async user(org: OrganisationRepository, id: string, { lock = false } = {}): Promise<UserEntity> {
    const user = await org.findUser(id, { lock });
    if (!user) throw new NotFoundException(`user ${id} does not exist`);
    return user;
  }

  private async team(org: OrganisationRepository, id: string, { lock = false } = {}): Promise<TeamEntity> {
    const team = await org.findTeam(id, { lock });
    if (!team) throw new NotFoundException(`team ${id} does not exist`);
    return team;
  }

  private async partnerDepartment(org: OrganisationRepository, id: string): Promise<PartnerDepartmentView> {
    const row = await org.findPartnerDepartment(id);
    if (!row) throw new NotFoundException(`partner department ${id} does not exist`);
    const contacts = await org.contactsOf(id);
    return partnerView(row, contacts);
  }

  /**
   * One transaction per write. A unique index that a concurrent request won answers 409 naming the
   * field; any other refusal by a constraint is a request that cannot be saved (400), never a 500.
   */
  private async write<T>(fn: (org: OrganisationRepository) => Promise<T>): Promise<T> {
    try {
      return await this.readModel.transaction((tx) => fn(tx.organisation));
    } catch (err) {
      const violation = constraintViolation(err);
      if (violation?.code === '23505') {
        const field = violation.constraint ? UNIQUE_FIELDS[violation.constraint] : undefined;
        throw new ConflictException(field ? `${field} is already taken by another user` : 'it exists already');
      }
      if (violation) throw new BadRequestException(`the change was refused by the database (${violation.constraint ?? violation.code})`);
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
