import { randomUUID } from 'node:crypto';
import { DeadLetterEntity, type DeadLetterStatus } from '../db/entities/dead-letter.entity';
import type { Db } from './db';

/** A dead letter as the list shows it (without its input). */
export type DeadLetterSummary = Omit<DeadLetterEntity, 'input' | 'source'>;

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
  created_key: string;
}

export interface DeadLetterPosition {
  status: DeadLetterStatus;
  createdKey: string;
  id: string;
}

/** `dead_letters`: read-model writes that failed for good, parked with their input until an admin retries them. */
export class DeadLettersRepository {
  constructor(private readonly db: Db) {}

  /** Parks an activity's input; the same activity (its `source`) parked again after a lost completion is kept once. */
  async park(letter: Pick<DeadLetterEntity, 'workflowId' | 'activity' | 'source' | 'errorCode' | 'errorMessage' | 'input' | 'attempts'>) {
    await this.db
      .createQueryBuilder()
      .insert()
      .into(DeadLetterEntity)
      .values({ id: randomUUID(), ...letter, status: 'open' })
      .orIgnore()
      .execute();
  }

  /** Open ones first, then oldest first; keyset pages over (status, created_at, id), at most `limit`. */
  async page(
    q: { status?: DeadLetterStatus; workflowId?: string },
    after: DeadLetterPosition | undefined,
    limit: number,
  ): Promise<(DeadLetterSummary & { position: DeadLetterPosition })[]> {
    const rows = (await this.db.query(
      `SELECT id, workflow_id, activity, error_code, error_message, status, attempts, resolved_at, created_at, updated_at,
              created_at::text AS created_key
         FROM dead_letters
        WHERE ($1::text IS NULL OR status = $1)
          AND ($2::text IS NULL OR workflow_id = $2)
          AND ($3::text IS NULL OR (status, created_at, id) > ($3, $4::timestamptz, $5::uuid))
        ORDER BY status, created_at, id
        LIMIT $6`,
      [q.status ?? null, q.workflowId ?? null, after?.status ?? null, after?.createdKey ?? null, after?.id ?? null, limit],
    )) as Row[];
    return rows.map((r) => ({
      id: r.id,
      workflowId: r.workflow_id,
      activity: r.activity,
      errorCode: r.error_code,
      errorMessage: r.error_message,
      status: r.status,
      attempts: r.attempts,
      resolvedAt: r.resolved_at,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      // created_at to the microsecond (a JS Date keeps milliseconds only): where the next page starts.
      position: { status: r.status, createdKey: r.created_key, id: r.id },
    }));
  }

  find(id: string): Promise<DeadLetterEntity | null> {
    return this.db.getRepository(DeadLetterEntity).findOneBy({ id });
  }

  /** A retry that failed again: the new error, one more attempt. */
  async failedAgain(id: string, attempts: number, error: { code: string; message: string }): Promise<void> {
    await this.db.getRepository(DeadLetterEntity).update({ id }, { attempts, errorCode: error.code, errorMessage: error.message });
  }

  /** A retry that applied it: resolved now, unless it was resolved meanwhile. */
  async resolve(id: string, attempts: number): Promise<void> {
    await this.db.getRepository(DeadLetterEntity).update({ id, status: 'open' }, { status: 'resolved', resolvedAt: new Date(), attempts });
  }
}
