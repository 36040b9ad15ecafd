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
  const described = describeDatabaseError(err, activity);
  return described && PERMANENT_CLASSES.has(described.code.slice(0, 2)) ? described : undefined;
}

/** An integrity constraint (SQLSTATE class 23) that refused a write: its code and the constraint's name. */
export function constraintViolation(err: unknown): { code: string; constraint?: string } | undefined {
  if (!(err instanceof QueryFailedError)) return undefined;
  const { code, constraint } = err.driverError as { code?: string; constraint?: string };
  return code?.startsWith('23') ? { code, constraint } : undefined;
}
