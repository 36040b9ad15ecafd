import type { Db } from './db';

/**
 * A list's counts stop at this many: counting further read every open task of an intake team with
 * tens of thousands waiting on each refresh, and held the inbox to about 40 requests a second
 * (docs/benchmarks.md, national scale). A count that reached it is named in `capped` ("1000+").
 */
export const TASK_COUNT_CAP = 1000;

/** The department's calendar day, for `dueToday`. */
const TIME_ZONE = 'Europe/Copenhagen';

export interface TaskListRow {
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

export interface CaseListRow {
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

/** A list's position: the sort key and id of the last item shown (at null: a case without a deadline). */
export interface ListKey {
  at: string | null;
  id: string;
}

/**
 * A team's rows. A case or task without a team is the intake team's: for the intake team its rows
 * are `team_id = T` and `team_id IS NULL`, two index ranges that never hold the same row.
 */
export interface TeamScope {
  teamId: string;
  /** The department's intake team. */
  intake: string | null;
}

/** Whose open tasks a list shows: each one an index range answered on its own. */
export type TaskSource =
  | { assigneeId: string }
  | { escalatedTo: string }
  /** The role's unassigned tasks in the team. */
  | { pool: string; team: TeamScope }
  /** The role's unassigned tasks in every team. */
  | { pool: string }
  | { team: TeamScope };

export interface TaskListFilter {
  kind?: string;
  caseId?: string;
  state?: 'open' | 'overdue' | 'escalated';
  key: ListKey | null;
  limit: number;
}

export interface TaskCountRow {
  total: number;
  overdue: number;
  escalated: number;
  due_today: number;
}

/** What one list of the supervisor's board holds. */
export type BoardList = 'overdue' | 'approvals' | 'urgency' | 'changed-clocks';

/** Whose cases a case list shows. */
export type CaseSource = 'all' | { coordinatorId: string } | { unassignedIn: TeamScope } | { team: TeamScope };

export interface CaseListFilter {
  phase?: string;
  coordinatorId?: string;
  teamId?: string;
  overdue?: boolean;
  policyVersion?: string;
  closed?: boolean;
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

type Branch = (ps: Params) => string;

/**
 * The work lists, read by key in the order each shows. A list is the union of a few branches (mine,
 * those I stand in for, escalated to me, my role's pool in my team…), each answered from one index
 * in key order and cut at the page size, so a page costs a few short index scans however large the
 * tables grow (migration 1795700000100, docs/benchmarks.md).
 */
export class WorkListsRepository {
  constructor(private readonly db: Db) {}

  /**
   * A page of open tasks and the list's counts (each count read up to TASK_COUNT_CAP + 1 rows of
   * each branch). `disjoint`: no task matches two sources, so the union need not look for duplicates.
   */
  async taskPage(
    sources: TaskSource[],
    f: TaskListFilter,
    now: Date,
    disjoint = false,
  ): Promise<{ rows: TaskListRow[]; counts: TaskCountRow }> {
    const branches = sources.flatMap(taskBranches);
    const union = disjoint ? ' UNION ALL ' : ' UNION ';
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
      this.db.query(`SELECT * FROM (${parts.join(union)}) x ORDER BY due_at, id LIMIT ${n}`, ps.values) as Promise<TaskListRow[]>,
      this.db.query(
        `SELECT ${count('TRUE')} AS total, ${count(`due_at < ${nowParam}`)} AS overdue, ${count('escalation_level > 0')} AS escalated,
                ${count(`due_at >= ${dayStart} AND due_at < ${dayStart} + interval '1 day'`)} AS due_today`,
        cs.values,
      ) as Promise<TaskCountRow[]>,
    ]);
    return { rows, counts: counts[0] };
  }

  /**
   * One list of the board: the team's open tasks of that list, at most `cap`, and how many there
   * are; with `caseId`, only that case's.
   */
  async boardList(
    team: TeamScope,
    list: BoardList,
    now: Date,
    cap: number,
    caseId?: string,
  ): Promise<{ rows: TaskListRow[]; count: number }> {
    const teams = teamBranches(team).map((b): Branch => (caseId ? (ps) => `(${b(ps)} AND case_id = ${ps.add(caseId)})` : b));
    const where: Branch =
      list === 'overdue'
        ? (ps) => `due_at < ${ps.add(now)}`
        : list === 'approvals'
          ? // Decisions and plans to approve, and requests to pause or extend a statutory clock.
            () => `kind IN ('approval', 'clock-change-approval')`
          : list === 'urgency'
            ? () => `kind = 'urgency-assessment'`
            : // Statutory clocks that run on other terms than the law's, with a supervisor's approval.
              () => `clock_state IN ('paused', 'extended')`;
    const order = list === 'changed-clocks' ? 'clock_changed_at DESC, id' : 'due_at, id';
    const ps = new Params();
    const limit = ps.add(cap);
    const parts = teams.map(
      (t) => `(SELECT ${TASK_COLUMNS} FROM tasks WHERE status = 'open' AND ${t(ps)} AND ${where(ps)} ORDER BY ${order} LIMIT ${limit})`,
    );
    const cs = new Params();
    const countParts = teams.map((t) => `(SELECT count(*)::int AS n FROM tasks WHERE status = 'open' AND ${t(cs)} AND ${where(cs)})`);
    const [rows, counted] = await Promise.all([
      this.db.query(`SELECT * FROM (${parts.join(' UNION ALL ')}) x ORDER BY ${order} LIMIT ${limit}`, ps.values) as Promise<TaskListRow[]>,
      this.db.query(`SELECT sum(n)::int AS n FROM (${countParts.join(' UNION ALL ')}) x`, cs.values) as Promise<{ n: number }[]>,
    ]);
    return { rows, count: counted[0].n };
  }

