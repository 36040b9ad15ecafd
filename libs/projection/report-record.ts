import type { ReportOfConcern } from '../../workflows/contract';
import type { ReadModel } from '../read-model/read-model';

export interface RecordReportInput {
  caseId: string;
  policyVersion: string;
  report: ReportOfConcern;
}

/** Opens the case in the read model with its first report, inside the caller's transaction `tx`. Idempotent. */
export async function recordReport(tx: ReadModel, { caseId, policyVersion, report }: RecordReportInput): Promise<void> {
  const receivedAt = new Date(report.receivedAt);
  if (await tx.cases.open({ id: caseId, phase: 'intake', policyVersion, openedAt: receivedAt })) {
    await tx.caseEvents.append({
      caseId,
      type: 'case.opened',
      actor: 'system',
      occurredAt: receivedAt,
      data: { policyVersion },
      dedupeKey: `case.opened:${caseId}`,
    });
  }
  await tx.cases.recordReport({
    id: report.reportId,
    caseId,
    receivedAt,
    reporterType: report.reporter.type,
    reporterName: report.reporter.name,
    reporterEmail: report.reporter.email,
    childReference: report.childReference,
    concern: report.concern,
  });
  await tx.caseEvents.append({
    caseId,
    type: 'report.received',
    actor: 'system',
    occurredAt: receivedAt,
    data: { reportId: report.reportId, reporterType: report.reporter.type },
    dedupeKey: `report.received:${report.reportId}`,
  });
}
