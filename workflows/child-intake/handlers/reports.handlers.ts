/**
 * The reports of one child: taken from the API (the same idempotency key once), forwarded to the
 * child's open case (starting it when new), and taken back from a case that was closing.
 */
import {
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { caseWorkflow } from '../../case/case.workflow';
import {
  caseClosedSignal,
  type CaseWorkflowInput,
  caseWorkflowId,
  intakeReportSignal,
  type ReportOfConcern,
  reportReceivedSignal,
  reportReturnedSignal,
  reportRoutingQuery,
} from '../../contract';
import { caseGone, type IntakeState, isQueued, openCaseId, requeueReturned, route, routeOf } from '../child-intake.state';
import { reportRouting } from '../child-intake.view';

/** The intake's state and the report being signalled to its case right now. */
export interface Intake {
  s: IntakeState;
  /**
   * Out of the queue while it is signalled, so that a case which takes it and hands it straight back
   * (it was closing) gets it queued again, not dropped.
   */
  sending?: ReportOfConcern;
}

/** The child's open case, a new one (its id from the workflow's deterministic random) when there is none. */
const openCase = (s: IntakeState) => openCaseId(s, uuid4);
const gone = (s: IntakeState, caseId: string) => caseGone(s, caseId, uuid4);

export function installReportHandlers(intake: Intake): void {
  const s = intake.s;
  setHandler(intakeReportSignal, ({ report, policy }) => {
    s.policy = policy;
    // The same idempotency key again: the report is already on its way, or there.
    if (routeOf(s, report.reportId) || isQueued(s, report.reportId) || intake.sending?.reportId === report.reportId) return;
    s.queue.push(report);
    route(s, report.reportId, openCase(s));
  });
  setHandler(caseClosedSignal, ({ caseId }) => gone(s, caseId));
  setHandler(reportReturnedSignal, ({ caseId, report }) => {
    gone(s, caseId);
    if (isQueued(s, report.reportId)) return;
    // Reports are forwarded in the order they were received, returned ones included.
    requeueReturned(s, report);
    route(s, report.reportId, openCase(s));
  });
  setHandler(reportRoutingQuery, (reportId) => reportRouting(s, reportId));
}

/** Sends the oldest report to the child's open case, starting that case first when it is new. */
export async function forward(intake: Intake, report: ReportOfConcern): Promise<void> {
  const s = intake.s;
  const caseId = openCase(s);
  route(s, report.reportId, caseId);
  if (!s.openCase!.started) {
    // A new case takes its first report in its start input: one signal and one workflow task fewer.
    const took = await startCase(s, caseId, report);
    if (s.openCase?.caseId === caseId) s.openCase.started = true;
    if (took) {
      s.queue.splice(s.queue.indexOf(report), 1);
      return;
    }
  }
  s.queue.splice(s.queue.indexOf(report), 1);
  intake.sending = report;
  try {
    await getExternalWorkflowHandle(caseWorkflowId(caseId)).signal(reportReceivedSignal, report);
  } catch (err) {
    if (isCancellation(err)) throw err;
    // The case completed (or an admin ended it) before our word reached it: the report goes to a
    // new case, first in line, unless the case handed it back already.
    gone(s, caseId);
    if (!isQueued(s, report.reportId)) s.queue.unshift(report);
    route(s, report.reportId, openCase(s));
  } finally {
    intake.sending = undefined;
  }
}

/** Starts the case; true when it started now (and so took `firstReport`). */
async function startCase(s: IntakeState, caseId: string, firstReport: ReportOfConcern): Promise<boolean> {
  const args: CaseWorkflowInput = { caseId, policy: s.policy!, intakeWorkflowId: workflowInfo().workflowId, firstReport };
  try {
    // ABANDON: the case lives on its own; this workflow continues as new many times in its life.
    await startChild<typeof caseWorkflow>('caseWorkflow', {
      workflowId: caseWorkflowId(caseId),
      args: [args],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
    s.casesOpened++;
    log.info('Opened a case for a child', { caseId, casesOpened: s.casesOpened });
    return true;
  } catch (err) {
    if (isCancellation(err)) throw err;
    // Only an id already in use ends here (a run replayed after a reset). Signalling it tells
    // whether it still runs; if not, the report goes to a new case.
    log.warn('The case workflow already existed', { caseId });
    return false;
  }
}