  /** The team's escalated open tasks, the first `cap` of each level by due time, each with its level's count. */
  async escalationsByLevel(team: TeamScope, cap: number, caseId?: string): Promise<(TaskListRow & { n: number })[]> {
    const teams = teamBranches(team).map((b): Branch => (caseId ? (ps) => `(${b(ps)} AND case_id = ${ps.add(caseId)})` : b));
    const ps = new Params();
    const limit = ps.add(cap);
    return (await this.db.query(
      `SELECT * FROM (
         SELECT ${TASK_COLUMNS}, row_number() OVER (PARTITION BY escalation_level ORDER BY due_at, id) AS rn,
                count(*) OVER (PARTITION BY escalation_level)::int AS n
           FROM tasks WHERE status = 'open' AND escalation_level > 0 AND (${teams.map((t) => t(ps)).join(' OR ')})
       ) x WHERE rn <= ${limit} ORDER BY escalation_level, due_at, id`,
      ps.values,
    )) as (TaskListRow & { n: number })[];
  }

  /** Open cases per active coordinator of the team, with their caseload target. */
  async caseload(teamId: string): Promise<{ user_id: string; caseload_target: number | null; open_cases: number }[]> {
    return (await this.db.query(
      `SELECT u.id::text AS user_id, u.caseload_target,
              (SELECT count(*)::int FROM cases c WHERE c.coordinator_id = u.id::text AND c.closed_at IS NULL) AS open_cases
         FROM users u
        WHERE u.team_id = $1 AND u.active AND 'coordinator' = ANY(u.roles)
        ORDER BY u.id`,
      [teamId],
    )) as { user_id: string; caseload_target: number | null; open_cases: number }[];
  }

  /**
   * A page of cases by next deadline (none last), strictly after `key`, at most `limit` + 1 (one
   * more tells whether a next page exists). `intake` is the department's intake team: a filter on
   * it takes the cases without a team too.
   */
  async casePage(
    sources: CaseSource[],
    f: CaseListFilter,
    intake: string | null,
    key: ListKey | null,
    limit: number,
    now: Date,
  ): Promise<CaseListRow[]> {
    const branches: Branch[] = sources.flatMap(caseBranches);
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
    return parts.length
      ? ((await this.db.query(
          `SELECT * FROM (${parts.join(' UNION ')}) x ORDER BY next_deadline, id LIMIT ${n}`,
          ps.values,
        )) as CaseListRow[])
      : [];
  }
}

/** A team's rows: `team_id = T`, and for the intake team also those without a team (new reports), as a separate index scan. */
function teamBranches({ teamId, intake }: TeamScope): Branch[] {
  const own: Branch = (ps) => `team_id = ${ps.add(teamId)}`;
  return teamId === intake ? [own, () => 'team_id IS NULL'] : [own];
}

function taskBranches(s: TaskSource): Branch[] {
  if ('assigneeId' in s) return [(ps) => `assignee_id = ${ps.add(s.assigneeId)}`];
  if ('escalatedTo' in s) return [(ps) => `escalated_to_user_id = ${ps.add(s.escalatedTo)} AND escalation_level > 0`];
  if ('pool' in s) {
    if (!('team' in s)) return [(ps) => `assignee_id IS NULL AND assignee_role = ${ps.add(s.pool)}`];
    return teamBranches(s.team).map((team) => (ps: Params) => `assignee_id IS NULL AND assignee_role = ${ps.add(s.pool)} AND ${team(ps)}`);
  }
  return teamBranches(s.team);
}

function caseBranches(s: CaseSource): Branch[] {
  if (s === 'all') return [() => 'TRUE'];
  if ('coordinatorId' in s) return [(ps) => `coordinator_id = ${ps.add(s.coordinatorId)}`];
  if ('unassignedIn' in s) return teamBranches(s.unassignedIn).map((team) => (ps: Params) => `coordinator_id IS NULL AND ${team(ps)}`);
  return teamBranches(s.team);
}

/**
 * Strictly after the key in the order (next_deadline NULLS LAST, id), as alternatives that each
 * keep to one index range: the dated cases after the key, then those without a deadline.
 */
function afterCaseKey(key: ListKey | null): Branch[] {
  if (!key) return [() => 'TRUE'];
  if (key.at === null) return [(ps) => `next_deadline IS NULL AND id > ${ps.add(key.id)}::uuid`];
  const at = key.at;
  return [(ps) => `(next_deadline, id) > (${ps.add(at)}::timestamptz, ${ps.add(key.id)}::uuid)`, () => 'next_deadline IS NULL'];
}
