import { ApplicationFailure } from '@temporalio/activity';
import { QueryFailedError } from 'typeorm';

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
        if (err instanceof QueryFailedError) {
          // The driver's message may quote a value too: keep only what names the place of the fault.
          const d = (err.driverError ?? {}) as { code?: string; table?: string; column?: string; constraint?: string };
          const where = [d.table && `table ${d.table}`, d.column && `column ${d.column}`, d.constraint && `constraint ${d.constraint}`]
            .filter(Boolean)
            .join(', ');
          throw ApplicationFailure.retryable(
            `Database error ${d.code ?? 'unknown'} in ${name}${where ? ` (${where})` : ''}`,
            'DatabaseError',
          );
        }
        throw err;
      }
    };
  }
  return wrapped as T;
}
