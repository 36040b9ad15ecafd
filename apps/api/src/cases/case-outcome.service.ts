import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { CaseEventsRepository } from '../../../../libs/read-model/case-events.repository';
import { CasesRepository } from '../../../../libs/read-model/cases.repository';
import { decodeKey, encodeKey, MAX_LIMIT, pageLimit } from '../work-lists/page-key';

/** Events per page of the timeline when the caller does not say (the most a page may hold). */
const TIMELINE_PAGE = MAX_LIMIT;

/** The outcome snapshot of a closed case, from the read model (it outlives the workflow's retention). */
@Injectable()
export class CaseOutcomeService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly events: CaseEventsRepository,
  ) {}

  async outcome(caseId: string) {
    const row = await this.cases.find(caseId);
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

  /**
   * The recorded events of the case, oldest first (the event table is the case's fact log), a page
   * at a time by key (occurred_at, id) over the (case_id, occurred_at, id) index: `complete` when
   * this page is the last, else `next` is the `cursor` of the next one.
   */
  async timeline(caseId: string, query: { cursor?: unknown; limit?: unknown } = {}) {
    const limit = query.limit === undefined ? TIMELINE_PAGE : pageLimit(query.limit);
    const key = decodeKey(query.cursor);
    if (key && (key.at === null || !/^[1-9][0-9]{0,17}$/.test(key.id)))
      throw new BadRequestException('cursor is not valid: pass the `next` value of the previous page unchanged');
    const events = await this.events.timeline(caseId, key, limit + 1);
    if (!events.length && !key && !(await this.cases.exists(caseId))) throw new NotFoundException(`case ${caseId} was not found`);
    const page = events.slice(0, limit);
    const last = events.length > limit ? page[page.length - 1] : undefined;
    return {
      caseId,
      events: page.map((e) => ({ type: e.type, actor: e.actor, at: e.occurred_at, data: e.data })),
      complete: !last,
      ...(last ? { next: encodeKey(last.occurred_at, last.id) } : {}),
    };
  }
}
