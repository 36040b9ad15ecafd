import { Injectable } from '@nestjs/common';
import { CasesRepository } from '../../../../../libs/read-model/cases.repository';
import { OrganisationRepository } from '../../../../../libs/read-model/organisation.repository';
import { isUuid } from '../../common/request-checks';

/** Read-model data the family page shows beside the family's state: staff names, team name, the children's cases' phases. */
@Injectable()
export class FamilyPageService {
  constructor(
    private readonly organisation: OrganisationRepository,
    private readonly casesRepository: CasesRepository,
  ) {}

  names(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    return this.organisation.names(ids);
  }

  async teamName(teamId: string | undefined): Promise<string | null> {
    return teamId ? this.organisation.teamName(teamId) : null;
  }

  /** Each case's phase and whether it is closed, from the read model (cases not yet projected are absent). */
  async cases(caseIds: string[]): Promise<Map<string, { phase: string; closed: boolean; nextDeadline: string | null }>> {
    const ids = caseIds.filter(isUuid);
    return ids.length === 0 ? new Map() : this.casesRepository.phases(ids);
  }
}
