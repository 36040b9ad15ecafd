/**
 * The life of one child case (børnesag), from the first report of concern to closure.
 * Deterministic code only: every side effect is an activity, every wait a Temporal timer.
 */
import { condition, proxyActivities, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import {
  type CasePhase,
  type CaseView,
  type CaseWorkflowInput,
  caseViewQuery,
  type ReportOfConcern,
  reportReceivedSignal,
  searchAttributes,
} from './contract';

// Read-model writes are idempotent upserts: retry them until the database is back.
const record = proxyActivities<Pick<Activities, 'recordReport' | 'setCasePhase'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Mail goes through an idempotent outbox, so retrying is safe; SMTP outages can last a while.
const mail = proxyActivities<Pick<Activities, 'sendReceipt'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '5 minutes', nonRetryableErrorTypes: ['ReportNotFound'] },
});

export async function caseWorkflow({ caseId, policy }: CaseWorkflowInput): Promise<void> {
  const view: CaseView = { caseId, phase: 'intake', policyVersion: policy.version, reportIds: [], receiptsSent: [] };
  const inbox: ReportOfConcern[] = [];
  const seenReports = new Set<string>();

  // A report sent twice (same idempotency key) reaches the case once.
  setHandler(reportReceivedSignal, (report) => {
    if (seenReports.has(report.reportId)) return;
    seenReports.add(report.reportId);
    inbox.push(report);
  });
  setHandler(caseViewQuery, () => view);

  const enterPhase = async (phase: CasePhase) => {
    view.phase = phase;
    upsertSearchAttributes([{ key: searchAttributes.casePhase, value: phase }]);
    await record.setCasePhase({ caseId, phase, at: new Date().toISOString() });
  };
  upsertSearchAttributes([{ key: searchAttributes.casePhase, value: view.phase }]);

  // Intake: every report is recorded, then the reporter gets a receipt (BL § 136).
  while (view.phase !== 'closed') {
    await condition(() => inbox.length > 0);
    const report = inbox.shift()!;
    await record.recordReport({ caseId, policyVersion: policy.version, report });
    view.reportIds.push(report.reportId);

    if (report.reporter.type === 'professional' || policy.receipt.sendToCitizens) {
      await mail.sendReceipt({ caseId, reportId: report.reportId });
      view.receiptsSent.push(report.reportId);
    }
    if (view.phase === 'intake') await enterPhase('urgency-assessment');
  }
}
