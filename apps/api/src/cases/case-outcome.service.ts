import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseEntity } from '../../../../libs/db/entities';

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
}
