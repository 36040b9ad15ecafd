import { BadRequestException, Injectable } from '@nestjs/common';
import { CasesRepository } from '../../../../../libs/read-model/cases.repository';
import { isUuid } from '../../common/request-checks';

/** A case as the admin sees it: ids, phase, policy, team and dates from the read model. No personal data. */
export interface AdminCaseRow {
  id: string;
  phase: string;
  policyVersion: string;
  teamId: string | null;
  openedAt: Date;
  closedAt: Date | null;
}

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
    const page = rows.slice(0, PAGE);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        phase: r.phase,
        policyVersion: r.policy_version,
        teamId: r.team_id,
        openedAt: r.opened_at,
        closedAt: r.closed_at,
      })),
      ...(rows.length > PAGE && last ? { next: Buffer.from(JSON.stringify([last.opened_key, last.id])).toString('base64url') } : {}),
    };
  }
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function decode(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && TIMESTAMP.test(at) && typeof id === 'string' && isUuid(id)) return { at, id };
  } catch {
    // answered below
  }
  throw new BadRequestException('cursor must be the next page link of this list');
}
