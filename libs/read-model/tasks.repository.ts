import { In, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { TaskEntity } from '../db/entities';
import type { Db } from './db';

/** A task as the API's task routes need it: what owns it, who holds it, and whether it is still open. */
export interface TaskRow {
  id: string;
  case_id: string | null;
  measure_id: string | null;
  family_id: string | null;
  kind: string;
  assignee_role: string;
  assignee_id: string | null;
  status: string;
}

/** `tasks`: the open and done tasks of cases, measures and families, as their workflows project them. */
export class TasksRepository {
  constructor(private readonly db: Db) {}

  async find(taskId: string): Promise<TaskRow | null> {
    const [row] = (await this.db.query(
      'SELECT id, case_id, measure_id, family_id, kind, assignee_role, assignee_id, status FROM tasks WHERE id = $1',
      [taskId],
    )) as TaskRow[];
    return row ?? null;
  }

  /** What owns the task: its measure, case or family (null for a task not in the read model). */
  async ownerOf(taskId: string): Promise<Pick<TaskRow, 'case_id' | 'measure_id' | 'family_id'> | null> {
    const [row] = (await this.db.query('SELECT case_id, measure_id, family_id FROM tasks WHERE id = $1', [taskId])) as Pick<
      TaskRow,
      'case_id' | 'measure_id' | 'family_id'
    >[];
    return row ?? null;
  }

  /** Whom the task is assigned to: its role and person. */
  async assigneeOf(taskId: string): Promise<{ id: string; assigneeRole: string; assigneeId: string | null } | undefined> {
    const rows = (await this.db.query('SELECT id, assignee_role, assignee_id FROM tasks WHERE id = $1', [taskId])) as {
      id: string;
      assignee_role: string;
      assignee_id: string | null;
    }[];
    return rows[0] && { id: rows[0].id, assigneeRole: rows[0].assignee_role, assigneeId: rows[0].assignee_id };
  }

  /** What each task is about (an approval's decision, a clock change's task), by task id. */
  async subjectsOf(taskIds: string[]): Promise<Map<string, string | null>> {
    const rows = (await this.db.query(`SELECT id::text AS id, subject_id FROM tasks WHERE id = ANY($1::uuid[])`, [taskIds])) as {
      id: string;
      subject_id: string | null;
    }[];
    return new Map(rows.map((r) => [r.id, r.subject_id]));
  }

  async upsert(rows: QueryDeepPartialEntity<TaskEntity>[]): Promise<void> {
    await this.db.getRepository(TaskEntity).upsert(rows, ['id']);
  }

  /** The case's open tasks go to the team's lists with it (`tasks.team_id`, migration 1795700000100). */
  async moveCaseTasks(caseId: string, teamId: string): Promise<void> {
    await this.db.query('UPDATE tasks SET team_id = $2 WHERE case_id = $1 AND team_id IS DISTINCT FROM $2', [caseId, teamId]);
  }

  /**
   * `tasks.team_id` of the case's tasks (or of the family's own tasks): the team of the task's case,
   * else of its family (null: the intake team's).
   */
  async keepTeams(scope: { caseId: string | null; familyId: string | null }): Promise<void> {
    await this.db.query(
      `UPDATE tasks t SET team_id = x.team_id
         FROM (SELECT k.id, COALESCE(c.team_id, f.team_id) AS team_id
                 FROM tasks k
                 LEFT JOIN cases c ON c.id = k.case_id
                 LEFT JOIN families f ON f.id = COALESCE(k.family_id, c.family_id)
                WHERE ($1::uuid IS NOT NULL AND k.case_id = $1::uuid)
                   OR ($2::uuid IS NOT NULL AND k.family_id = $2::uuid AND k.case_id IS NULL)) x
        WHERE t.id = x.id AND t.team_id IS DISTINCT FROM x.team_id`,
      [scope.caseId, scope.familyId],
    );
  }

  /** Whom the task's escalation at `level` went to; a step older than the task's current level changes nothing. */
  async keepEscalationTarget(taskId: string, to: { role: string | null; userId: string | null }, level: number): Promise<void> {
    await this.db.query(`UPDATE tasks SET escalated_to_role = $2, escalated_to_user_id = $3 WHERE id = $1 AND escalation_level <= $4`, [
      taskId,
      to.role,
      to.userId,
      level,
    ]);
  }

  /** Every task of these cases, oldest first (a family's export). */
  ofCases(caseIds: string[]): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({ where: { caseId: In(caseIds) }, order: { openedAt: 'ASC', id: 'ASC' } });
  }

  /** The family's own tasks (no case named), oldest first. */
  ofFamilyOnly(familyId: string): Promise<TaskEntity[]> {
    return this.db.getRepository(TaskEntity).find({ where: { familyId, caseId: IsNull() }, order: { openedAt: 'ASC', id: 'ASC' } });
  }
}
