import { ApplicationFailure } from '@temporalio/activity';
import { ReadModel } from '../libs/read-model/read-model';
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
  const readModel = ReadModel.of(dataSource);
  return {
    /**
     * Puts the case on the coordinator's caseload unless that would pass the cap. A transaction-level
     * advisory lock per coordinator makes count-and-assign atomic, so two cases assigned at the same
     * moment cannot both take the last place.
     */
    async assignCase({ caseId, coordinatorId, teamId, cap }: AssignCaseInput): Promise<AssignCaseResult> {
      return readModel.transaction(async (tx) => {
        await tx.cases.lockCaseload(coordinatorId);
        const count = await tx.cases.openCasesOf(coordinatorId, caseId);
        if (count >= cap) {
          throw ApplicationFailure.nonRetryable(
            `Coordinator ${coordinatorId} already has ${count} open cases (cap ${cap})`,
            CommandRejection.CaseloadCapReached,
            { caseload: count, cap },
          );
        }
        await tx.cases.update(caseId, { coordinatorId, teamId });
        // The case's open tasks go to the new team's lists with it.
        await tx.tasks.moveCaseTasks(caseId, teamId);
        return { caseload: count + 1 };
      });
    },
  };
}
