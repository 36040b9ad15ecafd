/**
 * The building blocks of every command and event schema (workflows/command-schemas.ts): the bounds,
 * the bounded strings, numbers and dates, the first report of a case, and the sentence that names
 * the field of a refusal.
 *
 * Kept apart from the command schemas because a workflow builds its own copy of every module it
 * imports when it starts or is replayed: a new case checks its first report with these at once,
 * while the command schemas are built only when a command comes (workflows/support/schemas.ts).
 */
import { z } from 'zod';

/** The bounds, in one place: a newcomer changes a limit here, not in each schema. */
export const LIMITS = {
  /** Ids of people, teams, goals, appointments: short and printable. */
  id: 100,
  /** Names of things: a measure type, a provider, a department. */
  name: 200,
  /** Free text: reasons, summaries, goal descriptions, agreed actions. */
  text: 10_000,
  /** The concern of a report (underretning): what a reporter writes may be long. */
  concern: 20_000,
  /** An email address (RFC 5321 allows 320 characters with the local part). */
  email: 320,
  /** Items in a list (goals of a plan, scores of a meeting, agreed actions). */
  listItems: 30,
  /** A measure's monthly cost in kroner (an institution is about 100,000 a month). */
  monthlyCost: 10_000_000,
  /** Dates a caller may send: plausible for a case, and far inside what the calendar code handles. */
  earliestDate: '1990-01-01T00:00:00Z',
  latestDate: '2100-12-31T23:59:59Z',
} as const;

// Control characters in an id or a name are never meant: they hide text in logs and pages.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
// Text PostgreSQL cannot store (a NUL character, half of a surrogate pair) would fail every
// projection of it for ever, and with it the command that carried it.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|\p{Cs}/u;
const storable = (v: string) => !UNSTORABLE.test(v);
const UNSTORABLE_MESSAGE = 'must not contain NUL characters or broken Unicode';

/** 1 to `max` printable characters, not blank. */
export const printable = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((v) => v.trim().length > 0, 'must not be blank')
    .refine((v) => !CONTROL.test(v), 'must not contain control characters')
    .refine(storable, UNSTORABLE_MESSAGE);

/** A short reference to a person, team or thing: 1–100 printable characters, not blank. */
export const ref = printable(LIMITS.id);

/** A name: 1–200 printable characters. */
export const name = printable(LIMITS.name);

/** Free text of 1 to `max` characters, not blank (line breaks allowed). */
export const freeText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((v) => v.trim().length > 0, 'must not be blank')
    .refine(storable, UNSTORABLE_MESSAGE);

/** Free text: 1–10,000 characters, not blank (line breaks allowed). */
export const text = freeText(LIMITS.text);

/** An id the workflows generate (decisions, tasks, actions, cases). */
export const uuid = z.uuid({ error: 'must be a UUID' });

const earliest = Date.parse(LIMITS.earliestDate);
const latest = Date.parse(LIMITS.latestDate);
/** An ISO 8601 date or date-time between 1990 and 2100. */
export const isoDate = z
  .string()
  .max(40)
  .refine(
    (v) => /^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v)),
    'must be an ISO 8601 date',
  )
  .refine(
    (v) => {
      const t = Date.parse(v);
      return Number.isNaN(t) || (t >= earliest && t <= latest);
    },
    `must be between ${LIMITS.earliestDate.slice(0, 4)} and ${LIMITS.latestDate.slice(0, 4)}`,
  );

export const whole = (min: number, max: number) => z.int().min(min).max(max);

/** A span of time a person may set (e.g. the next follow-up): exactly one unit, a whole number, at most 10 years. */
export const spanSchema = z.union(
  [
    z.strictObject({ calendarMonths: whole(1, 120) }),
    z.strictObject({ calendarDays: whole(1, 3650) }),
    z.strictObject({ weekdays: whole(1, 2600) }),
    z.strictObject({ clockHours: whole(1, 87_600) }),
    z.strictObject({ seconds: whole(1, 315_360_000) }),
  ],
  { error: 'must be one of calendarMonths, calendarDays, weekdays, clockHours, seconds with a whole number' },
);

export const list = <T extends z.ZodType>(item: T, min = 0) => z.array(item).min(min).max(LIMITS.listItems);

// ---------------------------------------------------------------------------------------------
// Turning a refusal into a sentence that names the field

/** The first problem with `value`, as "<field> <what is wrong>", or undefined when it is valid. */
export function schemaProblem(schema: z.ZodType, value: unknown): string | undefined {
  return schemaIssue(schema, value)?.message;
}

/**
 * The first problem with `value`, in words and in parts a page can say in its own language: the
 * field's path (`goals[0].description`, '' for the body), what kind of problem, and its bound or choices.
 */
