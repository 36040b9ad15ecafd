import type { EntityManager } from 'typeorm';
import type { Recipient } from '../../libs/organisation/directory';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The columns of `tasks` that only the work lists read (migration 1795700000100), kept in the
 * projection's transaction from what it has just written.
 */

/**
 * `tasks.team_id`: the team of the task's case, else of its family (null: the intake team's).
 * Written for the tasks of this step's case or family when tasks were written or the case's or
 * family's team may have changed (an assignment, a handover), so a case moved to another team
 * takes its open tasks to that team's lists in the same transaction.
 */
export async function keepTaskTeams(
  em: EntityManager,
  p: { caseId?: string; familyId?: string; tasks?: unknown[]; case?: object; family?: object },
): Promise<void> {
  const touched = !!p.tasks?.length || (!!p.case && 'teamId' in p.case) || (!!p.family && 'teamId' in p.family);
  if (!touched) return;
  const caseId = p.caseId && UUID.test(p.caseId) ? p.caseId : null;
  const familyId = !caseId && p.familyId && UUID.test(p.familyId) ? p.familyId : null;
  if (!caseId && !familyId) return;
  await em.query(
    `UPDATE tasks t SET team_id = x.team_id
       FROM (SELECT k.id, COALESCE(c.team_id, f.team_id) AS team_id
               FROM tasks k
               LEFT JOIN cases c ON c.id = k.case_id
               LEFT JOIN families f ON f.id = COALESCE(k.family_id, c.family_id)
              WHERE ($1::uuid IS NOT NULL AND k.case_id = $1::uuid)
                 OR ($2::uuid IS NOT NULL AND k.family_id = $2::uuid AND k.case_id IS NULL)) x
      WHERE t.id = x.id AND t.team_id IS DISTINCT FROM x.team_id`,
    [caseId, familyId],
  );
}

/**
 * `tasks.escalated_to_role` / `escalated_to_user_id`: whom a `task.escalated` step went to, as
 * resolved when it fired. A step older than the task's current level (a late retry) changes nothing.
 */
export async function keepEscalationTarget(
  em: EntityManager,
  event: { type: string; data?: Record<string, unknown> },
  recipient: Recipient | undefined,
): Promise<void> {
  const data = event.data ?? {};
  if (event.type !== 'task.escalated' || typeof data.taskId !== 'string' || !UUID.test(data.taskId)) return;
  const level = typeof data.level === 'number' && Number.isInteger(data.level) ? data.level : 0;
  await em.query(`UPDATE tasks SET escalated_to_role = $2, escalated_to_user_id = $3 WHERE id = $1 AND escalation_level <= $4`, [
    data.taskId,
    typeof data.to === 'string' ? data.to : null,
    recipient?.userId ?? null,
    level,
  ]);
}
