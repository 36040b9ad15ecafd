import { ApplicationFailure, Context } from '@temporalio/activity';
import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Outbox } from '../libs/mail/outbox';
import { newContactMail } from '../libs/mail/templates/new-contact.template';
import { ReadModel } from '../libs/read-model/read-model';
import {
  assignCoordinatorUpdate,
  caseWorkflowId,
  CommandRejection,
  familyWorkflowId,
  type SetFamilyCoordinatorCommand,
  setFamilyCoordinatorUpdate,
} from '../workflows/contract';
import type { ActivityDeps } from './deps';

export interface ReassignCaseInput {
  caseId: string;
  coordinatorId: string;
  teamId: string;
  actor: string;
  reason: string;
}

export type ReassignResult = { moved: true; refused?: { caseId: string; reason: string }[] } | { moved: false; reason: string };

/** Whether the update was refused for a reason a person must handle (as opposed to a fault to retry). */
function refusal(err: unknown): string | undefined {
  if (err instanceof WorkflowNotFoundError) return 'the case is closed';
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause.type ?? err.cause.message;
  return undefined;
}

/**
 * Family-level side effects: telling the family who their new contact is, and handing cases and
 * families to another coordinator through their workflows' own commands (so every rule — caseload
 * cap, read-in task, counting the change — applies exactly as when a supervisor does it by hand).
 */
export function createFamilyActivities({ dataSource, temporal }: Pick<ActivityDeps, 'dataSource' | 'temporal'>, outbox: Outbox) {
  const readModel = ReadModel.of(dataSource);
  const client = (): Client => {
    if (!temporal) throw ApplicationFailure.nonRetryable('This worker has no Temporal client for handovers', 'NoTemporalClient');
    return temporal;
  };
  return {
    async reassignCase({ caseId, coordinatorId, teamId, actor, reason }: ReassignCaseInput): Promise<ReassignResult> {
      try {
        const info = Context.current().info;
        await client()
          .workflow.getHandle(caseWorkflowId(caseId))
          .executeUpdate(assignCoordinatorUpdate, {
            args: [{ actor, coordinatorId, teamId, reason }],
            // A retried step gets the first answer instead of applying the change twice.
            updateId: `reassign:${info.workflowExecution?.runId}:${info.activityId}:${caseId}`,
          });
        return { moved: true };
      } catch (err) {
        const why = refusal(err);
        if (why === CommandRejection.AlreadyAssigned) return { moved: true }; // a retry after success
        if (why) return { moved: false, reason: why };
        throw err;
      }
    },

    async reassignFamily(input: { familyId: string } & SetFamilyCoordinatorCommand): Promise<ReassignResult> {
      const { familyId, ...command } = input;
      try {
        // One update id per handover step: a retried activity gets the first answer, with the cases it could not move.
        const { refused } = await client()
          .workflow.getHandle(familyWorkflowId(familyId))
          .executeUpdate(setFamilyCoordinatorUpdate, {
            args: [command],
            updateId: `handover:${Context.current().info.workflowExecution?.runId}:${familyId}`,
          });
        return { moved: true, refused: refused ?? [] };
      } catch (err) {
        const why = refusal(err);
        if (why === CommandRejection.AlreadyAssigned) return { moved: true }; // nothing to move: it is already so
        if (why) return { moved: false, reason: why };
        throw err;
      }
    },

    /** Families and lone cases (not linked to a family) held by a coordinator, from the read model. */
    async listHoldings({ coordinatorId }: { coordinatorId: string }): Promise<{ familyIds: string[]; caseIds: string[] }> {
      const familyIds = await readModel.families.coordinatedBy(coordinatorId);
      const caseIds = await readModel.cases.loneCasesOf(coordinatorId);
      return { familyIds, caseIds };
    },

    /** Tells the family who their new contact person is (idempotent per change through the outbox). */
    async notifyFamilyOfNewContact({
      familyId,
      changeId,
      coordinatorId,
    }: {
      familyId: string;
      changeId: string;
      coordinatorId: string;
    }): Promise<{ sent: boolean }> {
      const family = await readModel.families.find(familyId);
      if (!family?.contactEmail) return { sent: false };
      const outboxId = `new-contact:${familyId}:${changeId}`;
      const m = newContactMail({ coordinatorId });
      await readModel.mailOutbox.add({ id: outboxId, familyId, toAddress: family.contactEmail, subject: m.subject, bodyText: m.text });
      await outbox.deliver(outboxId);
      await readModel.transaction((tx) =>
        tx.caseEvents.append({
          familyId,
          type: 'family.told-new-contact',
          actor: 'system',
          occurredAt: new Date(),
          data: { coordinatorId },
          dedupeKey: `${outboxId}:told`,
        }),
      );
      return { sent: true };
    },
  };
}
