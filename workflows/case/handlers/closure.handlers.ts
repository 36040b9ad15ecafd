/**
 * Closure: the case closes with a reason and an outcome snapshot, and, when the child's intake
 * workflow started it, hands back to the intake every report that came too late, so none is
 * dropped on the way out.
 */
import {
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  sleep,
  startChild,
} from '@temporalio/workflow';
import { COMMANDS, caseClosedSignal, type ReportOfConcern, reportReturnedSignal } from '../../contract';
import { enforce } from '../../support/validation';
import type { CaseContext } from '../case.context';
import { closeCaseRefusal } from '../case.rules';
import { outcomeSnapshot } from '../case.state';

export function installCloseCase(c: CaseContext): void {
  c.gate.command(
    COMMANDS.closeCase,
    () => enforce(closeCaseRefusal(c.s)),
    async ({ actor, reason }) => {
      c.noteActor(actor);
      await close(c, actor, reason);
      return c.result();
    },
  );
}

/** Closes the case: its open tasks are cancelled (the close-or-continue task is done), the outcome recorded. */
export async function close(c: CaseContext, actor: string, reason: string): Promise<void> {
  const { s, tasks, projector } = c;
  const at = new Date().toISOString();
  s.closure = { reason, at }; // from here on nothing opens a new task on the case
  const closing = s.closeOrContinueTaskId ? tasks.get(s.closeOrContinueTaskId) : undefined;
  if (closing?.status === 'open') await tasks.complete(closing.taskId, actor, { decision: 'close' });
  for (const t of tasks.openTasks()) await tasks.cancel(t.taskId, actor, 'case closed');
  const outcome = outcomeSnapshot(s, c.policy.version);
  s.closure = { reason, at, outcome };
  await projector.project({
    case: { closedAt: new Date(at), closureReason: reason, outcome: { ...outcome } },
    events: [projector.event('case.closed', actor, { reason, outcome })],
  });
  await c.enterPhase('closed', actor);
}

/** A report that came too late for this case goes back to the intake workflow, for the child's next case. */
export async function handBack(c: CaseContext, report: ReportOfConcern): Promise<void> {
  await tellIntake(c, (intake) => intake.signal(reportReturnedSignal, { caseId: c.s.caseId, report }));
}

/** The last step of a case the intake started: anything left in the inbox goes back, then the intake learns of the closure. */
export async function handOverToIntake(c: CaseContext): Promise<void> {
  const s = c.s;
  // The last report's receipt is on its way: the case completes once it is sent (or handed to the coordinator).
  await condition(() => !c.processingReport && c.receiptsInFlight === 0 && c.projector.idle);
  while (s.inbox.length > 0) await handBack(c, s.inbox.shift()!);
  await tellIntake(c, (intake) => intake.signal(caseClosedSignal, { caseId: s.caseId }));
  // A report signalled while we were telling the intake is handed back before the case completes.
  await condition(allHandlersFinished);
}

/**
 * Signals the intake workflow. It only ends when an admin ends it: then this case starts it again
 * (the API would too, with the child's next report), so what it carries is never lost.
 */
async function tellIntake(c: CaseContext, send: (intake: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>): Promise<void> {
  const workflowId = c.s.intakeWorkflowId!;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send(getExternalWorkflowHandle(workflowId));
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn('The intake workflow could not be signalled; starting it again', { caseId: c.s.caseId, intakeWorkflowId: workflowId });
    }
    try {
      await startChild('childIntakeWorkflow', {
        workflowId,
        args: [{ childId: workflowId.slice('child-'.length) }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      if (isCancellation(err)) throw err;
      // Started meanwhile (by the API, with the child's next report): the next signal reaches it.
    }
    await sleep(Math.min(1000 * 2 ** attempt, 3_600_000));
  }
}
