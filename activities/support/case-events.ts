import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { CaseEventEntity } from '../../libs/db/entities';

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

/** Appends the event unless its dedupe key is recorded already; true when it was written now. */
export async function appendCaseEvent(em: EntityManager, event: NewCaseEvent): Promise<boolean> {
  const result = await em
    .createQueryBuilder()
    .insert()
    .into(CaseEventEntity)
    .values({ ...event, data: event.data ?? {} } as QueryDeepPartialEntity<CaseEventEntity>)
    .orIgnore()
    .returning('id')
    .execute();
  return Array.isArray(result.raw) && result.raw.length > 0;
}
