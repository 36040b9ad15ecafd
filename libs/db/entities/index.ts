import { CaseEventEntity } from './case-event.entity';
import { CaseEntity } from './case.entity';
import { MailOutboxEntity } from './mail-outbox.entity';
import { ReportEntity } from './report.entity';

export { CaseEntity, CaseEventEntity, MailOutboxEntity, ReportEntity };
export const ENTITIES = [CaseEntity, ReportEntity, CaseEventEntity, MailOutboxEntity];
