import { ApplicationFailure } from '@temporalio/activity';
import { CaseEntity } from '../libs/db/entities';
import { CommandRejection } from '../workflows/contract';
import type { ActivityDeps } from './deps';

export interface AssignCaseInput {
  caseId: string;
  coordinatorId: string;
  teamId: string;
  cap: number;
}

export interface AssignCaseResult {
  /** Open cases of the coordinator, this one included. */
  caseload: number;
}

export function createCaseloadActivities({ dataSource }: Pick<ActivityDeps, 'dataSource'>) {
  return {
    /**
     * Puts the case on the coordinator's caseload unless that would pass the cap. A transaction-level
     * advisory lock per coordinator makes count-and-assign atomic, so two cases assigned at the same
     * moment cannot both take the last place.
     */
    async assignCase({ caseId, coordinatorId, teamId, cap }: AssignCaseInput): Promise<AssignCaseResult> {
      return dataSource.transaction(async (em) => {
        await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`caseload:${coordinatorId}`]);
        const [{ count }] = (await em.query(
          `SELECT count(*)::int AS count FROM cases WHERE coordinator_id = $1 AND phase <> 'closed' AND id <> $2`,
          [coordinatorId, caseId],
        )) as { count: number }[];
        if (count >= cap) {
          throw ApplicationFailure.nonRetryable(
            `Coordinator ${coordinatorId} already has ${count} open cases (cap ${cap})`,
            CommandRejection.CaseloadCapReached,
            { caseload: count, cap },
          );
        }
        await em.getRepository(CaseEntity).update({ id: caseId }, { coordinatorId, teamId });
        // The case's open tasks go to the new team's lists with it (tasks.team_id, migration 1795700000100).
        await em.query('UPDATE tasks SET team_id = $2 WHERE case_id = $1 AND team_id IS DISTINCT FROM $2', [caseId, teamId]);
        return { caseload: count + 1 };
      });
    },
  };
}
