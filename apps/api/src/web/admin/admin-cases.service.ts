import { BadRequestException, Injectable } from '@nestjs/common';
import { type AdminCaseRow, CasesRepository } from '../../../../../libs/read-model/cases.repository';
import { decodeCursor, pageOf } from '../../common/cursor';
import { isUuid } from '../../common/request-checks';

/** A case as the admin sees it: ids, phase, policy, team and dates from the read model. No personal data. */
export type { AdminCaseRow } from '../../../../../libs/read-model/cases.repository';

export interface AdminCasePage {
  items: AdminCaseRow[];
  next?: string;
}

const PAGE = 50;

/**
 * The admin's list of cases for opening their workflows in Temporal UI: newest first, paged by
 * (opened_at, id), optionally one case by its id, or only running or only closed ones.
 */
@Injectable()
export class AdminCasesService {
  constructor(private readonly cases: CasesRepository) {}

  async list(q: { caseId?: string; state?: 'running' | 'closed'; cursor?: string }): Promise<AdminCasePage> {
    if (q.caseId !== undefined && !isUuid(q.caseId)) throw new BadRequestException('caseId must be a UUID');
    const after = q.cursor === undefined ? undefined : decode(q.cursor);
    const rows = await this.cases.adminPage({ caseId: q.caseId, state: q.state, after }, PAGE + 1);
    const { items, next } = pageOf(rows, PAGE, (last) => [last.openedKey, last.id]);
    return {
      items: items.map(({ openedKey: _, ...row }) => row),
      ...(next ? { next } : {}),
    };
  }
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function decode(cursor: string): { at: string; id: string } {
  return decodeCursor(
    cursor,
    ([at, id]) => (typeof at === 'string' && TIMESTAMP.test(at) && typeof id === 'string' && isUuid(id) ? { at, id } : undefined),
    'cursor must be the next page link of this list',
  );
}
