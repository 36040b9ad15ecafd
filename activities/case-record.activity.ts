import { createReadModelWriters } from '../libs/projection/read-model-writers';
import { ReadModel } from '../libs/read-model/read-model';
import type { ActivityDeps } from './deps';

export type { RecordReportInput } from '../libs/projection/report-record';

/** Opens the case in the read model with its first report. Idempotent: safe to run twice. */
export function createCaseRecordActivities({ dataSource }: Pick<ActivityDeps, 'dataSource'>) {
  return { recordReport: createReadModelWriters(ReadModel.of(dataSource)).recordReport };
}
