import { ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import type { DeadLetterEntity } from '../../../../libs/db/entities/dead-letter.entity';
import { createReadModelWriters } from '../../../../libs/projection/read-model-writers';
import { describeDatabaseError, permanentDatabaseError } from '../../../../libs/read-model/database-errors';
import {
  type DeadLetterPosition,
  DeadLettersRepository,
  type DeadLetterSummary,
} from '../../../../libs/read-model/dead-letters.repository';
import { ReadModel } from '../../../../libs/read-model/read-model';
import type { DeadLetterDto, DeadLetterPageDto, DeadLetterSummaryDto, ListDeadLettersQueryDto } from './dto/dead-letter.dto';
import { decodeCursor, pageOf } from '../common/cursor';
import { isUuid } from '../common/request-checks';

/** A timestamptz as PostgreSQL prints it, e.g. `2026-11-23 21:31:45.123456+00`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/**
 * The dead-letter list: read-model writes that failed for good (see activities/support/dead-letters.ts).
 * Retry re-applies the stored input with the same idempotent writers the worker runs
 * (libs/projection), in this process.
 */
@Injectable()
export class DeadLettersService {
  private readonly readModel: Record<string, (...args: never[]) => Promise<unknown>>;

  constructor(
    private readonly deadLetters: DeadLettersRepository,
    readModel: ReadModel,
    @Inject(CONFIG) config: Config,
  ) {
    this.readModel = createReadModelWriters(readModel, { publicUrl: config.publicUrl, relayQueue: config.temporal.taskQueue });
  }

  /** Open ones first, then oldest first; keyset pages over (status, created_at, id). */
  async list(q: ListDeadLettersQueryDto): Promise<DeadLetterPageDto> {
    const limit = q.limit ?? 50;
    const after = q.after === undefined ? undefined : decodePosition(q.after);
    const rows = await this.deadLetters.page({ status: q.status, workflowId: q.workflowId }, after, limit + 1);
    const { items, next } = pageOf(rows, limit, ({ position: p }) => [p.status, p.createdKey, p.id]);
    return { items: items.map(summaryOf), ...(next ? { nextCursor: next } : {}) };
  }

  async get(id: string): Promise<DeadLetterDto> {
    const row = await this.find(id);
    return { ...summaryOf(row), input: JSON.parse(row.input) as unknown[] };
  }

  /**
   * Applies the stored input again. Resolved on success; on a permanent failure it stays open with
   * the new error and the answer is 409. A dead letter that is already resolved is left as it is.
   */
  async retry(id: string): Promise<DeadLetterDto> {
    const row = await this.find(id);
    if (row.status === 'resolved') return this.get(id);
    const apply = Object.prototype.hasOwnProperty.call(this.readModel, row.activity) ? this.readModel[row.activity] : undefined;
    if (!apply) throw new ConflictException(`activity ${row.activity} cannot be retried here`);
    try {
      await apply(...(JSON.parse(row.input) as never[]));
    } catch (err) {
      const permanent = permanentDatabaseError(err, row.activity);
      if (permanent) {
        await this.deadLetters.failedAgain(id, row.attempts + 1, permanent);
        throw new ConflictException({
          statusCode: 409,
          error: 'Conflict',
          message: `The retry failed and the dead letter stays open: ${permanent.message}`,
          errorCode: permanent.code,
        });
      }
      // The database is unreachable or busy: nothing was applied, try again later.
      const described = describeDatabaseError(err, row.activity);
      if (described) throw new ServiceUnavailableException(`The retry could not run: ${described.message}; try again shortly`);
      throw err;
    }
    await this.deadLetters.resolve(id, row.attempts + 1);
    return this.get(id);
  }

  private async find(id: string): Promise<DeadLetterEntity> {
    const row = await this.deadLetters.find(id);
    if (!row) throw new NotFoundException(`dead letter ${id} does not exist`);
    return row;
  }
}

function summaryOf({ resolvedAt, createdAt, updatedAt, ...e }: DeadLetterSummary): DeadLetterSummaryDto {
  const { id, workflowId, activity, errorCode, errorMessage, status, attempts } = e;
  const iso = (d: Date) => d.toISOString();
  return {
    id,
    workflowId,
    activity,
    errorCode,
    errorMessage,
    status,
    attempts,
    resolvedAt: resolvedAt && iso(resolvedAt),
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
  };
}

/** The list's `after`: a `nextCursor` it gave out, [status, created_at to the microsecond, id]. */
function decodePosition(raw: string): DeadLetterPosition {
  return decodeCursor(
    raw,
    ([status, createdKey, id]) =>
      (status === 'open' || status === 'resolved') &&
      typeof createdKey === 'string' &&
      TIMESTAMP.test(createdKey) &&
      typeof id === 'string' &&
      isUuid(id)
        ? { status, createdKey, id }
        : undefined,
    'after must be a nextCursor from this list',
  );
}
