import type { ReadModel } from '../read-model/read-model';
import { applyProjection, type Projection, type ProjectionOptions } from './projection';
import { recordReport, type RecordReportInput } from './report-record';

/**
 * The read model's writers, each one transaction: idempotent, so re-applying a stored input is
 * safe. The worker runs them as activities (a write that retrying cannot fix goes to
 * `dead_letters`), and an admin re-applies a dead letter through this same code (the API).
 */
export function createReadModelWriters(readModel: ReadModel, options: ProjectionOptions = {}) {
  return {
    /** Opens the case in the read model with its first report. */
    recordReport: (input: RecordReportInput): Promise<void> => readModel.transaction((tx) => recordReport(tx, input)),
    /** One step of a workflow, as it should show in the read model. */
    project: (p: Projection): Promise<void> => readModel.transaction((tx) => applyProjection(tx, p, options)),
  };
}

export type ReadModelWriters = ReturnType<typeof createReadModelWriters>;
