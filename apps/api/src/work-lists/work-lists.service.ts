import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { TASK_KINDS as TASK_KIND_TEXT } from '../../../../libs/notifications/task-kinds';
import { OrganisationRepository } from '../../../../libs/read-model/organisation.repository';
import { TasksRepository } from '../../../../libs/read-model/tasks.repository';
import {
  type BoardList,
  type CaseListFilter,
  type CaseSource,
  TASK_COUNT_CAP,
  type TaskListRow,
  type TaskSource,
  type TeamScope,
  WorkListsRepository,
} from '../../../../libs/read-model/work-lists.repository';
import type { TaskKind } from '../../../../workflows/contract';
import { actingRole } from '../audit/acting-role';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { isUuid } from '../common/request-checks';
import { decodeKey, encodeKey, type PageKey, pageLimit } from './page-key';

export { TASK_COUNT_CAP } from '../../../../libs/read-model/work-lists.repository';

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

/**
 * The work lists, read from the read model only (never by asking workflows): who sees which tasks
 * and cases (each list a union of a few sources: mine, those I stand in for, escalated to me, my
 * role's pool in my team…), checked filters and pages, and the audit record of each read. How each
 * source is read by key is WorkListsRepository's.
 */
@Injectable()
export class WorkListsService {
  constructor(
    private readonly lists: WorkListsRepository,
    private readonly organisation: OrganisationRepository,
    private readonly tasks: TasksRepository,
    private readonly audit: AuditService,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Inboxes

  /** My open tasks: mine, those of people away I stand in for, my role's unassigned ones in my team, those escalated to me. */
  async myInbox(p: Principal, query: Record<string, unknown>): Promise<TaskPage> {
    const filters = taskFilters(query);
    const intake = await this.intakeTeam();
    const sources: TaskSource[] = [];
    const people = [p.userId, ...(p.roles.includes('coordinator') ? await this.organisation.standsInFor(p.userId) : [])];
    for (const id of people) sources.push({ assigneeId: id });
    sources.push({ escalatedTo: p.userId });
    if (p.roles.includes('coordinator') && p.teamId) sources.push({ pool: 'coordinator', team: { teamId: p.teamId, intake } });
    for (const t of await this.organisation.teamsLedBy(p.userId)) {
      if (t.supervisorId === p.userId && p.roles.includes('supervisor'))
        sources.push({ pool: 'supervisor', team: { teamId: t.id, intake } });
      if (t.deputyId === p.userId) sources.push({ pool: 'deputy', team: { teamId: t.id, intake } });
    }
    if (p.roles.includes('head-of-department')) sources.push({ pool: 'head-of-department' });
    const page = await this.taskPage(sources, filters, intake);
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
    const page = await this.taskPage([{ team: { teamId, intake } }], filters, intake, true);
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
    const team: TeamScope = { teamId, intake };
    const caseId = only as string | undefined;
    const list = async (which: BoardList) => {
      const { rows, count } = await this.lists.boardList(team, which, now, BOARD_CAP + 1, caseId);
      const items = rows.slice(0, BOARD_CAP).map((r) => taskItem(r, now, intake));
      return { items, count, more: Math.max(0, count - items.length) };
    };
    const [overdue, approvals, urgency, levels, caseload, clocks] = await Promise.all([
      list('overdue'),
      // Decisions and plans to approve, and requests to pause or extend a statutory clock.
      list('approvals'),
      list('urgency'),
      this.escalationsByLevel(team, now, caseId),
      this.caseload(teamId),
      // Statutory clocks that run on other terms than the law's, with a supervisor's approval.
      list('changed-clocks'),
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
    const subjects = await this.tasks.subjectsOf(items.map((t) => t.taskId));
    return items.map((t) => ({ ...t, subjectId: subjects.get(t.taskId) ?? null }));
  }

  private async escalationsByLevel(team: TeamScope, now: Date, caseId: string | undefined) {
    const rows = await this.lists.escalationsByLevel(team, BOARD_CAP, caseId);
    const byLevel = new Map<number, { level: number; count: number; more: number; items: TaskItem[] }>();
    for (const r of rows) {
      const level = byLevel.get(r.escalation_level) ?? { level: r.escalation_level, count: r.n, more: 0, items: [] };
      level.items.push(taskItem(r, now, team.intake));
      level.more = level.count - level.items.length;
      byLevel.set(r.escalation_level, level);
    }
    return [...byLevel.values()];
  }

  /** Open cases per active coordinator of the team, against their caseload target. */
  private async caseload(teamId: string) {
    const rows = await this.lists.caseload(teamId);
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
    const sources: CaseSource[] = [];
    if (p.roles.includes('head-of-department')) sources.push('all');
    else {
      if (p.roles.includes('coordinator')) {
        for (const id of [p.userId, ...(await this.organisation.standsInFor(p.userId))]) sources.push({ coordinatorId: id });
        if (p.teamId && p.teamId === intake) sources.push({ unassignedIn: { teamId: intake, intake } });
      }
      for (const t of await this.organisation.teamsLedAs(p.userId, p.roles.includes('supervisor')))
        sources.push({ team: { teamId: t.id, intake } });
    }
    const limit = pageLimit(query.limit);
    const rows = await this.lists.casePage(sources, f, intake, decodeKey(query.cursor), limit, now);
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

  /** `disjoint`: no task matches two sources (a team's rows), so the union need not look for duplicates. */
  private async taskPage(sources: TaskSource[], f: TaskFilters, intake: string | null, disjoint = false): Promise<TaskPage> {
    const now = new Date();
    const { rows, counts: c } = await this.lists.taskPage(sources, f, now, disjoint);
    const items = rows.slice(0, f.limit).map((r) => taskItem(r, now, intake));
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
    const team = await this.organisation.leadsOf(teamId);
    if (!team) return 'none';
    if (p.roles.includes('head-of-department')) return 'lead';
    if ((team.supervisorId === p.userId && p.roles.includes('supervisor')) || team.deputyId === p.userId) return 'lead';
    if (p.roles.includes('coordinator') && p.teamId === teamId) return 'member';
    return 'none';
  }

  private async intakeTeam(): Promise<string | null> {
    return (await this.organisation.department())?.intakeTeamId ?? null;
  }

  /** A list that shows case and task ids is a read of case data: recorded before it is answered. */
  private async record(p: Principal, action: 'task-list.read' | 'case-list.read', teamId: string | null): Promise<void> {
    await this.audit.record({ actorId: p.userId, actorRole: actingRole(p, 'case:read'), action, teamId, outcome: 'allowed' });
  }
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

function caseFilters(q: Record<string, unknown>): CaseListFilter {
  const f: CaseListFilter = {};
  const text = (name: keyof CaseListFilter, pattern: RegExp, what: string) => {
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

function taskItem(r: TaskListRow, now: Date, intake: string | null): TaskItem {
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
