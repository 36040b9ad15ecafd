/**
 * One measure (foranstaltning / indsats) of a child case, with its own follow-up clock
 * (BL § 95): the first follow-up 3 months after the start (or at the end of a parallel
 * assessment, whichever is earlier), then the cadence the coordinator sets; tilsyn twice a year
 * for placements; a decision before the planned end; and for placed children the decision on
 * support after 18 in time. Measures that do not move the goals are stopped (Aabenraa).
 * The commands are wired below the story, from handlers/; the rules are in measure.rules.ts.
 */
import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, setHandler, workflowInfo } from '@temporalio/workflow';
import { caseWorkflowId, measureTasksSignal, type MeasureView, measureViewQuery, type MeasureWorkflowInput } from '../contract';
import { installDecideMeasureEnd } from './handlers/end.handlers';
import { installAssessmentCompleted, installCompleteAgreedAction, installRecordFollowUp } from './handlers/follow-up.handlers';
import { installContinuedSupport, installSupervisionVisit } from './handlers/placement.handlers';
import { installPlanReturnHome, installRecordReturnHome, returnHomeClock } from './handlers/return-home.handlers';
import {
  installMeasureClockChanges,
  installMeasureCompleteTask,
  installMeasureCoordinator,
  installMeasureReassignTask,
} from './handlers/tasks.handlers';
import { MeasureContext } from './measure.context';
import { firstFollowUpDue, turning18Due } from './measure.rules';
import { type MeasureState, newMeasureState, trimForNextRun } from './measure.state';
import { measureView } from './measure.view';

export async function measureWorkflow(input: MeasureWorkflowInput): Promise<MeasureView> {
  const s: MeasureState = (input.resume as MeasureState | undefined) ?? newMeasureState(input);
  s.runs++;
  const c = new MeasureContext(s, input.policy);

  installHandlers(c);
  void returnHomeClock(c);
  c.tasks.resumeAll();
  c.refreshSearchAttributes();
  void tellCase(c);

  // The measure starts: recorded, and every clock it carries is set.
  if (!s.started) {
    await c.projectMeasure('measure.started', 'system', {
      ladderStep: s.ladderStep,
      type: s.measure.type,
      monthlyCost: s.measure.monthlyCost,
    });
    c.openFollowUp(firstFollowUpDue(s, c.policy));
    c.openEndDecision();
    if (c.isPlacement()) c.openSupervisionVisit(new Date(s.measure.startDate));
    const turning18 = turning18Due(s, c.policy);
    if (turning18) s.turning18TaskId = c.openMeasureTask('turning-18', turning18, c.rules.turning18);
    s.started = true;
  }

  // Follow-up meetings come and go (handlers/follow-up.handlers.ts) until a decision ends the measure.
  // Between meetings, when the history has grown long, the measure continues as new.
  const ended = () => s.status === 'ended';
  for (;;) {
    await condition(() => ended() || workflowInfo().continueAsNewSuggested);
    if (ended()) break;
    await condition(() => ended() || quiet(c));
    if (ended()) break;
    // Other coroutines may have run between the condition and here: check again, then go at once.
    if (!quiet(c)) continue;
    c.tasks.forgetFinished();
    trimForNextRun(s);
    await continueAsNew<typeof measureWorkflow>({ ...input, resume: s });
  }

  await condition(() => c.projector.idle && allHandlersFinished());
  return measureView(s, c.policy);
}

/** The commands and events of a measure, in the order they are installed (buffered ones are delivered in that order). */
function installHandlers(c: MeasureContext): void {
  setHandler(measureViewQuery, () => measureView(c.s, c.policy));
  installAssessmentCompleted(c);
  installMeasureCoordinator(c);
  installRecordFollowUp(c);
  installCompleteAgreedAction(c);
  installSupervisionVisit(c);
  installContinuedSupport(c);
  installDecideMeasureEnd(c);
  installMeasureReassignTask(c);
  installPlanReturnHome(c);
  installRecordReturnHome(c);
  installMeasureCompleteTask(c);
  installMeasureClockChanges(c);
}

function quiet(c: MeasureContext): boolean {
  return c.projector.idle && c.gate.idle && !c.rollUpDue && !c.rollingUp && allHandlersFinished();
}

/** Tells the case the measure's next deadline and escalation level whenever they change, one signal at a time. */
async function tellCase(c: MeasureContext): Promise<void> {
  const { s, tasks } = c;
  for (;;) {
    await condition(() => c.rollUpDue || s.status === 'ended');
    if (s.status === 'ended') return;
    c.rollUpDue = false;
    const summary = { nextDeadline: tasks.nextDeadline()?.toISOString() ?? null, escalationLevel: tasks.maxEscalationLevel() };
    if (s.rolledUp?.nextDeadline === summary.nextDeadline && s.rolledUp?.escalationLevel === summary.escalationLevel) continue;
    c.rollingUp = true;
    try {
      await getExternalWorkflowHandle(caseWorkflowId(s.caseId)).signal(measureTasksSignal, { measureId: s.measureId, ...summary });
      s.rolledUp = summary;
    } catch {
      // The case has closed: nothing left to roll up into.
    } finally {
      c.rollingUp = false;
    }
  }
}
