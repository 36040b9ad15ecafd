import { Context } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { permanentDatabaseError } from '../../libs/read-model/database-errors';
import { ReadModel } from '../../libs/read-model/read-model';

export { permanentDatabaseError } from '../../libs/read-model/database-errors';

type ActivityFn = (...args: never[]) => Promise<unknown>;

/**
 * Read-model activities whose permanent failures go to `dead_letters` instead of being retried
 * for ever. A workflow awaits its projections in order, so one write that can never succeed would
 * otherwise hold up every later projection, command and deadline of that workflow. The activity
 * parks its input and returns normally; an admin retries it once the cause is removed. A failure
 * to park it (the database went away meanwhile) is thrown, so the activity is retried as before.
 */
export function withDeadLetters<T extends Record<string, ActivityFn>>(dataSource: DataSource, activities: T): T {
  const deadLetters = ReadModel.of(dataSource).deadLetters;
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
        // The same activity, retried after it parked its input (the completion got lost): once.
        await deadLetters.park({
          workflowId,
          activity: name,
          source: `${runId}:${info.activityId}`,
          errorCode: permanent.code,
          errorMessage: permanent.message,
          input: JSON.stringify(args),
          attempts: info.attempt,
        });
        Context.current().log.warn(`Parked in dead_letters: ${permanent.message}`, { workflowId });
        return undefined;
      }
    };
  }
  return wrapped as T;
}
