import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createReadModelActivities } from '../../../../activities/read-model';
import { permanentDatabaseError } from '../../../../activities/support/dead-letters';
import { describeDatabaseError } from '../../../../activities/support/without-personal-data';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { DeadLetterEntity, type DeadLetterStatus } from '../../../../libs/db/entities/dead-letter.entity';
import type { DeadLetterDto, DeadLetterPageDto, DeadLetterSummaryDto, ListDeadLettersQueryDto } from './dto/dead-letter.dto';
import { isUuid } from '../common/request-checks';

interface Row {
  id: string;
  workflow_id: string;
  activity: string;
  error_code: string;
  error_message: string;
  status: DeadLetterStatus;
  attempts: number;
  resolved_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** created_at to the microsecond, for the cursor (a JS Date keeps milliseconds only). */
  created_key: string;
}

/** A timestamptz as PostgreSQL prints it, e.g. `2026-11-23 21:31:45.123456+00`. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/**
 * The dead-letter list: read-model writes that failed for good (see activities/support/dead-letters.ts).
 * Retry re-applies the stored input with the same idempotent code the worker runs, in this process.
 */
@Injectable()
export class DeadLettersService {
  private readonly readModel: Record<string, (...args: never[]) => Promise<unknown>>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CONFIG) config: Config,
  ) {
    this.readModel = createReadModelActivities({ dataSource, publicUrl: config.publicUrl, relayQueue: config.temporal.taskQueue });
  }

  /** Open ones first, then oldest first; keyset pages over (status, created_at, id). */
  async list(q: ListDeadLettersQueryDto): Promise<DeadLetterPageDto> {
    const limit = q.limit ?? 50;
    const after = q.after === undefined ? undefined : decodeCursor(q.after);
    const rows = (await this.dataSource.query(
      `SELECT id, workflow_id, activity, error_code, error_message, status, attempts, resolved_at, created_at, updated_at,
              created_at::text AS created_key
         FROM dead_letters
        WHERE ($1::text IS NULL OR status = $1)
          AND ($2::text IS NULL OR workflow_id = $2)
          AND ($3::text IS NULL OR (status, created_at, id) > ($3, $4::timestamptz, $5::uuid))
        ORDER BY status, created_at, id
        LIMIT $6`,
      [q.status ?? null, q.workflowId ?? null, after?.status ?? null, after?.createdKey ?? null, after?.id ?? null, limit + 1],
    )) as Row[];
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(summary),
      ...(rows.length > limit && last
        ? { nextCursor: encodeCursor({ status: last.status, createdKey: last.created_key, id: last.id }) }
        : {}),
    };
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
    const repo = this.dataSource.getRepository(DeadLetterEntity);
    try {
      await apply(...(JSON.parse(row.input) as never[]));
    } catch (err) {
      const permanent = permanentDatabaseError(err, row.activity);
      if (permanent) {
        await repo.update({ id }, { attempts: row.attempts + 1, errorCode: permanent.code, errorMessage: permanent.message });
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
    await repo.update({ id, status: 'open' }, { status: 'resolved', resolvedAt: new Date(), attempts: row.attempts + 1 });
    return this.get(id);
  }

  private async find(id: string): Promise<DeadLetterEntity> {
    const row = await this.dataSource.getRepository(DeadLetterEntity).findOneBy({ id });
    if (!row) throw new NotFoundException(`dead letter ${id} does not exist`);
    return row;
  }
}

function summary(r: Row): DeadLetterSummaryDto {
  return {
    id: r.id,
    workflowId: r.workflow_id,
    activity: r.activity,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    status: r.status,
    attempts: r.attempts,
    resolvedAt: r.resolved_at ? r.resolved_at.toISOString() : null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

function summaryOf(e: DeadLetterEntity): DeadLetterSummaryDto {
  return {
    id: e.id,
    workflowId: e.workflowId,
    activity: e.activity,
    errorCode: e.errorCode,
    errorMessage: e.errorMessage,
    status: e.status,
    attempts: e.attempts,
    resolvedAt: e.resolvedAt ? e.resolvedAt.toISOString() : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

interface Cursor {
  status: DeadLetterStatus;
  createdKey: string;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.status, c.createdKey, c.id])).toString('base64url');
}

function decodeCursor(raw: string): Cursor {
  try {
    const [status, createdKey, id] = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown[];
    if (
      (status === 'open' || status === 'resolved') &&
      typeof createdKey === 'string' &&
      TIMESTAMP.test(createdKey) &&
      typeof id === 'string' &&
      isUuid(id)
    ) {
      return { status, createdKey, id };
    }
  } catch {
    // fall through to the answer below
  }
  throw new BadRequestException('after must be a nextCursor from this list');
}