export interface SchemaIssue {
  field: string;
  message: string;
  problem: 'required' | 'too-long' | 'too-short' | 'too-big' | 'too-small' | 'one-of' | 'format' | 'type' | 'unknown-field' | 'invalid';
  limit?: number;
  values?: string[];
}

export function schemaIssue(schema: z.ZodType, value: unknown): SchemaIssue | undefined {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) return undefined;
  const issue = r.error.issues[0];
  const field = fieldPath(issue.path);
  const message = describeIssue(issue);
  const at = (problem: SchemaIssue['problem'], extra: Partial<SchemaIssue> = {}): SchemaIssue => ({ field, message, problem, ...extra });
  switch (issue.code) {
    case 'unrecognized_keys':
      return at('unknown-field');
    case 'invalid_type':
      return at(issue.input === undefined ? 'required' : 'type');
    case 'too_big':
      return at(issue.origin === 'string' ? 'too-long' : 'too-big', { limit: Number(issue.maximum) });
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return at('required');
      return at(issue.origin === 'string' ? 'too-short' : 'too-small', { limit: Number(issue.minimum) });
    case 'invalid_value':
      return at('one-of', { values: issue.values.map(String) });
    case 'invalid_format':
      return at('format');
    default:
      return at(/blank/.test(issue.message) ? 'required' : 'invalid');
  }
}

/** A field's path as a person reads it: `goals[0].description`, '' for the body. */
export const fieldPath = (path: PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');

/** One problem of a refusal as a sentence that begins with the field it names. */
export function describeIssue(issue: z.core.$ZodIssue): string {
  const field = fieldPath(issue.path);
  const subject = field || 'the body';
  switch (issue.code) {
    case 'unrecognized_keys': {
      // The keys are the caller's own text: a few of them, shortened, so a refusal never echoes a large body back.
      const keys = issue.keys.slice(0, MAX_KEYS_SHOWN).map((k) => (field ? `${field}.${shortKey(k)}` : shortKey(k)));
      const more = issue.keys.length > MAX_KEYS_SHOWN ? ` and ${issue.keys.length - MAX_KEYS_SHOWN} more` : '';
      return keys.join(', ') + more + ' is not a known field';
    }
    case 'invalid_type':
      if (issue.input === undefined) return `${subject} is required`;
      return `${subject} must be ${article(issue.expected)}`;
    case 'too_big':
      return `${subject} must be ${bound('at most', issue.origin, issue.maximum)}`;
    case 'too_small':
      // An empty text is a missing one, as a person reads it.
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${subject} is required`;
      return `${subject} must be ${bound('at least', issue.origin, issue.minimum)}`;
    case 'invalid_value':
      return `${subject} must be one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return `${subject} must be ${issue.format === 'email' ? 'an email address' : issue.format === 'uuid' ? 'a UUID' : `a valid ${issue.format}`}`;
    case 'invalid_union':
      return `${subject} ${issue.message.startsWith('must') ? issue.message : 'has the wrong form'}`;
    default:
      return `${subject} ${issue.message}`;
  }
}

const MAX_KEYS_SHOWN = 5;
const MAX_KEY_SHOWN = 60;

/** A key the caller sent, shortened: a refusal never echoes a large body back. */
export function shortKey(key: string): string {
  const chars = Array.from(key);
  return chars.length > MAX_KEY_SHOWN ? `${chars.slice(0, MAX_KEY_SHOWN).join('')}…` : key;
}

function article(expected: string): string {
  if (expected === 'boolean') return 'true or false';
  if (expected === 'int') return 'a whole number';
  if (expected === 'array') return 'a list';
  if (expected === 'object') return 'an object';
  return `a ${expected}`;
}

function bound(word: string, origin: string, n: number | bigint): string {
  if (origin === 'string') return `${word} ${n} characters`;
  if (origin === 'array') return `${word} ${n} items`;
  return `${word} ${n}`;
}

// ---------------------------------------------------------------------------------------------
// The report of concern that opens a case (an event between workflows, checked again on arrival)

/** Who reports: a professional (fagperson) or a citizen (borger). */
export const REPORTER_TYPES = ['professional', 'citizen'] as const;

export const reportOfConcernSchema = z.strictObject({
  reportId: uuid,
  receivedAt: isoDate,
  // The API checks the address; here only its size: a report is never dropped for the form of an address.
  reporter: z.strictObject({ name: z.string().max(LIMITS.name), email: z.string().max(LIMITS.email), type: z.enum(REPORTER_TYPES) }),
  childReference: z.string().max(LIMITS.id),
  concern: z.string().max(LIMITS.concern),
  concernsAbuse: z.boolean().optional(),
});
