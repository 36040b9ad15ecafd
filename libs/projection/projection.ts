import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AgreedActionEntity, CaseEntity, FamilyEntity, FollowUpEntity, GoalEntity, MeasureEntity, TaskEntity } from '../db/entities';
import type { Recipient } from '../organisation/directory';
import { isUuid } from '../read-model/db';
import type { ReadModel } from '../read-model/read-model';
import { notifyStep } from './notify-step';
import { stepRecipients } from './step-recipients';

/** A row as the workflow computes it; the case id is filled in from the projection. */
type Row<T> = Omit<QueryDeepPartialEntity<T>, 'caseId'> & { id: string };

export interface ProjectedEvent {
  /** Deterministic per workflow step: the dedupe key that makes a retry harmless. */
  eventId: string;
  type: string;
  actor: string;
  at: string;
  data?: Record<string, unknown>;
}

/**
 * One step of a workflow, as it should show in the read model. Everything in it is applied in one
 * transaction, and all of it is idempotent: rows are upserted with the values the workflow
 * computed, events are appended once per eventId. Running it twice changes nothing twice.
 */
export interface Projection {
  /** Whose step this is: a case, or a family (for family-level tasks and events). */
  caseId?: string;
  familyId?: string;
  family?: QueryDeepPartialEntity<FamilyEntity>;
  /** Scores from a follow-up: each goal keeps its first score and gets the latest. */
  goalScores?: { goalId: string; score: number }[];
  /** Child cases that belong to the family. */
  linkCases?: string[];
  events?: ProjectedEvent[];
  case?: QueryDeepPartialEntity<CaseEntity>;
  tasks?: Row<TaskEntity>[];
  measures?: Row<MeasureEntity>[];
  goals?: Omit<QueryDeepPartialEntity<GoalEntity>, 'caseId'>[];
  followUps?: Row<FollowUpEntity>[];
  actions?: Row<AgreedActionEntity>[];
  /** Changes to agreed actions already recorded (done, carried to the next meeting). */
  actionUpdates?: ({ id: string } & QueryDeepPartialEntity<AgreedActionEntity>)[];
}

export interface ProjectionOptions {
  /** Where people open Closer: links in notification mails. */
  publicUrl?: string;
  /** The task queue whose outbox relay sends the notifications written here. */
  relayQueue?: string | null;
}

/** Applies one projection inside the caller's transaction `tx`. */
export async function applyProjection(tx: ReadModel, p: Projection, { publicUrl, relayQueue }: ProjectionOptions = {}): Promise<void> {
  const withCase = <T>(rows: Row<T>[] | undefined) =>
    (rows ?? []).map((r) => ({ ...r, caseId: p.caseId ?? null }) as QueryDeepPartialEntity<T>);
  if (p.case && Object.keys(p.case).length) await tx.cases.update(p.caseId, p.case);
  if (p.familyId && p.family) await tx.families.upsert({ ...p.family, id: p.familyId });
  if (p.familyId && p.linkCases?.length) await tx.cases.linkToFamily(p.linkCases, p.familyId);
  // Parents before children: measures before their follow-ups, follow-ups before their actions.
  if (p.measures?.length) await tx.measures.upsertMeasures(withCase(p.measures));
  if (p.goals?.length)
    await tx.measures.upsertGoals(p.goals.map((g) => ({ ...g, caseId: p.caseId }) as QueryDeepPartialEntity<GoalEntity>));
  if (p.followUps?.length) await tx.measures.upsertFollowUps(withCase(p.followUps));
  for (const g of p.goalScores ?? []) await tx.measures.scoreGoal(p.caseId, g.goalId, g.score);
  if (p.actions?.length) await tx.measures.upsertActions(withCase(p.actions));
  for (const { id, ...change } of p.actionUpdates ?? []) await tx.measures.updateAction(id, change);
  if (p.tasks?.length) await tx.tasks.upsert(withCase(p.tasks).map((t) => ({ ...t, familyId: p.familyId ?? null })));
  await keepTaskTeams(tx, p);
  // Who each task step goes to, as the organisation is when it fires (after this step's rows are written).
  const recipientOf = stepRecipients(tx, p, p.tasks);
  for (const e of p.events ?? []) {
    const recipient = await recipientOf(e);
    await keepEscalationTarget(tx, e, recipient);
    const scope = { caseId: p.caseId ?? null, familyId: p.familyId ?? null };
    const written = await tx.caseEvents.append({
      ...scope,
      type: e.type,
      actor: e.actor,
      occurredAt: new Date(e.at),
      data: recipient ? { ...e.data, recipient } : e.data,
      dedupeKey: e.eventId,
    });
    // The person is told once: with the event's first writing, in the same transaction.
    if (written)
      await notifyStep(
        tx,
        { ...scope, dedupeKey: e.eventId, type: e.type, actor: e.actor, at: e.at, data: e.data, recipient },
        { publicUrl, relayQueue },
      );
  }
}

/**
 * The columns of `tasks` that only the work lists read (migration 1795700000100), kept in the
 * projection's transaction from what it has just written.
 *
 * `tasks.team_id`: the team of the task's case, else of its family (null: the intake team's).
 * Written for the tasks of this step's case or family when tasks were written or the case's or
 * family's team may have changed (an assignment, a handover), so a case moved to another team
 * takes its open tasks to that team's lists in the same transaction.
 */
async function keepTaskTeams(tx: ReadModel, p: Projection): Promise<void> {
  const touched = !!p.tasks?.length || (!!p.case && 'teamId' in p.case) || (!!p.family && 'teamId' in p.family);
  if (!touched) return;
  const caseId = p.caseId && isUuid(p.caseId) ? p.caseId : null;
  const familyId = !caseId && p.familyId && isUuid(p.familyId) ? p.familyId : null;
  if (!caseId && !familyId) return;
  await tx.tasks.keepTeams({ caseId, familyId });
}

/**
 * `tasks.escalated_to_role` / `escalated_to_user_id`: whom a `task.escalated` step went to, as
 * resolved when it fired. A step older than the task's current level (a late retry) changes nothing.
 */
async function keepEscalationTarget(
  tx: ReadModel,
  event: { type: string; data?: Record<string, unknown> },
  recipient: Recipient | undefined,
): Promise<void> {
  const data = event.data ?? {};
  if (event.type !== 'task.escalated' || !isUuid(data.taskId)) return;
  const level = typeof data.level === 'number' && Number.isInteger(data.level) ? data.level : 0;
  await tx.tasks.keepEscalationTarget(
    data.taskId,
    { role: typeof data.to === 'string' ? data.to : null, userId: recipient?.userId ?? null },
    level,
  );
}
