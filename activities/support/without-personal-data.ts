import { ApplicationFailure } from '@temporalio/activity';
import { QueryFailedError } from 'typeorm';

/** What a database error may say: its SQLSTATE and the place of the fault, never a value. */
export interface DatabaseErrorInfo {
  code: string;
  message: string;
}

/** A few SQLSTATEs by their PostgreSQL condition name, so a dead letter reads without a manual. */
const CONDITIONS: Record<string, string> = {
  '22001': 'string_data_right_truncation',
  '22003': 'numeric_value_out_of_range',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22021': 'character_not_in_repertoire',
  '22P02': 'invalid_text_representation',
  '22P05': 'untranslatable_character',
  '23502': 'not_null_violation',
  '23503': 'foreign_key_violation',
  '23505': 'unique_violation',
  '23514': 'check_violation',
};

/**
 * The SQLSTATE and where the fault is, for a failed SQL statement; undefined for anything else.
 * The driver's own message may quote a value (`invalid input syntax for type uuid: "…"`), so it is
 * never used.
 */
export function describeDatabaseError(err: unknown, activity: string): DatabaseErrorInfo | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const d = (err.driverError ?? {}) as { code?: string; table?: string; column?: string; constraint?: string };
  const code = d.code ?? 'unknown';
  const where = [d.table && `table ${d.table}`, d.column && `column ${d.column}`, d.constraint && `constraint ${d.constraint}`]
    .filter(Boolean)
    .join(', ');
  const condition = CONDITIONS[code] ? ` ${CONDITIONS[code]}` : '';
  return { code, message: `Database error ${code}${condition} in ${activity}${where ? ` (${where})` : ''}` };
}

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
