import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { absenceAt, department } from '../../../../libs/organisation/directory';
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
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async toCase(p: Principal, caseId: string): Promise<CaseDataAccess> {
    const [row] = await this.db.query('SELECT family_id, coordinator_id, team_id FROM cases WHERE id = $1', [caseId]);
    // A case not yet in the read model (just opened from a report) is unassigned: the intake team's.
    return this.reach(p, {
      caseId,
      familyId: row?.family_id ?? null,
      measureId: null,
      coordinatorId: row?.coordinator_id ?? null,
      teamId: row?.team_id ?? null,
    });
  }

  async toMeasure(p: Principal, measureId: string): Promise<CaseDataAccess> {
    const [row] = await this.db.query('SELECT case_id FROM measures WHERE id = $1', [measureId]);
    if (!row) return { reach: 'none', caseId: null, familyId: null, measureId, teamId: null };
    return { ...(await this.toCase(p, row.case_id)), measureId };
  }

  async toFamily(p: Principal, familyId: string): Promise<CaseDataAccess> {
    const [row] = await this.db.query('SELECT coordinator_id, team_id FROM families WHERE id = $1', [familyId]);
    return this.reach(p, {
      caseId: null,
      familyId,
      measureId: null,
      coordinatorId: row?.coordinator_id ?? null,
      teamId: row?.team_id ?? null,
    });
  }

  /** A task reaches as what owns it: its measure, else its case, else its family (family-level tasks). */
  async toTask(p: Principal, taskId: string): Promise<CaseDataAccess> {
    const [row] = (await this.db.query('SELECT case_id, measure_id, family_id FROM tasks WHERE id = $1', [taskId])) as {
      case_id: string | null;
      measure_id: string | null;
      family_id: string | null;
    }[];
    if (row?.measure_id) return this.toMeasure(p, row.measure_id);
    if (row?.case_id) return this.toCase(p, row.case_id);
    if (row?.family_id) return this.toFamily(p, row.family_id);
    return { reach: 'none', caseId: null, familyId: null, measureId: null, teamId: null };
  }

  /** Four eyes: a decision on a case is approved by a supervisor of the case's team, or by the head. */
  async mayApprove(p: Principal, teamId: string | null): Promise<boolean> {
    if (p.roles.includes('head-of-department')) return true;
    if (!p.roles.includes('supervisor')) return false;
    const team = teamId ?? (await this.intakeTeam());
    const [row] = await this.db.query('SELECT 1 FROM teams WHERE id = $1 AND supervisor_id = $2', [team, p.userId]);
    return !!row;
  }

  /** Supervisors and the head assign coordinators and hand caseloads over; teams they lead, or all. */
  async leadsTeam(p: Principal, teamId: string | null): Promise<boolean> {
    if (p.roles.includes('head-of-department')) return true;
    if (!p.roles.includes('supervisor')) return false;
    const team = teamId ?? (await this.intakeTeam());
    const [row] = await this.db.query('SELECT 1 FROM teams WHERE id = $1 AND (supervisor_id = $2 OR deputy_id = $2)', [team, p.userId]);
    return !!row;
  }

  /** The teams a supervisor or deputy leads (all teams for the head). */
  async ledTeams(p: Principal): Promise<string[]> {
    if (p.roles.includes('head-of-department')) return (await this.db.query('SELECT id FROM teams')).map((r: { id: string }) => r.id);
    const rows = await this.db.query('SELECT id FROM teams WHERE supervisor_id = $1 OR deputy_id = $1', [p.userId]);
    return rows.map((r: { id: string }) => r.id);
  }

  /**
   * A case, family or caseload is only given to an active coordinator of the team named with it:
   * 400 naming `field` otherwise.
   */
  async requireCoordinatorOf(userId: string, teamId: string, field: string): Promise<void> {
    const [row] = await this.db.query(
      `SELECT 1 FROM users WHERE id::text = $1 AND active AND 'coordinator' = ANY(roles) AND team_id = $2`,
      [userId, teamId],
    );
    if (!row)
      throw new BadRequestException({
        statusCode: 400,
        error: 'InvalidCommand',
        message: `${field} ${userId} is not an active coordinator of team ${teamId}`,
      });
  }

  private async intakeTeam(): Promise<string | null> {
    return (await department(this.db.manager))?.intakeTeamId ?? null;
  }

  private async reach(p: Principal, h: Holder): Promise<CaseDataAccess> {
    const intakeTeam = await this.intakeTeam();
    const teamId = h.teamId ?? intakeTeam;
    const access = (reach: Reach): CaseDataAccess => ({ reach, caseId: h.caseId, familyId: h.familyId, measureId: h.measureId, teamId });
    if (p.roles.includes('head-of-department')) return access('department');
    if (teamId && (p.roles.includes('supervisor') || p.roles.includes('coordinator'))) {
      const [team] = await this.db.query('SELECT supervisor_id, deputy_id FROM teams WHERE id = $1', [teamId]);
      if (team && p.roles.includes('supervisor') && team.supervisor_id === p.userId) return access('team');
      if (team && team.deputy_id === p.userId) return access('team');
    }
    if (!p.roles.includes('coordinator')) return access('none');
    if (h.coordinatorId === p.userId) return access('own');
    if (h.coordinatorId && (await absenceAt(this.db.manager, h.coordinatorId))?.standInId === p.userId) return access('stand-in');
    if (teamId && p.teamId === teamId) {
      if (!h.coordinatorId && teamId === intakeTeam) return access('intake');
      return access('colleague');
    }
    return access('none');
  }
}
