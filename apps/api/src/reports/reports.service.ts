import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { v5 as uuidv5 } from 'uuid';
import type { z } from 'zod';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { type CasePolicy, POLICIES } from '../../../../libs/policy/case-policy';
import { CasesRepository } from '../../../../libs/read-model/cases.repository';
import {
  caseWorkflowId,
  childIntakeWorkflowId,
  intakeReportSignal,
  type ReportOfConcern,
  reportRoutingQuery,
} from '../../../../workflows/contract';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { childIdOf } from './child-reference';
import type { createReportSchema } from '../../../../workflows/command-schemas';
import type { ReportAcceptedDto, ReportStatusDto } from './report-answers.dto';
import { requireUuid } from '../common/request-checks';

/** A report as sent, checked against its schema. */
export type ReportBody = z.infer<typeof createReportSchema>;

// A fixed namespace for name-based UUIDs: the same idempotency key always maps to the same report id.
const REPORT_NAMESPACE = '6d1f4a3e-8c2b-4f0a-9e57-3b1c2d4e5f60';
/** How long POST /reports waits for the intake workflow to say which case a report went to. */
const ROUTING_WAIT_MS = 5000;

@Injectable()
export class ReportsService {
  constructor(
    private readonly temporal: TemporalGateway,
    @Inject(CONFIG) private readonly config: Config,
    private readonly cases: CasesRepository,
  ) {}

  /** New cases start on the configured policy version and keep it for life. */
  private get policy(): CasePolicy {
    return POLICIES[this.config.casePolicyVersion];
  }

  /**
   * Hands the report to the child's intake workflow (signal-with-start on `child-<keyed hash>`) and
   * answers as soon as Temporal has it durably: no read-model lookup, so it works while PostgreSQL
   * or the workers are down. The intake workflow decides the case; when it answers within a short
   * wait, the answer names the case, else the caller asks `statusUrl` later.
   */
  async receive(dto: ReportBody): Promise<ReportAcceptedDto> {
    const reportId = uuidv5(dto.idempotencyKey, REPORT_NAMESPACE);
    const report: ReportOfConcern = {
      reportId,
      receivedAt: new Date().toISOString(),
      reporter: { name: dto.reporter.name, email: dto.reporter.email, type: dto.reporter.type },
      childReference: dto.childReference.trim(),
      concern: dto.concern,
      concernsAbuse: dto.concernsAbuse ?? false,
    };
    const childId = childIdOf(dto.childReference, this.config.childReferenceKey!);
    const intake = childIntakeWorkflowId(childId);
    await this.temporal.signalWithStart('childIntakeWorkflow', intake, { childId }, intakeReportSignal, { report, policy: this.policy });
    const caseId = await this.caseOf(intake, reportId);
    return { reportId, caseId, workflowId: caseId && caseWorkflowId(caseId), statusUrl: `/reports/${reportId}` };
  }

  /** Which case the intake workflow sent the report to; null when it cannot say in time (e.g. no worker runs). */
  private async caseOf(intake: string, reportId: string): Promise<string | null> {
    const deadline = Date.now() + ROUTING_WAIT_MS;
    while (Date.now() < deadline) {
      try {
        const routing = await this.temporal.queryBefore(deadline, intake, reportRoutingQuery, reportId);
        if (routing) return routing.caseId;
      } catch {
        // Not answerable yet (no worker, or the workflow's first task still runs): the report is safe anyway.
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  }

  /** Where a report was recorded, from the read model; no personal data in the answer. */
  async status(reportId: string): Promise<ReportStatusDto> {
    requireUuid(reportId, 'reportId');
    let caseId: string | null;
    try {
      caseId = await this.cases.caseOfReport(reportId);
    } catch {
      throw new ServiceUnavailableException('The read model (PostgreSQL) is unavailable; the report is safe in intake, ask again shortly');
    }
    return { reportId, status: caseId ? 'recorded' : 'pending', caseId, workflowId: caseId && caseWorkflowId(caseId) };
  }
}
