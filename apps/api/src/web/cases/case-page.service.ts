import { Injectable } from '@nestjs/common';
import { type CaseRow, CasesRepository } from '../../../../../libs/read-model/cases.repository';
import {
  type AgreedActionRow,
  type FollowUpRow,
  type GoalRow,
  type MeasureRow,
  MeasuresRepository,
} from '../../../../../libs/read-model/measures.repository';
import { type Named, OrganisationRepository } from '../../../../../libs/read-model/organisation.repository';

export type { CaseRow } from '../../../../../libs/read-model/cases.repository';
export type { AgreedActionRow, FollowUpRow, GoalRow, MeasureRow } from '../../../../../libs/read-model/measures.repository';
export type { Named } from '../../../../../libs/read-model/organisation.repository';

/** The case page's read-model data that no service offers: names, the plan's goals, measures, follow-up scores, agreed actions. */
@Injectable()
export class CasePageService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly measureRows: MeasuresRepository,
    private readonly organisation: OrganisationRepository,
  ) {}

  caseRow(caseId: string): Promise<CaseRow | null> {
    return this.cases.row(caseId);
  }

  /** Display names of users by id (ids not found are left out). */
  userNames(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    return this.organisation.names(ids);
  }

  teams(): Promise<Named[]> {
    return this.organisation.teamNames();
  }

  async intakeTeam(): Promise<string | null> {
    return (await this.organisation.department())?.intakeTeamId ?? null;
  }

  /** Active coordinators of a team, by name. */
  coordinatorsOf(teamId: string): Promise<Named[]> {
    return this.organisation.coordinatorsOf(teamId);
  }

  partnerDepartments(): Promise<Named[]> {
    return this.organisation.partnerDepartmentNames();
  }

  goals(caseId: string): Promise<GoalRow[]> {
    return this.measureRows.goals(caseId);
  }

  /** The case's follow-up meetings, oldest first (the latest ones when there are very many). */
  followUps(caseId: string): Promise<FollowUpRow[]> {
    return this.measureRows.followUps(caseId);
  }

  measures(caseId: string): Promise<MeasureRow[]> {
    return this.measureRows.measures(caseId);
  }

  agreedActions(caseId: string): Promise<AgreedActionRow[]> {
    return this.measureRows.agreedActions(caseId);
  }
}
