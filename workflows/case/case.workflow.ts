/**
 * The life of one child case (børnesag), from the first report of concern to closure
 * (Barnets Lov; PRODUCT.md section 2). Read `caseWorkflow` top to bottom for the story; the
 * commands people send (Temporal updates) are wired below it, each installed from the handlers of
 * its phase (handlers/), with its rule in case.rules.ts and the state in case.state.ts.
 * Deterministic code only: side effects are activities, every wait is a Temporal timer.
 */
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CasePolicy } from '../../libs/policy/case-policy';
import { type CaseOutcome, caseViewQuery, type CaseWorkflowInput, type CasePhase } from '../contract';
import { reportOfConcernSchema, schemaProblem } from '../schema-basics';
import { CaseContext } from './case.context';
import { isPast, newCaseState, type CaseState, trimForNextRun } from './case.state';
import { caseView } from './case.view';
import {
  installChildConversation,
  installSubmitAssessment,
  installTriage,
  openPreliminaryAssessment,
} from './handlers/assessment.handlers';
import { handOverToIntake, installCloseCase } from './handlers/closure.handlers';
import { installDecideApproval, installProposeMeasure, installSubmitPlan } from './handlers/decisions.handlers';
import { installReassessment, installReportReceived, installUrgencyAssessment, processReports } from './handlers/intake.handlers';
import { installGoalsScored, installMeasureEnded, installMeasureTasks } from './handlers/measures.handlers';
import {
  installAssignCoordinator,
  installCaseClockChanges,
  installCaseCompleteTask,
  installCaseReassignTask,
} from './handlers/tasks.handlers';

export async function caseWorkflow(input: CaseWorkflowInput): Promise<CaseOutcome> {
  const policy: CasePolicy = input.policy;
  const s: CaseState = (input.resume as CaseState | undefined) ?? newCaseState(input.caseId);
  // A case its intake workflow opens takes the first report with its start, not by a later signal.
  if (!input.resume && input.firstReport && !schemaProblem(reportOfConcernSchema, input.firstReport)) s.inbox.push(input.firstReport);
  s.runs++;
  s.intakeWorkflowId ??= input.intakeWorkflowId;
  const c = new CaseContext(s, policy);

  installHandlers(c);
  c.tasks.resumeAll();
  c.refreshSearchAttributes();
  void processReports(c);
  const past = (phase: CasePhase) => () => isPast(s, phase);
  const waitFor = (done: () => boolean, until?: Date) => waitOrContinueAsNew(c, input, done, until);

  // 1. Intake (BL §§ 133–136). Each report is recorded, the reporter gets a receipt, and the
  //    report is assessed within 24 clock hours. The first triage decides what follows.
  await waitFor(past('intake'));

  // 2. Screening (afdækning), when triage chose it: a second triage decision ends it.
  await waitFor(past('screening'));

  // 3. Child-welfare assessment (børnefaglig undersøgelse, BL § 20): due 4 calendar months from the
  //    day the municipality became aware. When that passes, a preliminary assessment (foreløbig
  //    vurdering) is due, and the assessment task keeps reminding weekly until it is done.
  if (s.phase === 'assessment' && !s.assessment!.preliminaryTaskId) {
    if ((await waitFor(past('assessment'), new Date(s.assessment!.dueAt))) === 'timeout') openPreliminaryAssessment(c);
  }
  await waitFor(past('assessment'));

  // 4. Decision: measures are proposed after a child conversation and approved by a supervisor
  //    (four eyes). The first approved measure moves the case on.
  await waitFor(past('decision'));

  // 5. Measures and follow-up: each measure runs as its own workflow with its own follow-up clock;
  //    the child's plan is due 3 months after the first measure decision. New reports are
  //    re-assessed by someone new to the case. The case closes when no measure is left running.
  await waitFor(past('measures'));

  // 6. Closed, with a reason and an outcome snapshot.
  await condition(() => c.projector.idle && c.receiptsInFlight === 0 && allHandlersFinished());
  if (s.intakeWorkflowId) await handOverToIntake(c);
  return { caseId: s.caseId, closedAt: s.closure!.at, reason: s.closure!.reason };
}

/**
 * The commands (updates with validators: a rejected command leaves no trace in the history) and
 * events of a case, in the order they are installed (buffered ones are delivered in that order).
 */
function installHandlers(c: CaseContext): void {
  installReportReceived(c);
  installMeasureEnded(c);
  installGoalsScored(c);
  installMeasureTasks(c);
  setHandler(caseViewQuery, () => caseView(c.s, c.policy));
  installAssignCoordinator(c);
  installUrgencyAssessment(c);
  installTriage(c);
  installChildConversation(c);
  installSubmitAssessment(c);
  installProposeMeasure(c);
  installSubmitPlan(c);
  installDecideApproval(c);
  installReassessment(c);
  installCaseCompleteTask(c);
  installCaseClockChanges(c);
  installCloseCase(c);
  installCaseReassignTask(c);
}

/** Waits for `done` (or until `until`), continuing as new when the history has grown long. */
async function waitOrContinueAsNew(
  c: CaseContext,
  input: CaseWorkflowInput,
  done: () => boolean,
  until?: Date,
): Promise<'done' | 'timeout'> {
  for (;;) {
    if (done()) return 'done';
    const ms = until ? until.getTime() - Date.now() : undefined;
    if (ms !== undefined && ms <= 0) return 'timeout';
    const wake = () => done() || safeToContinueAsNew(c);
    // condition() without a timeout resolves to nothing; with one, to whether it woke in time.
    const woke = ms === undefined ? (await condition(wake), true) : await condition(wake, ms);
    if (done()) return 'done';
    if (!woke) return 'timeout';
    if (safeToContinueAsNew(c)) {
      c.tasks.forgetFinished();
      trimForNextRun(c.s);
      await continueAsNew<typeof caseWorkflow>({ ...input, firstReport: undefined, caseId: c.s.caseId, policy: c.policy, resume: c.s });
    }
  }
}

function safeToContinueAsNew(c: CaseContext): boolean {
  return (
    workflowInfo().continueAsNewSuggested &&
    c.projector.idle &&
    c.gate.idle &&
    !c.processingReport &&
    c.receiptsInFlight === 0 &&
    c.s.inbox.length === 0 &&
    allHandlersFinished()
  );
}
