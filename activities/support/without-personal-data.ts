import { ApplicationFailure } from '@temporalio/activity';
import { describeDatabaseError } from '../../libs/read-model/database-errors';

export { type DatabaseErrorInfo, describeDatabaseError } from '../../libs/read-model/database-errors';

/**
 * A failed SQL statement carries its parameters (names, e-mail addresses, notes), and the worker
 * logs a failed activity with every property of its error. So a database error leaves an activity
 * as a plain retryable failure with the driver's code and message only.
 */
export function withoutPersonalData<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        const described = describeDatabaseError(err, name);
        if (described) throw ApplicationFailure.retryable(described.message, 'DatabaseError');
        throw err;
      }
    };
  }
  return wrapped as T;
}
