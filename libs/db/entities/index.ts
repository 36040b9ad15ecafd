import { AgreedActionEntity } from './agreed-action.entity';
import { AuditRecordEntity } from './audit-record.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { DeadLetterEntity } from './dead-letter.entity';
import { FamilyEntity } from './family.entity';
import { FollowUpEntity } from './follow-up.entity';
import { GoalEntity } from './goal.entity';
import { MailOutboxEntity } from './mail-outbox.entity';
import { MeasureEntity } from './measure.entity';
import { ReportEntity } from './report.entity';
import { TaskEntity } from './task.entity';

export {
  AgreedActionEntity,
  AuditRecordEntity,
  CaseEntity,
  CaseEventEntity,
  DeadLetterEntity,
  FamilyEntity,
  FollowUpEntity,
  GoalEntity,
  MailOutboxEntity,
  MeasureEntity,
  ReportEntity,
  TaskEntity,
};
export const ENTITIES = [
  CaseEntity,
  ReportEntity,
  CaseEventEntity,
  FamilyEntity,
  MailOutboxEntity,
  TaskEntity,
  MeasureEntity,
  GoalEntity,
  FollowUpEntity,
  AgreedActionEntity,
  DeadLetterEntity,
  AuditRecordEntity,
];
