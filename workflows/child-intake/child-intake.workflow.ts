/**
 * One intake workflow per child (`child-<opaque id>`): the single place that knows which case is
 * the child's open case (BL §§ 133–136: a new report joins the open case, else opens one).
 *
 * The API signals-with-start it for every report, so a report is durable the moment Temporal has
 * it, whether or not a worker or the read model is up, and two reports about the same child can
 * never race each other into two cases: the server orders the signals of one workflow. The
 * workflow forwards each report to the child's open case, starts a case when there is none, and
 * learns from the case when it closes; a report the closing case did not take comes back here
 * and goes to the child's next case (handlers/reports.handlers.ts). Deterministic code only.
 */
import { allHandlersFinished, condition, continueAsNew, isCancellation, log, sleep, workflowInfo } from '@temporalio/workflow';
import type { ChildIntakeInput } from '../contract';
import { type IntakeState, newIntakeState } from './child-intake.state';
import { forward, type Intake, installReportHandlers } from './handlers/reports.handlers';

export async function childIntakeWorkflow(input: ChildIntakeInput): Promise<void> {
  const s: IntakeState = (input.resume as IntakeState | undefined) ?? newIntakeState(input.childId);
  s.runs++;
  const intake: Intake = { s };
  installReportHandlers(intake);

  for (;;) {
    await condition(() => s.queue.length > 0 || workflowInfo().continueAsNewSuggested);
    if (workflowInfo().continueAsNewSuggested && allHandlersFinished()) {
      await continueAsNew<typeof childIntakeWorkflow>({ childId: s.childId, resume: s });
    }
    if (s.queue.length === 0) continue;
    try {
      await forward(intake, s.queue[0]);
    } catch (err) {
      if (isCancellation(err)) throw err;
      // Nothing here may fail the child's intake: wait a little and try again.
      log.error('Forwarding a report failed; retrying', { error: (err as Error)?.name });
      await sleep('5 seconds');
    }
  }
}
