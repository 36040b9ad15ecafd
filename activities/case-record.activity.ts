import type { ReportOfConcern } from '../workflows/contract';
import { CaseEntity, ReportEntity } from '../libs/db/entities';
import type { ActivityDeps } from './deps';
import { appendCaseEvent } from './support/case-events';

export interface RecordReportInput {
  caseId: string;
  policyVersion: string;
  report: ReportOfConcern;
}

export interface SetCasePhaseInput {
  caseId: string;
  phase: string;
  /** Workflow time of the change, so a retry records the same instant. */
  at: string;
}

/** Projections of the case into the read model. Each is idempotent: safe to run twice. */
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

    async setCasePhase({ caseId, phase, at }: SetCasePhaseInput): Promise<void> {
      await dataSource.transaction(async (em) => {
        const current = await em.getRepository(CaseEntity).findOneByOrFail({ id: caseId });
        if (current.phase === phase) return;
        await em.getRepository(CaseEntity).update({ id: caseId }, { phase, closedAt: phase === 'closed' ? new Date(at) : null });
        await appendCaseEvent(em, {
          caseId,
          type: 'case.phase-changed',
          actor: 'system',
          occurredAt: new Date(at),
          data: { from: current.phase, to: phase },
          dedupeKey: `case.phase-changed:${caseId}:${phase}:${at}`,
        });
      });
    },
  };
}
