import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseEntity, CaseEventEntity } from '../../../../libs/db/entities';

/** A timeline is long only for cases that run for years; the newest events past this are left off. */
const TIMELINE_LIMIT = 2000;

/** The outcome snapshot of a closed case, from the read model (it outlives the workflow's retention). */
@Injectable()
export class CaseOutcomeService {
  constructor(private readonly dataSource: DataSource) {}

  async outcome(caseId: string) {
    const row = await this.dataSource.getRepository(CaseEntity).findOneBy({ id: caseId });
    if (!row) throw new NotFoundException(`case ${caseId} was not found`);
    if (!row.closedAt) throw new ConflictException({ statusCode: 409, error: 'WrongPhase', message: `case ${caseId} is not closed` });
    return {
      caseId,
      policyVersion: row.policyVersion,
      openedAt: row.openedAt,
      closedAt: row.closedAt,
      reason: row.closureReason,
      coordinatorChanges: row.coordinatorChanges,
      outcome: row.outcome,
    };
  }

  /** Every recorded event of the case, oldest first (the event table is the case's fact log). */
  async timeline(caseId: string) {
    const events = await this.dataSource.getRepository(CaseEventEntity).find({
      where: { caseId },
      order: { occurredAt: 'ASC', id: 'ASC' },
      take: TIMELINE_LIMIT,
    });
    if (!events.length && !(await this.dataSource.getRepository(CaseEntity).existsBy({ id: caseId })))
      throw new NotFoundException(`case ${caseId} was not found`);
    return {
      caseId,
      events: events.map((e) => ({ type: e.type, actor: e.actor, at: e.occurredAt, data: e.data })),
      complete: events.length < TIMELINE_LIMIT,
    };
  }
}
