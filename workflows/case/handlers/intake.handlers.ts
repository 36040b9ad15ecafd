/**
 * Intake (BL §§ 133–136): each report is recorded, the reporter gets a receipt, and the report is
 * assessed within 24 clock hours. A report on a child with a running measure is also re-assessed by
 * someone new to the case (BL § 137).
 */
import { ActivityFailure, ApplicationFailure, condition, proxyActivities, proxyLocalActivities, sleep } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { COMMANDS, reportReceivedSignal } from '../../contract';
import { LOCAL_ONCE } from '../../support/projector';
import { enforce } from '../../support/validation';
import type { CaseContext } from '../case.context';
import {
  reassessmentDue,
  reassessmentRefusal,
  receiptAtRisk,
  receiptDeadline,
  receiptWanted,
  urgencyAssessmentDue,
  urgencyAssessmentRefusal,
} from '../case.rules';
import { isClosing, knowsReport, measuresRunning, reportRecorded } from '../case.state';
import { handBack } from './closure.handlers';

// Recording a report is an idempotent upsert: retry until the database is back.
const record = proxyActivities<Pick<Activities, 'recordReport'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
// The same write first as a local activity, in the workflow task that took the report: no round trip
// through the server (docs/benchmarks.md, national scale). One short attempt; if it fails, the
// regular activity above retries for as long as it takes.
const recordLocally = proxyLocalActivities<Pick<Activities, 'recordReport'>>(LOCAL_ONCE);

// Mail goes through an idempotent outbox. A receipt that cannot be sent is retried automatically
// (every SMTP failure may pass: a server down, a relay refusing for a while) until the receipt
// deadline is at risk; only then does the coordinator get a task to send it another way.
// `windowMs` is the time left until then: the retries stop there (schedule-to-close).
const receiptMail = (windowMs: number) =>
  proxyActivities<Pick<Activities, 'sendReceipt'>>({
    // One attempt ends well inside this: the SMTP timeouts of libs/mail/mailer.ts add up to 20 s.
    startToCloseTimeout: '30 seconds',
    ...(windowMs >= 1000 ? { scheduleToCloseTimeout: windowMs } : {}),
    retry: {
      initialInterval: '1 second',
      backoffCoefficient: 2,
      maximumInterval: '5 minutes',
      // Already at risk (a report recorded late): one attempt, then the coordinator.
      ...(windowMs >= 1000 ? {} : { maximumAttempts: 1 }),
      nonRetryableErrorTypes: ['ReportNotFound'],
    },
  });

/** A report reaches the case: into its inbox, or back to the intake once the case is closing. */
export function installReportReceived(c: CaseContext): void {
  const s = c.s;
  c.gate.signal(
    reportReceivedSignal,
    'reportOfConcernSchema',
    (report) => {
      // A report sent twice (same idempotency key) reaches the case once.
      if (knowsReport(s, report.reportId)) return;
      // Once closure is decided the report belongs to the child's next case: the intake opens it.
      if (s.intakeWorkflowId && isClosing(s)) return handBack(c, report);
      s.inbox.push(report);
    },
    { inTurn: false },
  );
}

/** Takes the inbox's reports one at a time: recorded, their tasks opened, their receipts on their way. */
export async function processReports(c: CaseContext): Promise<void> {
  const { s, policy, tasks } = c;
  for (;;) {
    await condition(() => s.inbox.length > 0 && !s.closure);
    c.processingReport = true;
    const report = s.inbox[0];
    const recording = { caseId: s.caseId, policyVersion: policy.version, report };
    await recordLocally.recordReport(recording).catch(() => record.recordReport(recording));
    const receivedAt = new Date(report.receivedAt);
    reportRecorded(s, report);
    const urgency = {
      kind: 'urgency-assessment',
      assignee: 'coordinator',
      assigneeId: s.coordinatorId,
      subjectId: report.reportId,
    } as const;
    tasks.open({ ...urgency, dueAt: urgencyAssessmentDue(policy, receivedAt), rule: policy.urgencyAssessment });
    if (measuresRunning(s)) {
      const dueAt = reassessmentDue(policy, receivedAt);
      tasks.open({ kind: 'reassessment', assignee: 'coordinator', subjectId: report.reportId, dueAt, rule: policy.reassessment });
    }
    if (receiptWanted(policy, report)) {
      // A receipt may be retried for days: the next report must not wait for it.
      c.receiptsInFlight++;
      void sendReceipt(c, report.reportId, receivedAt).finally(() => c.receiptsInFlight--);
    }
    c.processingReport = false;
  }
}

