import type { ReportOfConcern } from '../workflows/contract';
import { CaseEntity, ReportEntity } from '../libs/db/entities';
import type { ActivityDeps } from './deps';
import { appendCaseEvent } from './support/case-events';

export interface RecordReportInput {
  caseId: string;
  policyVersion: string;
  report: ReportOfConcern;
}

/** Opens the case in the read model with its first report. Idempotent: safe to run twice. */
export function createCaseRecordActivities({ dataSource }: Pick<ActivityDeps, 'dataSource'>) {
  return {
    async recordReport({ caseId, policyVersion, report }: RecordReportInput): Promise<void> {
      const receivedAt = new Date(report.receivedAt);
      await dataSource.transaction(async (em) => {
        const opened = await em
          .createQueryBuilder()
          .insert()
          .into(CaseEntity)
          .values({ id: caseId, phase: 'intake', policyVersion, openedAt: receivedAt })
          .orIgnore()
          .returning(['id'])
          .execute();
        if (opened.raw.length > 0) {
          await appendCaseEvent(em, {
            caseId,
            type: 'case.opened',
            actor: 'system',
            occurredAt: receivedAt,
            data: { policyVersion },
            dedupeKey: `case.opened:${caseId}`,
          });
        }
        await em
          .createQueryBuilder()
          .insert()
          .into(ReportEntity)
          .values({
            id: report.reportId,
            caseId,
            receivedAt,
            reporterType: report.reporter.type,
            reporterName: report.reporter.name,
            reporterEmail: report.reporter.email,
            childReference: report.childReference,
            concern: report.concern,
          })
          .orIgnore()
          .execute();
        await appendCaseEvent(em, {
          caseId,
          type: 'report.received',
          actor: 'system',
          occurredAt: receivedAt,
          data: { reportId: report.reportId, reporterType: report.reporter.type },
          dedupeKey: `report.received:${report.reportId}`,
        });
      });
    },
  };
}
