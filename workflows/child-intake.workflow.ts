/**
 * One intake workflow per child (`child-<opaque id>`): the single place that knows which case is
 * the child's open case (BL §§ 133–136: a new report joins the open case, else opens one).
 *
 * The API signals-with-start it for every report, so a report is durable the moment Temporal has
 * it, whether or not a worker or the read model is up, and two reports about the same child can
 * never race each other into two cases: the server orders the signals of one workflow. The
 * workflow forwards each report to the child's open case, starts a case when there is none, and
 * learns from the case when it closes; a report the closing case did not take comes back here
 * and goes to the child's next case. Deterministic code only.
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  ParentClosePolicy,
  setHandler,
  sleep,
  startChild,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { CasePolicy } from '../libs/policy/case-policy';
import type { caseWorkflow } from './case/case.workflow';
import {
  caseClosedSignal,
  type CaseWorkflowInput,
  caseWorkflowId,
  type ChildIntakeInput,
  intakeReportSignal,
  type ReportOfConcern,
  reportReceivedSignal,
  reportReturnedSignal,
  type ReportRouting,
  reportRoutingQuery,
} from './contract';

/** Report ids remembered to drop a resent report and to tell the API where a report went. */
const REMEMBERED_REPORTS = 1000;
/** Closed cases remembered, so a late word from one of them cannot touch the open case. */
const REMEMBERED_CLOSED_CASES = 50;

/** Plain data, carried whole through continue-as-new. Holds reports (personal data): encrypted by the codec. */
interface IntakeState {
  childId: string;
  /** The policy of the latest report: a new case starts on it. */
  policy?: CasePolicy;
  /** The child's open case; `started` once its workflow runs. */
  openCase?: { caseId: string; started: boolean };
  /** Reports to forward, oldest first. */
  queue: ReportOfConcern[];
  /** Where each recent report was sent (newest last, bounded). */
  routes: ReportRouting[];
  closedCaseIds: string[];
  casesOpened: number;
  runs: number;
}

export async function childIntakeWorkflow(input: ChildIntakeInput): Promise<void> {
  const s: IntakeState = (input.resume as IntakeState | undefined) ?? {
    childId: input.childId,
    queue: [],
    routes: [],
    closedCaseIds: [],
    casesOpened: 0,
    runs: 0,
  };
  s.runs++;
  /**
   * The report being signalled to its case right now. It is out of the queue, so that a case which
   * takes it and hands it straight back (it was closing) gets it queued again, not dropped.
   */
  let sending: ReportOfConcern | undefined;

  setHandler(intakeReportSignal, ({ report, policy }) => {
    s.policy = policy;
    // The same idempotency key again: the report is already on its way, or there.
    if (routeOf(report.reportId) || isQueued(report.reportId) || sending?.reportId === report.reportId) return;
    s.queue.push(report);
    route(report.reportId, openCaseId());
  });

  setHandler(caseClosedSignal, ({ caseId }) => caseGone(caseId));

  setHandler(reportReturnedSignal, ({ caseId, report }) => {
    caseGone(caseId);
    if (isQueued(report.reportId)) return;
    // Reports are forwarded in the order they were received, returned ones included.
    const at = s.queue.findIndex((r) => r.receivedAt > report.receivedAt);
    s.queue.splice(at < 0 ? s.queue.length : at, 0, report);
    route(report.reportId, openCaseId());
  });

  setHandler(reportRoutingQuery, (reportId) => routeOf(reportId) ?? null);

  for (;;) {
    await condition(() => s.queue.length > 0 || workflowInfo().continueAsNewSuggested);
    if (workflowInfo().continueAsNewSuggested && allHandlersFinished()) {
      await continueAsNew<typeof childIntakeWorkflow>({ childId: s.childId, resume: s });
    }
    if (s.queue.length === 0) continue;
    try {
      await forward(s.queue[0]);
    } catch (err) {
      if (isCancellation(err)) throw err;
      // Nothing here may fail the child's intake: wait a little and try again.
      log.error('Forwarding a report failed; retrying', { error: (err as Error)?.name });
      await sleep('5 seconds');
    }
  }

  /** Sends the oldest report to the child's open case, starting that case first when it is new. */
  async function forward(report: ReportOfConcern): Promise<void> {
    const caseId = openCaseId();
    route(report.reportId, caseId);
    if (!s.openCase!.started) {
      // A new case takes its first report in its start input: one signal and one workflow task fewer.
      const took = await startCase(caseId, report);
      if (s.openCase?.caseId === caseId) s.openCase.started = true;
      if (took) {
        s.queue.splice(s.queue.indexOf(report), 1);
        return;
      }
    }
    s.queue.splice(s.queue.indexOf(report), 1);
    sending = report;
    try {
      await getExternalWorkflowHandle(caseWorkflowId(caseId)).signal(reportReceivedSignal, report);
    } catch (err) {
      if (isCancellation(err)) throw err;
      // The case completed (or an admin ended it) before our word reached it: the report goes to a
      // new case, first in line, unless the case handed it back already.
      caseGone(caseId);
      if (!isQueued(report.reportId)) s.queue.unshift(report);
      route(report.reportId, openCaseId());
    } finally {
      sending = undefined;
    }
  }

  /** Starts the case; true when it started now (and so took `firstReport`, if given). */
  async function startCase(caseId: string, firstReport?: ReportOfConcern): Promise<boolean> {
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

  /** The child's open case, deciding a new one (its id from the workflow's deterministic random) when there is none. */
  function openCaseId(): string {
    s.openCase ??= { caseId: uuid4(), started: false };
    return s.openCase.caseId;
  }

  function caseGone(caseId: string): void {
    if (!s.closedCaseIds.includes(caseId)) {
      s.closedCaseIds.push(caseId);
      if (s.closedCaseIds.length > REMEMBERED_CLOSED_CASES) s.closedCaseIds.shift();
    }
    if (s.openCase?.caseId !== caseId) return;
    s.openCase = undefined;
    // Reports still waiting were meant for that case: they go to the next one.
    for (const r of s.queue) route(r.reportId, openCaseId());
  }

  function isQueued(reportId: string): boolean {
    return s.queue.some((r) => r.reportId === reportId);
  }

  function routeOf(reportId: string): ReportRouting | undefined {
    return s.routes.find((r) => r.reportId === reportId);
  }

  function route(reportId: string, caseId: string): void {
    const known = routeOf(reportId);
    if (known) {
      known.caseId = caseId;
      return;
    }
    s.routes.push({ reportId, caseId });
    if (s.routes.length > REMEMBERED_REPORTS) s.routes.shift();
  }
}