/** Mails the receipt, retried until its deadline is at risk; then the coordinator is asked to send it. */
async function sendReceipt(c: CaseContext, reportId: string, receivedAt: Date): Promise<void> {
  const { s, policy, projector } = c;
  const deadline = receiptDeadline(policy, receivedAt);
  const atRisk = receiptAtRisk(policy, receivedAt, deadline);
  const attempt = async (windowMs: number): Promise<true | ActivityFailure> => {
    try {
      await receiptMail(windowMs).sendReceipt({ caseId: s.caseId, reportId });
      return true;
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      return err;
    }
  };
  let sent = await attempt(atRisk.getTime() - Date.now());
  // Temporal stops retrying as soon as the next retry would start after the schedule-to-close
  // time, up to one retry interval early: wait for the moment of risk itself and try once more.
  if (
    sent !== true &&
    !(sent.cause instanceof ApplicationFailure && sent.cause.type === 'ReportNotFound') &&
    atRisk.getTime() > Date.now()
  ) {
    await sleep(atRisk.getTime() - Date.now());
    sent = await attempt(0);
  }
  if (sent === true) {
    s.receiptsSent.push(reportId);
    // The receipt figure (sent within 6 weekdays?) has its own event, written by a local activity.
    const onTime = Date.now() <= deadline.getTime();
    await projector.project({ events: [projector.event('receipt.sent', 'system', { reportId, onTime })] }, { local: true });
  } else {
    // Retried until the deadline came at risk: the coordinator sends the receipt another way, in time.
    const manual = { kind: 'manual-receipt', assignee: 'coordinator', assigneeId: s.coordinatorId, subjectId: reportId } as const;
    c.tasks.open({ ...manual, dueAt: deadline, rule: policy.receipt.manualReceipt });
  }
}

/** The urgency assessment of the oldest report waiting for one (BL § 136): is the child in danger? */
export function installUrgencyAssessment(c: CaseContext): void {
  const { s, tasks, projector } = c;
  c.gate.command(
    COMMANDS.recordUrgencyAssessment,
    () => enforce(urgencyAssessmentRefusal(s)),
    async ({ actor, childInDanger, acuteHelpNeeded }) => {
      const report = s.reports.find((r) => !r.urgencyAssessed)!;
      report.urgencyAssessed = true;
      c.noteActor(actor);
      const task = tasks.findOpen('urgency-assessment', report.reportId);
      const at = new Date();
      const onTime = !task || at.getTime() <= new Date(task.dueAt).getTime();
      s.urgency = { childInDanger, acuteHelpNeeded, at: at.toISOString(), onTime };
      if (task) await tasks.complete(task.taskId, actor, { childInDanger, acuteHelpNeeded });
      const data = { reportId: report.reportId, childInDanger, acuteHelpNeeded, onTime };
      await projector.project({ events: [projector.event('urgency-assessment.recorded', actor, data)] });
      return c.result();
    },
  );
}

/** The re-assessment of a report on a child with a running measure, by someone new to the case (BL § 137). */
export function installReassessment(c: CaseContext): void {
  const { s, tasks, projector } = c;
  c.gate.command(
    COMMANDS.recordReassessment,
    (cmd) => enforce(reassessmentRefusal(s, cmd)),
    async ({ actor, taskId, outcome, childConversationHeld }) => {
      c.noteActor(actor);
      if (childConversationHeld) s.childConversations++;
      await tasks.complete(taskId, actor, { childConversationHeld });
      const data = { taskId, reportId: tasks.get(taskId)?.subjectId, outcomeLength: outcome.length, childConversationHeld };
      await projector.project({ events: [projector.event('reassessment.recorded', actor, data)] });
      return c.result();
    },
  );
}
