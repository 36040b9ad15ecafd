import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { v5 as uuidv5 } from 'uuid';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { type CasePolicy, POLICIES } from '../../../../libs/policy/case-policy';
import { DataSource } from 'typeorm';
import { caseWorkflowId, type ReportOfConcern, reportReceivedSignal } from '../../../../workflows/contract';
import { TEMPORAL_CLIENT } from '../temporal.provider';
import type { CreateReportDto, ReportAcceptedDto } from './dto/create-report.dto';

// Fixed namespaces for name-based UUIDs: the same idempotency key always maps to the same ids.
const REPORT_NAMESPACE = '6d1f4a3e-8c2b-4f0a-9e57-3b1c2d4e5f60';
const CASE_NAMESPACE = 'a8e2c7d1-5b3f-4e6a-8d9c-0f1e2a3b4c5d';

@Injectable()
export class ReportsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(CONFIG) private readonly config: Config,
    private readonly dataSource: DataSource,
  ) {}

  /** The child's open case, if there is one: a new report is attached to it (BL §§ 133–136). */
  private async openCaseOfChild(childReference: string): Promise<string | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT c.id FROM cases c JOIN reports r ON r.case_id = c.id
        WHERE r.child_reference = $1 AND c.phase <> 'closed'
        ORDER BY c.opened_at LIMIT 1`,
      [childReference.trim()],
    )) as { id: string }[];
    return rows[0]?.id;
  }

  /** New cases start on the configured policy version and keep it for life. */
  private get policy(): CasePolicy {
    return POLICIES[this.config.casePolicyVersion];
  }

  /**
   * Hands the report to its case workflow and returns as soon as Temporal has it durably.
   * Signal-with-start on an id derived from the idempotency key makes a resent request land on
   * the same workflow, which ignores a report id it has already seen.
   */
  async receive(dto: CreateReportDto): Promise<ReportAcceptedDto> {
    const reportId = uuidv5(dto.idempotencyKey, REPORT_NAMESPACE);
    const caseId = (await this.openCaseOfChild(dto.childReference)) ?? uuidv5(dto.idempotencyKey, CASE_NAMESPACE);
    const workflowId = caseWorkflowId(caseId);
    const report: ReportOfConcern = {
      reportId,
      receivedAt: new Date().toISOString(),
      reporter: { name: dto.reporter.name, email: dto.reporter.email, type: dto.reporter.type },
      childReference: dto.childReference.trim(),
      concern: dto.concern,
      concernsAbuse: dto.concernsAbuse ?? false,
    };
    await this.temporal.workflow.signalWithStart('caseWorkflow', {
      workflowId,
      taskQueue: this.config.temporal.taskQueue,
      args: [{ caseId, policy: this.policy }],
      signal: reportReceivedSignal,
      signalArgs: [report],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return { caseId, reportId, workflowId };
  }
}
