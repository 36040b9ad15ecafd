import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TASK_KINDS as TASK_KIND_TEXT } from '../../../../libs/notifications/task-kinds';
import { department, standsInFor } from '../../../../libs/organisation/directory';
import type { TaskKind } from '../../../../workflows/contract';
import { actingRole } from '../audit/acting-role';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { isUuid } from '../common/request-checks';
import { decodeKey, encodeKey, type PageKey, pageLimit } from './page-key';

/**
 * Every kind of task (workflows/contract.ts TaskKind, each named in libs/notifications/task-kinds.ts,
 * whose type makes it list them all): a `kind` filter outside it is refused (400).
 */
const TASK_KINDS = Object.keys(TASK_KIND_TEXT) as TaskKind[];

const TASK_STATES = ['open', 'overdue', 'escalated'] as const;
/** A task due within this time (and not yet overdue) is marked `dueSoon`. */
const DUE_SOON_MS = 24 * 3600_000;
/** Lists on the board are capped; the rest is counted as `more`. */
const BOARD_CAP = 50;
/** The department's calendar day, for `dueToday`. */
const TIME_ZONE = 'Europe/Copenhagen';
const TEAM_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

export interface TaskItem {
  taskId: string;
  kind: string;
  caseId: string | null;
  familyId: string | null;
  measureId: string | null;
  /** The team whose lists show it (the intake team's for a case without a team). */
  teamId: string | null;
  dueAt: string;
  escalationLevel: number;
  overdue: boolean;
  dueSoon: boolean;
  escalated: boolean;
  assignee: { role: string; userId: string | null };
  /** Whom the latest escalation went to (null before any). */
  escalatedTo: { role: string | null; userId: string | null } | null;
  /** The statutory clock paused, resumed or extended with a supervisor's approval (null: as the law set it). */
  clock: { state: string; changedAt: string | null } | null;
}

/**
 * A list's counts stop at this many: counting further read every open task of an intake team with
 * tens of thousands waiting on each refresh, and held the inbox to about 40 requests a second
 * (docs/benchmarks.md, national scale). A count that reached it is named in `capped` ("1000+").
 */
export const TASK_COUNT_CAP = 1000;

export interface TaskCounts {
  total: number;
  overdue: number;
  escalated: number;
  dueToday: number;
  /** The counts that stopped at TASK_COUNT_CAP: there are at least that many (empty when all are exact). */
  capped: ('total' | 'overdue' | 'escalated' | 'dueToday')[];
}

export interface TaskPage {
  items: TaskItem[];
  counts: TaskCounts;
  /** Pass as `cursor` for the next page; absent on the last page. */
  next?: string;
}

interface TaskRow {
  id: string;
  kind: string;
  case_id: string | null;
  family_id: string | null;
  measure_id: string | null;
  team_id: string | null;
  due_at: Date;
  escalation_level: number;
  assignee_role: string;
  assignee_id: string | null;
  escalated_to_role: string | null;
  escalated_to_user_id: string | null;
  clock_state: string | null;
  clock_changed_at: Date | null;
}

interface CaseRow {
  id: string;
  phase: string;
  policy_version: string;
  opened_at: Date;
  closed_at: Date | null;
  coordinator_id: string | null;
  team_id: string | null;
  next_deadline: Date | null;
  escalation_level: number;
}

const TASK_COLUMNS = `id, kind, case_id, family_id, measure_id, team_id, due_at, escalation_level, assignee_role, assignee_id, escalated_to_role, escalated_to_user_id, clock_state, clock_changed_at`;
const CASE_COLUMNS = `id, phase, policy_version, opened_at, closed_at, coordinator_id, team_id, next_deadline, escalation_level`;

/** Positional parameters for one statement. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The work lists, read from the read model only (never by asking workflows), each by key in the
 * order it shows. A list is the union of a few "branches" (mine, those I stand in for, escalated to
 * me, my role's pool in my team…), each answered from one index in key order and cut at the page
 * size, so a page costs a few short index scans however large the tables grow (migration
 * 1795700000100, docs/benchmarks.md).
 */
