import { In, IsNull } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CaseEventEntity } from '../db/entities';
import type { Db } from './db';

export interface NewCaseEvent {
  caseId?: string | null;
  /** For family-level events. */
  familyId?: string | null;
  type: string;
  /** `system` for the workflow itself, else a user id. */
  actor: string;
  occurredAt: Date;
  data?: Record<string, unknown>;
  /** Same key, same event: a retried activity appends nothing twice. */
  dedupeKey: string;
}

export interface TimelineRow {
  id: string;
  type: string;
  actor: string;
  occurred_at: Date;
  data: Record<string, unknown>;
}

/** `case_events`: the case's (and family's) fact log, appended once per dedupe key and never changed. */
export class CaseEventsRepository {
  constructor(private readonly db: Db) {}

  /** Appends the event unless its dedupe key is recorded already; true when it was written now. */
  async append(event: NewCaseEvent): Promise<boolean> {
    const result = await this.db
      .createQueryBuilder()
      .insert()
      .into(CaseEventEntity)
      .values({ ...event, data: event.data ?? {} } as QueryDeepPartialEntity<CaseEventEntity>)
      .orIgnore()
      .returning('id')
      .execute();
    return Array.isArray(result.raw) && result.raw.length > 0;
  }

  /**
   * The case's events oldest first, strictly after `after` in (occurred_at, id) order, at most
   * `limit` (the (case_id, occurred_at, id) index serves it).
   */
  async timeline(caseId: string, after: { at: string | null; id: string } | null, limit: number): Promise<TimelineRow[]> {
    return (await this.db.query(
      `SELECT id::text AS id, type, actor, occurred_at, data FROM case_events
        WHERE case_id = $1 AND ($2::timestamptz IS NULL OR (occurred_at, id) > ($2::timestamptz, $3::bigint))
        ORDER BY occurred_at, id LIMIT $4`,
      [caseId, after?.at ?? null, after?.id ?? null, limit],
    )) as TimelineRow[];
  }

  /** What a supervisor approves on these cases: decisions and plans proposed, clock changes requested (by the events' case index). */
  async approvalSubjects(caseIds: string[]): Promise<Pick<TimelineRow, 'type' | 'actor' | 'occurred_at' | 'data'>[]> {
    return (await this.db.query(
      `SELECT type, actor, occurred_at, data FROM case_events
        WHERE case_id = ANY($1::uuid[]) AND type IN ('decision.proposed', 'plan.submitted', 'task.clock-change-requested')`,
      [caseIds],
    )) as Pick<TimelineRow, 'type' | 'actor' | 'occurred_at' | 'data'>[];
  }

  /** Every event of these cases, in the order they were written (a family's export). */
  ofCases(caseIds: string[]): Promise<CaseEventEntity[]> {
    return this.db.getRepository(CaseEventEntity).find({ where: { caseId: In(caseIds) }, order: { id: 'ASC' } });
  }

  /** The family's own events (no case named), in the order they were written. */
  ofFamilyOnly(familyId: string): Promise<CaseEventEntity[]> {
    return this.db.getRepository(CaseEventEntity).find({ where: { familyId, caseId: IsNull() }, order: { id: 'ASC' } });
  }
}
