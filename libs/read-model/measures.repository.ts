import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AgreedActionEntity, FollowUpEntity, GoalEntity, MeasureEntity } from '../db/entities';
import type { Db } from './db';

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

/** An agreed action as its owner (a partner department) sees it. */
export interface PartnerActionRow {
  id: string;
  description: string;
  due_at: Date;
  status: string;
  done_at: Date | null;
  measure_id: string;
  case_id: string;
}

/** Upper bound of what one case page reads (a case's rows are few; the bound keeps a page small whatever happens). */
const MAX_ROWS = 200;

const caseIdIn = (caseIds: string[]) => ({ caseId: In(caseIds) });

/** `measures`, `goals`, `follow_ups` and `agreed_actions`: what a case's plan and interventions hold. */
export class MeasuresRepository {
  constructor(private readonly db: Db) {}

  /** The case a measure belongs to; null for a measure not in the read model. */
  async caseOf(measureId: string): Promise<string | null> {
    const [row] = (await this.db.query('SELECT case_id FROM measures WHERE id = $1', [measureId])) as { case_id: string }[];
    return row?.case_id ?? null;
  }

  // -------------------------------------------------------------------------------------------
  // Writes (the projection): upserts with the values the workflow computed

  async upsertMeasures(rows: QueryDeepPartialEntity<MeasureEntity>[]): Promise<void> {
    await this.db.getRepository(MeasureEntity).upsert(rows, ['id']);
  }

  async upsertGoals(rows: QueryDeepPartialEntity<GoalEntity>[]): Promise<void> {
    await this.db.getRepository(GoalEntity).upsert(rows, ['caseId', 'goalId']);
  }

  async upsertFollowUps(rows: QueryDeepPartialEntity<FollowUpEntity>[]): Promise<void> {
    await this.db.getRepository(FollowUpEntity).upsert(rows, ['id']);
  }

  /** A follow-up's score: the goal keeps its first score and gets the latest. */
  async scoreGoal(caseId: string | undefined, goalId: string, score: number): Promise<void> {
    await this.db.query('UPDATE goals SET latest_score = $3, first_score = COALESCE(first_score, $3) WHERE case_id = $1 AND goal_id = $2', [
      caseId,
      goalId,
      score,
    ]);
  }

  async upsertActions(rows: QueryDeepPartialEntity<AgreedActionEntity>[]): Promise<void> {
    await this.db.getRepository(AgreedActionEntity).upsert(rows, ['id']);
  }

  async updateAction(id: string, change: QueryDeepPartialEntity<AgreedActionEntity>): Promise<void> {
    await this.db.getRepository(AgreedActionEntity).update({ id }, change);
  }

  // -------------------------------------------------------------------------------------------
  // The case page

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

  // -------------------------------------------------------------------------------------------
  // Partners' actions

  /**
   * The actions these owners hold, open first, by due time, strictly after `after` in that order
   * (one row value, so a page starts right after the last one shown); at most `limit`.
   */
  async actionsOwnedBy(owners: string[], after: { rank: number; at: string; id: string } | null, limit: number) {
    return (await this.db.query(
      `SELECT id, description, due_at, status, done_at FROM agreed_actions
        WHERE owner = ANY($1)
          AND ($3::int IS NULL OR (CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_at, id) > ($3::int, $4::timestamptz, $5::uuid))
        ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_at ASC, id LIMIT $2`,
      [owners, limit, after?.rank ?? null, after?.at ?? null, after?.id ?? null],
    )) as Omit<PartnerActionRow, 'measure_id' | 'case_id'>[];
  }

  /** One action, when these owners hold it. */
  async actionOwnedBy(actionId: string, owners: string[]): Promise<PartnerActionRow | null> {
    const [row] = (await this.db.query(
      'SELECT id, description, due_at, status, done_at, measure_id, case_id FROM agreed_actions WHERE id = $1 AND owner = ANY($2)',
      [actionId, owners],
    )) as PartnerActionRow[];
    return row ?? null;
  }

  // -------------------------------------------------------------------------------------------
  // A family's export: everything of these cases

  measuresOf(caseIds: string[]): Promise<MeasureEntity[]> {
    return this.db.getRepository(MeasureEntity).find({ where: caseIdIn(caseIds), order: { startDate: 'ASC', id: 'ASC' } });
  }

  goalsOf(caseIds: string[]): Promise<GoalEntity[]> {
    return this.db.getRepository(GoalEntity).find({ where: caseIdIn(caseIds), order: { goalId: 'ASC' } });
  }

  followUpsOf(caseIds: string[]): Promise<FollowUpEntity[]> {
    return this.db.getRepository(FollowUpEntity).find({ where: caseIdIn(caseIds), order: { heldAt: 'ASC', id: 'ASC' } });
  }

  actionsOf(caseIds: string[]): Promise<AgreedActionEntity[]> {
    return this.db.getRepository(AgreedActionEntity).find({ where: caseIdIn(caseIds), order: { dueAt: 'ASC', id: 'ASC' } });
  }
}