@Injectable()
export class WorkListsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Inboxes

  /** My open tasks: mine, those of people away I stand in for, my role's unassigned ones in my team, those escalated to me. */
  async myInbox(p: Principal, query: Record<string, unknown>): Promise<TaskPage> {
    const filters = taskFilters(query);
    const intake = await this.intakeTeam();
    const branches: Branch[] = [];
    const people = [p.userId, ...(p.roles.includes('coordinator') ? await standsInFor(this.db.manager, p.userId) : [])];
    for (const id of people) branches.push((ps) => `assignee_id = ${ps.add(id)}`);
    branches.push((ps) => `escalated_to_user_id = ${ps.add(p.userId)} AND escalation_level > 0`);
    const pool = (role: string, teamId: string | null) => {
      for (const team of teamBranches(teamId, intake))
        branches.push((ps) => `assignee_id IS NULL AND assignee_role = ${ps.add(role)} AND ${team(ps)}`);
    };
    if (p.roles.includes('coordinator') && p.teamId) pool('coordinator', p.teamId);
    const led = (await this.db.query(
      `SELECT id, supervisor_id::text AS s, deputy_id::text AS d FROM teams WHERE supervisor_id = $1 OR deputy_id = $1`,
      [p.userId],
    )) as { id: string; s: string | null; d: string | null }[];
    for (const t of led) {
      if (t.s === p.userId && p.roles.includes('supervisor')) pool('supervisor', t.id);
      if (t.d === p.userId) pool('deputy', t.id);
    }
    if (p.roles.includes('head-of-department'))
      branches.push((ps) => `assignee_id IS NULL AND assignee_role = ${ps.add('head-of-department')}`);
    const page = await this.taskPage(branches, filters, intake);
    await this.record(p, 'task-list.read', p.teamId);
    return page;
  }

  /** The team's open tasks, for its coordinators, its supervisor and deputy, and the head. */
  async teamInbox(p: Principal, teamId: string, query: Record<string, unknown>): Promise<TaskPage> {
    const standing = await this.standingIn(p, teamId);
    if (standing === 'none') throw new NotFoundException(`team ${teamId} was not found`);
    const filters = taskFilters(query);
    const intake = await this.intakeTeam();
    // `team_id = T` and (for the intake team) `team_id IS NULL` never match the same task.
    const page = await this.taskPage(teamBranches(teamId, intake), filters, intake, true);
    await this.record(p, 'task-list.read', teamId);
    return page;
  }

  // ---------------------------------------------------------------------------------------------
  // The supervisor's board

  /** The board; with `caseId`, every list of it narrowed to that one case (a case's tasks seen from the board). */
  async board(p: Principal, teamId: string, query: Record<string, unknown> = {}) {
    const standing = await this.standingIn(p, teamId);
    if (standing === 'none') throw new NotFoundException(`team ${teamId} was not found`);
    if (standing === 'member')
      throw new ForbiddenException("the board is for the team's supervisor, its deputy and the head of department");
    const only = query.caseId;
    if (only !== undefined && (typeof only !== 'string' || !isUuid(only))) throw new BadRequestException('caseId must be a UUID');
    const intake = await this.intakeTeam();
    const now = new Date();
    const teams: TeamBranch[] = teamBranches(teamId, intake).map((team) =>
      only ? (ps: Params) => `(${team(ps)} AND case_id = ${ps.add(only)})` : team,
    );
    const list = async (where: (ps: Params) => string, order = 'due_at, id') => {
      const ps = new Params();
      const cap = ps.add(BOARD_CAP + 1);
      const parts = teams.map(
        (team) =>
          `(SELECT ${TASK_COLUMNS} FROM tasks WHERE status = 'open' AND ${team(ps)} AND ${where(ps)} ORDER BY ${order} LIMIT ${cap})`,
      );
      const cs = new Params();
      const countParts = teams.map(
        (team) => `(SELECT count(*)::int AS n FROM tasks WHERE status = 'open' AND ${team(cs)} AND ${where(cs)})`,
      );
      const [rows, counted] = await Promise.all([
        this.db.query(`SELECT * FROM (${parts.join(' UNION ALL ')}) x ORDER BY ${order} LIMIT ${cap}`, ps.values) as Promise<TaskRow[]>,
        this.db.query(`SELECT sum(n)::int AS n FROM (${countParts.join(' UNION ALL ')}) x`, cs.values) as Promise<{ n: number }[]>,
      ]);
      const items = rows.slice(0, BOARD_CAP).map((r) => taskItem(r, now, intake));
      return { items, count: counted[0].n, more: Math.max(0, counted[0].n - items.length) };
    };
    const [overdue, approvals, urgency, levels, caseload, clocks] = await Promise.all([
      list((ps) => `due_at < ${ps.add(now)}`),
      // Decisions and plans to approve, and requests to pause or extend a statutory clock.
      list(() => `kind IN ('approval', 'clock-change-approval')`),
      list(() => `kind = 'urgency-assessment'`),
      this.escalationsByLevel(teams, now, intake),
      this.caseload(teamId),
      // Statutory clocks that run on other terms than the law's, with a supervisor's approval.
      list(() => `clock_state IN ('paused', 'extended')`, 'clock_changed_at DESC, id'),
    ]);
    await this.record(p, 'task-list.read', teamId);
    return {
      teamId,
      at: now.toISOString(),
      overdue,
      escalations: levels,
      approvalQueue: { ...approvals, items: await this.withSubjects(approvals.items) },
      urgencyAssessments: {
        ...urgency,
        items: urgency.items.map((t) => ({ ...t, remainingHours: Math.round((Date.parse(t.dueAt) - now.getTime()) / 36_000) / 100 })),
      },
      caseload,
      changedClocks: clocks,
    };
  }

  /**
   * What each approval is about, so it can be decided from the board: the decision's id for an
   * approval, the clocked task's id for a clock-change approval.
   */
  private async withSubjects(items: TaskItem[]): Promise<(TaskItem & { subjectId: string | null })[]> {
    if (items.length === 0) return [];
    const rows = (await this.db.query(`SELECT id::text AS id, subject_id FROM tasks WHERE id = ANY($1::uuid[])`, [
      items.map((t) => t.taskId),
    ])) as { id: string; subject_id: string | null }[];
    const subjects = new Map(rows.map((r) => [r.id, r.subject_id]));
    return items.map((t) => ({ ...t, subjectId: subjects.get(t.taskId) ?? null }));
  }

  private async escalationsByLevel(teams: TeamBranch[], now: Date, intake: string | null) {
    const ps = new Params();
    const cap = ps.add(BOARD_CAP);
    const rows = (await this.db.query(
      `SELECT * FROM (
         SELECT ${TASK_COLUMNS}, row_number() OVER (PARTITION BY escalation_level ORDER BY due_at, id) AS rn,
                count(*) OVER (PARTITION BY escalation_level)::int AS n
           FROM tasks WHERE status = 'open' AND escalation_level > 0 AND (${teams.map((t) => t(ps)).join(' OR ')})
       ) x WHERE rn <= ${cap} ORDER BY escalation_level, due_at, id`,
      ps.values,
    )) as (TaskRow & { n: number })[];
    const byLevel = new Map<number, { level: number; count: number; more: number; items: TaskItem[] }>();
    for (const r of rows) {
      const level = byLevel.get(r.escalation_level) ?? { level: r.escalation_level, count: r.n, more: 0, items: [] };
      level.items.push(taskItem(r, now, intake));
      level.more = level.count - level.items.length;
      byLevel.set(r.escalation_level, level);
    }
    return [...byLevel.values()];
  }

  /** Open cases per active coordinator of the team, against their caseload target. */
  private async caseload(teamId: string) {
    const rows = (await this.db.query(
      `SELECT u.id::text AS user_id, u.caseload_target,
              (SELECT count(*)::int FROM cases c WHERE c.coordinator_id = u.id::text AND c.closed_at IS NULL) AS open_cases
         FROM users u
        WHERE u.team_id = $1 AND u.active AND 'coordinator' = ANY(u.roles)
        ORDER BY u.id`,
      [teamId],
    )) as { user_id: string; caseload_target: number | null; open_cases: number }[];
    return rows.map((r) => ({
      coordinatorId: r.user_id,
      openCases: r.open_cases,
      target: r.caseload_target,
      overTarget: r.caseload_target !== null && r.open_cases > r.caseload_target,
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // The case list

  /** The cases the person reaches without giving a reason (own, stand-in, intake, team, department), by next deadline. */
  async cases(p: Principal, query: Record<string, unknown>) {
    const f = caseFilters(query);
    const intake = await this.intakeTeam();
    const now = new Date();
    const branches: Branch[] = [];
    if (p.roles.includes('head-of-department')) branches.push(() => 'TRUE');
    else {
      if (p.roles.includes('coordinator')) {
        for (const id of [p.userId, ...(await standsInFor(this.db.manager, p.userId))])
          branches.push((ps) => `coordinator_id = ${ps.add(id)}`);
        if (p.teamId && p.teamId === intake)
          for (const team of teamBranches(intake, intake)) branches.push((ps) => `coordinator_id IS NULL AND ${team(ps)}`);
      }
      const led = (await this.db.query(`SELECT id FROM teams WHERE ($2 AND supervisor_id = $1) OR deputy_id = $1`, [
        p.userId,
        p.roles.includes('supervisor'),
      ])) as { id: string }[];
      for (const t of led) for (const team of teamBranches(t.id, intake)) branches.push(team);
    }
    const limit = pageLimit(query.limit);
    const key = decodeKey(query.cursor);
    const ps = new Params();
    const n = ps.add(limit + 1);
    const where = (ps: Params) => {
      const w: string[] = [];
      if (f.phase) w.push(`phase = ${ps.add(f.phase)}`);
      if (f.coordinatorId) w.push(`coordinator_id = ${ps.add(f.coordinatorId)}`);
      if (f.teamId) w.push(f.teamId === intake ? `(team_id = ${ps.add(f.teamId)} OR team_id IS NULL)` : `team_id = ${ps.add(f.teamId)}`);
      if (f.policyVersion) w.push(`policy_version = ${ps.add(f.policyVersion)}`);
      if (f.closed !== undefined) w.push(f.closed ? 'closed_at IS NOT NULL' : 'closed_at IS NULL');
      if (f.overdue !== undefined)
        w.push(f.overdue ? `next_deadline < ${ps.add(now)}` : `(next_deadline IS NULL OR next_deadline >= ${ps.add(now)})`);
      return w.length ? w.join(' AND ') : 'TRUE';
    };
    const parts = branches.flatMap((b) =>
      afterCaseKey(key).map(
        (after) =>
          `(SELECT ${CASE_COLUMNS} FROM cases WHERE ${b(ps)} AND ${where(ps)} AND ${after(ps)} ORDER BY next_deadline, id LIMIT ${n})`,
      ),
    );
    const rows = parts.length
      ? ((await this.db.query(`SELECT * FROM (${parts.join(' UNION ')}) x ORDER BY next_deadline, id LIMIT ${n}`, ps.values)) as CaseRow[])
      : [];
    const items = rows.slice(0, limit).map((r) => ({
      caseId: r.id,
      phase: r.phase,
      policyVersion: r.policy_version,
      openedAt: r.opened_at.toISOString(),
      closedAt: r.closed_at?.toISOString() ?? null,
      coordinatorId: r.coordinator_id,
      teamId: r.team_id ?? intake,
      nextDeadline: r.next_deadline?.toISOString() ?? null,
      escalationLevel: r.escalation_level,
      overdue: !!r.next_deadline && r.next_deadline.getTime() < now.getTime(),
    }));
    await this.record(p, 'case-list.read', f.teamId ?? p.teamId);
    const last = rows.length > limit ? rows[limit - 1] : undefined;
    return last ? { items, next: encodeKey(last.next_deadline, last.id) } : { items };
  }

  // ---------------------------------------------------------------------------------------------

  /** `disjoint`: no task matches two branches (a team's rows), so the union need not look for duplicates. */
  private async taskPage(branches: Branch[], f: TaskFilters, intake: string | null, disjoint = false): Promise<TaskPage> {
    const union = disjoint ? ' UNION ALL ' : ' UNION ';
    const now = new Date();
    const filter = (ps: Params, withKey: boolean) => {
      const w = [`status = 'open'`];
      if (f.kind) w.push(`kind = ${ps.add(f.kind)}`);
      if (f.caseId) w.push(`case_id = ${ps.add(f.caseId)}`);
      if (f.state === 'overdue') w.push(`due_at < ${ps.add(now)}`);
      if (f.state === 'escalated') w.push('escalation_level > 0');
      if (withKey && f.key) w.push(`(due_at, id) > (${ps.add(f.key.at)}::timestamptz, ${ps.add(f.key.id)}::uuid)`);
      return w.join(' AND ');
    };
    const ps = new Params();
    const n = ps.add(f.limit + 1);
    const parts = branches.map(
      (b) => `(SELECT ${TASK_COLUMNS} FROM tasks WHERE ${b(ps)} AND ${filter(ps, true)} ORDER BY due_at, id LIMIT ${n})`,
    );
    // Each count reads at most TASK_COUNT_CAP + 1 rows of each branch (the indexes serve each
    // range), so a list costs the same with ten open tasks as with a hundred thousand.
    const cs = new Params();
    const nowParam = cs.add(now);
    const dayStart = `(date_trunc('day', ${nowParam}::timestamptz AT TIME ZONE '${TIME_ZONE}') AT TIME ZONE '${TIME_ZONE}')`;
    const over = TASK_COUNT_CAP + 1;
    const count = (condition: string) =>
      `(SELECT count(*)::int FROM (SELECT 1 FROM (${branches
        .map((b) => `(SELECT id FROM tasks WHERE ${b(cs)} AND ${filter(cs, false)} AND ${condition} LIMIT ${over})`)
        .join(union)}) u LIMIT ${over}) x)`;
    const [rows, counts] = await Promise.all([
      this.db.query(`SELECT * FROM (${parts.join(union)}) x ORDER BY due_at, id LIMIT ${n}`, ps.values) as Promise<TaskRow[]>,
      this.db.query(
        `SELECT ${count('TRUE')} AS total, ${count(`due_at < ${nowParam}`)} AS overdue, ${count('escalation_level > 0')} AS escalated,
                ${count(`due_at >= ${dayStart} AND due_at < ${dayStart} + interval '1 day'`)} AS due_today`,
        cs.values,
      ) as Promise<{ total: number; overdue: number; escalated: number; due_today: number }[]>,
    ]);
    const items = rows.slice(0, f.limit).map((r) => taskItem(r, now, intake));
    const c = counts[0];
    const counted = { total: c.total, overdue: c.overdue, escalated: c.escalated, dueToday: c.due_today };
    const capped = (Object.keys(counted) as (keyof typeof counted)[]).filter((k) => counted[k] > TASK_COUNT_CAP);
    for (const k of capped) counted[k] = TASK_COUNT_CAP;
    const page: TaskPage = { items, counts: { ...counted, capped } };
    const last = rows.length > f.limit ? rows[f.limit - 1] : undefined;
    if (last) page.next = encodeKey(last.due_at, last.id);
    return page;
  }

  /** How the person stands to a team: leads it (supervisor, deputy, head), works in it, or neither. Unknown teams: neither. */
  private async standingIn(p: Principal, teamId: string): Promise<'lead' | 'member' | 'none'> {
    if (!TEAM_ID.test(teamId)) throw new BadRequestException('teamId must be a team id (lower-case letters, digits and -)');
    const [team] = (await this.db.query('SELECT supervisor_id::text AS s, deputy_id::text AS d FROM teams WHERE id = $1', [teamId])) as {
      s: string | null;
      d: string | null;
    }[];
    if (!team) return 'none';
    if (p.roles.includes('head-of-department')) return 'lead';
    if ((team.s === p.userId && p.roles.includes('supervisor')) || team.d === p.userId) return 'lead';
    if (p.roles.includes('coordinator') && p.teamId === teamId) return 'member';
    return 'none';
  }

  private async intakeTeam(): Promise<string | null> {
    return (await department(this.db.manager))?.intakeTeamId ?? null;
  }

  /** A list that shows case and task ids is a read of case data: recorded before it is answered. */
  private async record(p: Principal, action: 'task-list.read' | 'case-list.read', teamId: string | null): Promise<void> {
    await this.audit.record({ actorId: p.userId, actorRole: actingRole(p, 'case:read'), action, teamId, outcome: 'allowed' });
  }
}

type Branch = (ps: Params) => string;
type TeamBranch = (ps: Params) => string;

/** A team's rows: `team_id = T`, and for the intake team also those without a team (new reports), as a separate index scan. */
function teamBranches(teamId: string | null, intake: string | null): TeamBranch[] {
  if (!teamId) return [];
  const own: TeamBranch = (ps) => `team_id = ${ps.add(teamId)}`;
  return teamId === intake ? [own, () => 'team_id IS NULL'] : [own];
}

/**
 * Strictly after the key in the order (next_deadline NULLS LAST, id), as alternatives that each
 * keep to one index range: the dated cases after the key, then those without a deadline.
 */
function afterCaseKey(key: PageKey | null): Branch[] {
  if (!key) return [() => 'TRUE'];
  if (key.at === null) return [(ps) => `next_deadline IS NULL AND id > ${ps.add(key.id)}::uuid`];
  const at = key.at;
  return [(ps) => `(next_deadline, id) > (${ps.add(at)}::timestamptz, ${ps.add(key.id)}::uuid)`, () => 'next_deadline IS NULL'];
}

interface TaskFilters {
  kind?: string;
  state?: (typeof TASK_STATES)[number];
  caseId?: string;
  limit: number;
  key: PageKey | null;
}

function taskFilters(q: Record<string, unknown>): TaskFilters {
  const f: TaskFilters = { limit: pageLimit(q.limit), key: decodeKey(q.cursor) };
  if (f.key && !isUuid(f.key.id))
    throw new BadRequestException('cursor is not valid: pass the `next` value of the previous page unchanged');
  if (q.kind !== undefined) {
    if (typeof q.kind !== 'string' || !(TASK_KINDS as readonly string[]).includes(q.kind))
      throw new BadRequestException(`kind must be one of ${TASK_KINDS.join(', ')}`);
    f.kind = q.kind;
  }
  if (q.state !== undefined) {
    if (typeof q.state !== 'string' || !(TASK_STATES as readonly string[]).includes(q.state))
      throw new BadRequestException(`state must be one of ${TASK_STATES.join(', ')}`);
    f.state = q.state as TaskFilters['state'];
  }
  if (q.caseId !== undefined) {
    if (typeof q.caseId !== 'string' || !isUuid(q.caseId)) throw new BadRequestException('caseId must be a UUID');
    f.caseId = q.caseId;
  }
  return f;
}

interface CaseFilters {
  phase?: string;
  coordinatorId?: string;
  teamId?: string;
  overdue?: boolean;
  policyVersion?: string;
  closed?: boolean;
}

function caseFilters(q: Record<string, unknown>): CaseFilters {
  const f: CaseFilters = {};
  const text = (name: keyof CaseFilters, pattern: RegExp, what: string) => {
    const v = q[name];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !pattern.test(v)) throw new BadRequestException(`${name} must be ${what}`);
    return v;
  };
  const flag = (name: 'overdue' | 'closed') => {
    const v = q[name];
    if (v === undefined) return undefined;
    if (v !== 'true' && v !== 'false') throw new BadRequestException(`${name} must be true or false`);
    return v === 'true';
  };
  f.phase = text('phase', /^[a-z][a-z-]{0,39}$/, 'a phase (lower-case letters and -)');
  f.coordinatorId = text('coordinatorId', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a UUID');
  f.teamId = text('teamId', TEAM_ID, 'a team id (lower-case letters, digits and -)');
  f.policyVersion = text('policyVersion', /^[A-Za-z0-9._-]{1,100}$/, 'a policy version (letters, digits, . _ -)');
  f.overdue = flag('overdue');
  f.closed = flag('closed');
  const key = decodeKey(q.cursor);
  if (key && !isUuid(key.id)) throw new BadRequestException('cursor is not valid: pass the `next` value of the previous page unchanged');
  pageLimit(q.limit);
  return f;
}

function taskItem(r: TaskRow, now: Date, intake: string | null): TaskItem {
  const due = r.due_at.getTime();
  const overdue = due < now.getTime();
  return {
    taskId: r.id,
    kind: r.kind,
    caseId: r.case_id,
    familyId: r.family_id,
    measureId: r.measure_id,
    teamId: r.team_id ?? intake,
    dueAt: r.due_at.toISOString(),
    escalationLevel: r.escalation_level,
    overdue,
    dueSoon: !overdue && due - now.getTime() <= DUE_SOON_MS,
    escalated: r.escalation_level > 0,
    assignee: { role: r.assignee_role, userId: r.assignee_id },
    escalatedTo: r.escalated_to_role || r.escalated_to_user_id ? { role: r.escalated_to_role, userId: r.escalated_to_user_id } : null,
    clock: r.clock_state ? { state: r.clock_state, changedAt: r.clock_changed_at?.toISOString() ?? null } : null,
  };
}
