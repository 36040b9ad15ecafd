import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface CaseRow {
  phase: string;
  policyVersion: string;
  coordinatorId: string | null;
  teamId: string | null;
  openedAt: Date;
  closedAt: Date | null;
}

export interface GoalRow {
  goalId: string;
  description: string;
  ownerDepartment: string;
  successMeasure: string;
}

export interface FollowUpRow {
  measureId: string;
  heldAt: Date;
  decision: string;
  scores: { goalId: string; score: number }[];
}

export interface MeasureRow {
  measureId: string;
  decisionId: string;
  type: string;
  ladderStep: number;
  provider: string;
  monthlyCost: string;
  startDate: Date;
  plannedEnd: Date;
  status: string;
  endReason: string | null;
}

export interface AgreedActionRow {
  actionId: string;
  measureId: string;
  description: string;
  owner: string;
  dueAt: Date;
  status: string;
}

export interface Named {
  id: string;
  name: string;
}

/** Upper bounds for what one case page reads from the read model (a case's rows are few; the bounds keep a page small whatever happens). */
const MAX_ROWS = 200;

/** The case page's read-model data that no service offers: names, the plan's goals, measures, follow-up scores, agreed actions. */
@Injectable()
export class CasePageService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async caseRow(caseId: string): Promise<CaseRow | null> {
    const [r] = (await this.db.query(
      'SELECT phase, policy_version, coordinator_id, team_id, opened_at, closed_at FROM cases WHERE id = $1',
      [caseId],
    )) as {
      phase: string;
      policy_version: string;
      coordinator_id: string | null;
      team_id: string | null;
      opened_at: Date;
      closed_at: Date | null;
    }[];
    return r
      ? {
          phase: r.phase,
          policyVersion: r.policy_version,
          coordinatorId: r.coordinator_id,
          teamId: r.team_id,
          openedAt: r.opened_at,
          closedAt: r.closed_at,
        }
      : null;
  }

  /** Display names of users by id (ids not found are left out). */
  async userNames(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((x): x is string => !!x))];
    if (!wanted.length) return new Map();
    const rows = (await this.db.query('SELECT id::text AS id, display_name FROM users WHERE id::text = ANY($1)', [wanted])) as {
      id: string;
      display_name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async teams(): Promise<Named[]> {
    return (await this.db.query('SELECT id, name FROM teams ORDER BY name')) as Named[];
  }

  async intakeTeam(): Promise<string | null> {
    const [r] = (await this.db.query('SELECT intake_team_id FROM department LIMIT 1')) as { intake_team_id: string | null }[];
    return r?.intake_team_id ?? null;
  }

  /** Active coordinators of a team, by name. */
  async coordinatorsOf(teamId: string): Promise<Named[]> {
    return (await this.db.query(
      `SELECT id::text AS id, display_name AS name FROM users
        WHERE active AND 'coordinator' = ANY(roles) AND team_id = $1 ORDER BY display_name LIMIT ${MAX_ROWS}`,
      [teamId],
    )) as Named[];
  }

  async partnerDepartments(): Promise<Named[]> {
    return (await this.db.query(`SELECT id, name FROM partner_departments ORDER BY name LIMIT ${MAX_ROWS}`)) as Named[];
  }

  async goals(caseId: string): Promise<GoalRow[]> {
    const rows = (await this.db.query(
      `SELECT goal_id, description, owner_department, success_measure FROM goals WHERE case_id = $1 ORDER BY goal_id LIMIT ${MAX_ROWS}`,
      [caseId],
    )) as { goal_id: string; description: string; owner_department: string; success_measure: string }[];
    return rows.map((r) => ({
      goalId: r.goal_id,
      description: r.description,
      ownerDepartment: r.owner_department,
      successMeasure: r.success_measure,
    }));
  }

  /** The case's follow-up meetings, oldest first (the latest ones when there are very many). */
  async followUps(caseId: string): Promise<FollowUpRow[]> {
    const rows = (await this.db.query(
      `SELECT * FROM (SELECT measure_id::text AS measure_id, held_at, decision, scores, id FROM follow_ups WHERE case_id = $1
         ORDER BY held_at DESC, id DESC LIMIT ${MAX_ROWS}) x ORDER BY held_at, id`,
      [caseId],
    )) as { measure_id: string; held_at: Date; decision: string; scores: { goalId: string; score: number }[] }[];
    return rows.map((r) => ({
      measureId: r.measure_id,
      heldAt: r.held_at,
      decision: r.decision,
      scores: Array.isArray(r.scores) ? r.scores : [],
    }));
  }

  async measures(caseId: string): Promise<MeasureRow[]> {
    const rows = (await this.db.query(
      `SELECT id::text AS id, decision_id::text AS decision_id, type, ladder_step, provider, monthly_cost, start_date, planned_end, status, end_reason
         FROM measures WHERE case_id = $1 ORDER BY start_date, id LIMIT ${MAX_ROWS}`,
      [caseId],
    )) as {
      id: string;
      decision_id: string;
      type: string;
      ladder_step: number;
      provider: string;
      monthly_cost: string;
      start_date: Date;
      planned_end: Date;
      status: string;
      end_reason: string | null;
    }[];
    return rows.map((r) => ({
      measureId: r.id,
      decisionId: r.decision_id,
      type: r.type,
      ladderStep: r.ladder_step,
      provider: r.provider,
      monthlyCost: r.monthly_cost,
      startDate: r.start_date,
      plannedEnd: r.planned_end,
      status: r.status,
      endReason: r.end_reason,
    }));
  }

  async agreedActions(caseId: string): Promise<AgreedActionRow[]> {
    const rows = (await this.db.query(
      `SELECT id::text AS id, measure_id::text AS measure_id, description, owner, due_at, status FROM agreed_actions
        WHERE case_id = $1 ORDER BY due_at DESC, id LIMIT ${MAX_ROWS}`,
      [caseId],
    )) as { id: string; measure_id: string; description: string; owner: string; due_at: Date; status: string }[];
    return rows.map((r) => ({
      actionId: r.id,
      measureId: r.measure_id,
      description: r.description,
      owner: r.owner,
      dueAt: r.due_at,
      status: r.status,
    }));
  }
}
