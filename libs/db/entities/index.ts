import { AbsenceEntity } from './absence.entity';
import { AgreedActionEntity } from './agreed-action.entity';
import { AuditRecordEntity } from './audit-record.entity';
import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { DeadLetterEntity } from './dead-letter.entity';
import { DepartmentEntity } from './department.entity';
import { FamilyEntity } from './family.entity';
import { FollowUpEntity } from './follow-up.entity';
import { GoalEntity } from './goal.entity';
import { MailOutboxEntity } from './mail-outbox.entity';
import { MeasureEntity } from './measure.entity';
import { NotificationEntity } from './notification.entity';
import { PartnerDepartmentEntity } from './partner-department.entity';
import { ReportEntity } from './report.entity';
import { TaskEntity } from './task.entity';
import { TeamEntity } from './team.entity';
import { UserEntity } from './user.entity';

export {
  AbsenceEntity,
  AgreedActionEntity,
  AuditRecordEntity,
  CaseEntity,
  CaseEventEntity,
  DeadLetterEntity,
  DepartmentEntity,
  FamilyEntity,
  FollowUpEntity,
  GoalEntity,
  MailOutboxEntity,
  MeasureEntity,
  NotificationEntity,
  PartnerDepartmentEntity,
  ReportEntity,
  TaskEntity,
  TeamEntity,
  UserEntity,
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
  PartnerDepartmentEntity,
  TeamEntity,
  UserEntity,
  AbsenceEntity,
  DepartmentEntity,
  AuditRecordEntity,
  NotificationEntity,
];
