import { randomUUID } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { QueryFailedError, type DataSource } from 'typeorm';
import { DeadLetterEntity } from '../../libs/db/entities';
import { type DatabaseErrorInfo, describeDatabaseError } from './without-personal-data';

/**
 * SQLSTATE classes that no retry can fix: the same input fails the same way every time.
 * 21 cardinality violation, 22 data exception (e.g. 22P02 text that is no uuid, 22P05 a NUL
 * character), 23 integrity constraint violation, 44 WITH CHECK OPTION violation. Everything else
 * stays retryable: 08 connection exceptions, 40001/40P01 serialization failure and deadlock,
 * 53 insufficient resources, 57P01-03 the server shutting down or starting, 55P03 lock not
 * available, 57014 a cancelled statement, and a missing table or column (42) too, which is what a
 * worker sees when it is deployed a moment before its migration.
 */
const PERMANENT_CLASSES = new Set(['21', '22', '23', '44']);

/** The database error of a write that retrying cannot fix; undefined for anything that may pass later. */
export function permanentDatabaseError(err: unknown, activity: string): DatabaseErrorInfo | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const described = describeDatabaseError(err, activity);
  return described && PERMANENT_CLASSES.has(described.code.slice(0, 2)) ? described : undefined;
}

type ActivityFn = (...args: never[]) => Promise<unknown>;

/**
 * Read-model activities whose permanent failures go to `dead_letters` instead of being retried
 * for ever. A workflow awaits its projections in order, so one write that can never succeed would
 * otherwise hold up every later projection, command and deadline of that workflow. The activity
 * parks its input and returns normally; an admin retries it once the cause is removed. A failure
 * to park it (the database went away meanwhile) is thrown, so the activity is retried as before.
 */
export function withDeadLetters<T extends Record<string, ActivityFn>>(dataSource: DataSource, activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        const permanent = permanentDatabaseError(err, name);
        if (!permanent) throw err;
        const info = Context.current().info;
        // Activities started outside a workflow have no workflow execution: none of ours, but be safe.
        const { workflowId, runId } = info.workflowExecution ?? { workflowId: '(none)', runId: info.activityId };
        await dataSource
          .createQueryBuilder()
          .insert()
          .into(DeadLetterEntity)
          .values({
            id: randomUUID(),
            workflowId,
            activity: name,
            source: `${runId}:${info.activityId}`,
            errorCode: permanent.code,
            errorMessage: permanent.message,
            input: JSON.stringify(args),
            status: 'open',
            attempts: info.attempt,
          })
          // The same activity, retried after it parked its input (the completion got lost): once.
          .orIgnore()
          .execute();
        Context.current().log.warn(`Parked in dead_letters: ${permanent.message}`, { workflowId });
        return undefined;
      }
    };
  }
  return wrapped as T;
}
