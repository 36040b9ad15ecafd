import { In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AgreedActionEntity, CaseEntity, FamilyEntity, FollowUpEntity, GoalEntity, MeasureEntity, TaskEntity } from '../libs/db/entities';
import type { ActivityDeps } from './deps';
import { appendCaseEvent } from './support/case-events';
import { notifyStep } from './support/notify';
import { stepRecipients } from './support/task-recipients';
import { keepEscalationTarget, keepTaskTeams } from './support/work-list-columns';

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

export function createProjectionActivities({
  dataSource,
  publicUrl,
  relayQueue,
}: Pick<ActivityDeps, 'dataSource' | 'publicUrl' | 'relayQueue'>) {
  return {
    async project(p: Projection): Promise<void> {
      await dataSource.transaction(async (em) => {
        const withCase = <T>(rows: Row<T>[] | undefined) =>
          (rows ?? []).map((r) => ({ ...r, caseId: p.caseId ?? null }) as QueryDeepPartialEntity<T>);
        if (p.case && Object.keys(p.case).length) await em.getRepository(CaseEntity).update({ id: p.caseId }, p.case);
        if (p.familyId && p.family)
          await em.getRepository(FamilyEntity).upsert({ ...p.family, id: p.familyId } as QueryDeepPartialEntity<FamilyEntity>, ['id']);
        if (p.familyId && p.linkCases?.length) await em.getRepository(CaseEntity).update({ id: In(p.linkCases) }, { familyId: p.familyId });
        // Parents before children: measures before their follow-ups, follow-ups before their actions.
        if (p.measures?.length) await em.getRepository(MeasureEntity).upsert(withCase(p.measures), ['id']);
        if (p.goals?.length) {
          const goals = p.goals.map((g) => ({ ...g, caseId: p.caseId }) as QueryDeepPartialEntity<GoalEntity>);
          await em.getRepository(GoalEntity).upsert(goals, ['caseId', 'goalId']);
        }
        if (p.followUps?.length) await em.getRepository(FollowUpEntity).upsert(withCase(p.followUps), ['id']);
        for (const g of p.goalScores ?? []) {
          await em.query(
            'UPDATE goals SET latest_score = $3, first_score = COALESCE(first_score, $3) WHERE case_id = $1 AND goal_id = $2',
            [p.caseId, g.goalId, g.score],
          );
        }
        if (p.actions?.length) await em.getRepository(AgreedActionEntity).upsert(withCase(p.actions), ['id']);
        for (const { id, ...change } of p.actionUpdates ?? []) await em.getRepository(AgreedActionEntity).update({ id }, change);
        if (p.tasks?.length)
          await em.getRepository(TaskEntity).upsert(
            withCase(p.tasks).map((t) => ({ ...t, familyId: p.familyId ?? null })),
            ['id'],
          );
        await keepTaskTeams(em, p);
        // Who each task step goes to, as the organisation is when it fires (after this step's rows are written).
        const recipientOf = stepRecipients(em, p, p.tasks);
        for (const e of p.events ?? []) {
          const recipient = await recipientOf(e);
          await keepEscalationTarget(em, e, recipient);
          const scope = { caseId: p.caseId ?? null, familyId: p.familyId ?? null };
          const written = await appendCaseEvent(em, {
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
              em,
              { ...scope, dedupeKey: e.eventId, type: e.type, actor: e.actor, at: e.at, data: e.data, recipient },
              { publicUrl, relayQueue },
            );
        }
      });
    },
  };
}
