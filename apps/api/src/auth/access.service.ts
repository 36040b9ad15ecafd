import { BadRequestException, Injectable } from '@nestjs/common';
import { CasesRepository } from '../../../../libs/read-model/cases.repository';
import { FamiliesRepository } from '../../../../libs/read-model/families.repository';
import { MeasuresRepository } from '../../../../libs/read-model/measures.repository';
import { OrganisationRepository } from '../../../../libs/read-model/organisation.repository';
import { TasksRepository } from '../../../../libs/read-model/tasks.repository';
import type { Principal } from './principal';

/**
 * How a person reaches a piece of case data (PRODUCT.md section 5):
 * - own: the coordinator of the case or family;
 * - stand-in: the coordinator is absent now and this person is their registered stand-in;
 * - intake: an unassigned case, and this coordinator works in the department's intake team;
 * - team: the supervisor (or the team's deputy) of the team the case belongs to;
 * - department: the head of department;
 * - colleague: a coordinator of the same team without a registered absence — allowed with a
 *   reason, recorded as out of scope and flagged to the supervisor;
 * - none: everything else. Partners and admins reach no case data here.
 */
export type Reach = 'own' | 'stand-in' | 'intake' | 'team' | 'department' | 'colleague' | 'none';

export interface CaseDataAccess {
  reach: Reach;
  caseId: string | null;
  familyId: string | null;
  measureId: string | null;
  /** The team the data belongs to (the intake team while unassigned): supervisors' audit lists use it. */
  teamId: string | null;
}

interface Holder {
  caseId: string | null;
  familyId: string | null;
  measureId: string | null;
  coordinatorId: string | null;
  teamId: string | null;
}

@Injectable()
export class AccessService {
  constructor(
    private readonly cases: CasesRepository,
    private readonly measures: MeasuresRepository,
    private readonly families: FamiliesRepository,
    private readonly tasks: TasksRepository,
    private readonly organisation: OrganisationRepository,
  ) {}

  async toCase(p: Principal, caseId: string): Promise<CaseDataAccess> {
    // A case not yet in the read model (just opened from a report) is unassigned: the intake team's.
    const { familyId, coordinatorId, teamId } = await this.cases.holder(caseId);
    return this.reach(p, { caseId, familyId, measureId: null, coordinatorId, teamId });
  }

  async toMeasure(p: Principal, measureId: string): Promise<CaseDataAccess> {
    const caseId = await this.measures.caseOf(measureId);
    if (!caseId) return { reach: 'none', caseId: null, familyId: null, measureId, teamId: null };
    return { ...(await this.toCase(p, caseId)), measureId };
  }

  async toFamily(p: Principal, familyId: string): Promise<CaseDataAccess> {
    const { coordinatorId, teamId } = await this.families.holder(familyId);
    return this.reach(p, { caseId: null, familyId, measureId: null, coordinatorId, teamId });
  }

  /** A task reaches as what owns it: its measure, else its case, else its family (family-level tasks). */
  async toTask(p: Principal, taskId: string): Promise<CaseDataAccess> {
    const row = await this.tasks.ownerOf(taskId);
    if (row?.measure_id) return this.toMeasure(p, row.measure_id);
    if (row?.case_id) return this.toCase(p, row.case_id);
    if (row?.family_id) return this.toFamily(p, row.family_id);
    return { reach: 'none', caseId: null, familyId: null, measureId: null, teamId: null };
  }

  /** Four eyes: a decision on a case is approved by a supervisor of the case's team, or by the head. */
  async mayApprove(p: Principal, teamId: string | null): Promise<boolean> {
    if (p.roles.includes('head-of-department')) return true;
    if (!p.roles.includes('supervisor')) return false;
    return this.organisation.leads(teamId ?? (await this.intakeTeam()), p.userId, { orDeputy: false });
  }

  /** Supervisors and the head assign coordinators and hand caseloads over; teams they lead, or all. */
  async leadsTeam(p: Principal, teamId: string | null): Promise<boolean> {
    if (p.roles.includes('head-of-department')) return true;
    if (!p.roles.includes('supervisor')) return false;
    return this.organisation.leads(teamId ?? (await this.intakeTeam()), p.userId, { orDeputy: true });
  }

  /** Whether the person leads the team `userId` works in (none: no). */
  async leadsTeamOf(p: Principal, userId: string): Promise<boolean> {
    const teamId = await this.organisation.teamOfUser(userId);
    return !!teamId && this.leadsTeam(p, teamId);
  }

  /** The teams a supervisor or deputy leads (all teams for the head). */
  async ledTeams(p: Principal): Promise<string[]> {
    if (p.roles.includes('head-of-department')) return this.organisation.teamIds();
    return (await this.organisation.teamsLedBy(p.userId)).map((t) => t.id);
  }

  /**
   * A case, family or caseload is only given to an active coordinator of the team named with it:
   * 400 naming `field` otherwise.
   */
  async requireCoordinatorOf(userId: string, teamId: string, field: string): Promise<void> {
    if (!(await this.organisation.isActiveCoordinatorOf(userId, teamId)))
      throw new BadRequestException({
        statusCode: 400,
        error: 'InvalidCommand',
        message: `${field} ${userId} is not an active coordinator of team ${teamId}`,
      });
  }

  private async intakeTeam(): Promise<string | null> {
    return (await this.organisation.department())?.intakeTeamId ?? null;
  }

  private async reach(p: Principal, h: Holder): Promise<CaseDataAccess> {
    const intakeTeam = await this.intakeTeam();
    const teamId = h.teamId ?? intakeTeam;
    const access = (reach: Reach): CaseDataAccess => ({ reach, caseId: h.caseId, familyId: h.familyId, measureId: h.measureId, teamId });
    if (p.roles.includes('head-of-department')) return access('department');
    if (teamId && (p.roles.includes('supervisor') || p.roles.includes('coordinator'))) {
      const team = await this.organisation.leadsOf(teamId);
      if (team && p.roles.includes('supervisor') && team.supervisorId === p.userId) return access('team');
      if (team && team.deputyId === p.userId) return access('team');
    }
    if (!p.roles.includes('coordinator')) return access('none');
    if (h.coordinatorId === p.userId) return access('own');
    if (h.coordinatorId && (await this.organisation.absenceAt(h.coordinatorId))?.standInId === p.userId) return access('stand-in');
    if (teamId && p.teamId === teamId) {
      if (!h.coordinatorId && teamId === intakeTeam) return access('intake');
      return access('colleague');
    }
    return access('none');
  }
}
