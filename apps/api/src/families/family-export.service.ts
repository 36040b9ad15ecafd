import { Injectable, NotFoundException } from '@nestjs/common';
import type {
  AgreedActionEntity,
  CaseEntity,
  CaseEventEntity,
  FamilyEntity,
  FollowUpEntity,
  GoalEntity,
  MeasureEntity,
  ReportEntity,
  TaskEntity,
} from '../../../../libs/db/entities';
import { ReadModel } from '../../../../libs/read-model/read-model';
import { type AuditRecord, AuditService } from '../audit/audit.service';

/** Who asked for the export, as the audit records it. */
export interface Exporter {
  actorId: string;
  actorRole: string;
}

/** Only when and to which case a report came: see FamilyExportService.export. */
export type ReportMetadata = Pick<ReportEntity, 'id' | 'caseId' | 'receivedAt'>;

export interface CaseFile {
  case: CaseEntity;
  reports: ReportMetadata[];
  events: CaseEventEntity[];
  tasks: TaskEntity[];
  measures: MeasureEntity[];
  goals: GoalEntity[];
  followUps: FollowUpEntity[];
  agreedActions: AgreedActionEntity[];
  /** Who has read or changed the case, oldest first. */
  audit: AuditRecord[];
}

export interface FamilyExport {
  exportedAt: string;
  family: FamilyEntity;
  /** Family-level events and tasks (inquiries, appointments, a change of contact person). */
  events: CaseEventEntity[];
  tasks: TaskEntity[];
  /** Who has read or changed the family's own data (family-level records), oldest first. */
  audit: AuditRecord[];
  cases: CaseFile[];
}

/**
 * A family's file for its request for access (aktindsigt): the family, its child cases with their
 * history, tasks, measures, goals, follow-ups and agreed actions, and the audit of who has looked.
 * Read from the read model in one repeatable-read, read-only transaction, so the parts agree.
 */
@Injectable()
export class FamilyExportService {
  constructor(
    private readonly readModel: ReadModel,
    private readonly audit: AuditService,
  ) {}

  /**
   * The export is recorded (one row per case and one for the family) before it is returned: when the
   * audit cannot be written, AuditService answers 503 and nothing leaves.
   */
  async export(familyId: string, by: Exporter): Promise<FamilyExport> {
    const file = await this.readModel.transaction((tx) => this.read(tx, familyId), { isolation: 'REPEATABLE READ', readOnly: true });
    // The family's own record was written by the guard before the file was read; each case's here.
    await this.audit.recordAll(
      file.cases.map((c) => ({
        ...by,
        action: 'family.export' as const,
        outcome: 'allowed' as const,
        familyId,
        caseId: c.case.id,
        teamId: c.case.teamId,
      })),
    );
    return file;
  }

  private async read(tx: ReadModel, familyId: string): Promise<FamilyExport> {
    const exportedAt = new Date().toISOString();
    const family = await tx.families.find(familyId);
    if (!family) throw new NotFoundException(`family ${familyId} was not found`);
    const cases = await tx.cases.ofFamily(familyId);
    const ids = cases.map((c) => c.id);
    const [events, tasks, measures, goals, followUps, agreedActions, reports, caseAudit, familyEvents, familyTasks, familyAudit] =
      await Promise.all([
        tx.caseEvents.ofCases(ids),
        tx.tasks.ofCases(ids),
        tx.measures.measuresOf(ids),
        tx.measures.goalsOf(ids),
        tx.measures.followUpsOf(ids),
        tx.measures.actionsOf(ids),
        // Reports hold the reporter's identity and the concern in their words (personal data of
        // others, whose release is decided case by case): the export names only which report came
        // to which case and when, never its content.
        tx.cases.reportsOf(ids),
        tx.audit.allForCases(ids),
        tx.caseEvents.ofFamilyOnly(familyId),
        tx.tasks.ofFamilyOnly(familyId),
        tx.audit.allForFamily(familyId),
      ]);
    const byCase = <T extends { caseId: string | null }>(rows: T[], caseId: string) => rows.filter((r) => r.caseId === caseId);
    return {
      exportedAt,
      family,
      events: familyEvents,
      tasks: familyTasks,
      audit: familyAudit,
      cases: cases.map((c) => ({
        case: c,
        reports: byCase(reports, c.id),
        events: byCase(events, c.id),
        tasks: byCase(tasks, c.id),
        measures: byCase(measures, c.id),
        goals: byCase(goals, c.id),
        followUps: byCase(followUps, c.id),
        agreedActions: byCase(agreedActions, c.id),
        audit: byCase(caseAudit, c.id),
      })),
    };
  }
}
