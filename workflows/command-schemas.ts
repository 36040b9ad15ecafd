/**
 * One schema per command and event body, declared once and used three times: at the HTTP edge
 * (400 naming the field), as the request body in OpenAPI (JSON Schema), and again in the workflow's
 * update validator, so nothing unbounded or malformed can enter a workflow's history or state.
 * Zod runs inside the workflow sandbox (plain JavaScript, no I/O); see docs/decisions/0004.
 *
 * Every string and number is bounded. Objects are strict: an unknown field is refused. Schemas
 * carry no transforms, so the value a validator accepted is exactly the value the handler gets.
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

/** A short reference to a person, team or thing: 1–100 printable characters, not blank. */
export const ref = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .refine((v) => v.trim().length > 0, 'must not be blank')
  .refine((v) => !CONTROL.test(v), 'must not contain control characters')
  .refine(storable, UNSTORABLE_MESSAGE);

/** A name: 1–200 printable characters. */
const name = z
  .string()
  .min(1)
  .max(LIMITS.name)
  .refine((v) => v.trim().length > 0, 'must not be blank')
  .refine((v) => !CONTROL.test(v), 'must not contain control characters')
  .refine(storable, UNSTORABLE_MESSAGE);

/** Free text: 1–10,000 characters, not blank (line breaks allowed). */
const text = z
  .string()
  .min(1)
  .max(LIMITS.text)
  .refine((v) => v.trim().length > 0, 'must not be blank')
  .refine(storable, UNSTORABLE_MESSAGE);

/** An id the workflows generate (decisions, tasks, actions, cases). */
const uuid = z.uuid({ error: 'must be a UUID' });

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

const whole = (min: number, max: number) => z.int().min(min).max(max);

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

const list = <T extends z.ZodType>(item: T, min = 0) => z.array(item).min(min).max(LIMITS.listItems);

// ---------------------------------------------------------------------------------------------
// Case commands

export const ladderStep = whole(1, 6);

export const measureDetailsSchema = z.strictObject({
  /** e.g. "familiebehandling", "plejefamilie". */
  type: name,
  /** Step on the intervention ladder (indsatstrappen), 1 least to 6 most intrusive. */
  ladderStep,
  provider: name,
  monthlyCost: z.number().min(0).max(LIMITS.monthlyCost),
  startDate: isoDate,
  plannedEnd: isoDate,
  /** Goals of the child's plan that this measure serves. */
  goalIds: list(ref),
  /** For placements: the child's date of birth, to decide on support after 18 in time. */
  childBirthDate: isoDate.optional(),
});

export const planGoalSchema = z.strictObject({
  goalId: ref,
  description: text,
  /** The department responsible: the family's own goals may belong to the jobcenter, health, housing. */
  ownerDepartment: name,
  successMeasure: text,
});

export const assignCoordinatorSchema = z.strictObject({ actor: ref, coordinatorId: ref, teamId: ref, reason: text.optional() });
export const urgencyAssessmentSchema = z.strictObject({ actor: ref, childInDanger: z.boolean(), acuteHelpNeeded: z.boolean() });
export const triageSchema = z.strictObject({
  actor: ref,
  decision: z.enum(['close', 'screening', 'assessment', 'acute-measure']),
  reason: text,
});
export const childConversationSchema = z.strictObject({
  actor: ref,
  heldAt: isoDate.optional(),
  /** A recorded reason why no conversation could be held (e.g. the child's age). */
  exceptionReason: text.optional(),
});
export const assessmentSchema = z.strictObject({ actor: ref, conclusion: z.enum(['measures-needed', 'no-measures']), summary: text });
export const measureProposalSchema = z.strictObject({ actor: ref, measure: measureDetailsSchema });
export const approvalSchema = z.strictObject({ actor: ref, decisionId: uuid, approved: z.boolean(), reason: text });
export const planSchema = z.strictObject({ actor: ref, goals: list(planGoalSchema, 1) });
export const reassessmentSchema = z.strictObject({ actor: ref, taskId: uuid, outcome: text, childConversationHeld: z.boolean() });
export const completeTaskSchema = z.strictObject({ actor: ref, taskId: uuid, note: text.optional() });
export const closeCaseSchema = z.strictObject({ actor: ref, reason: text });
/** An open task given to another person of its role (a claim, a reassignment), on a case, measure or family. */
export const reassignTaskSchema = z.strictObject({ actor: ref, taskId: uuid, assigneeId: ref, reason: text });
/** A coordinator's claim of a task over HTTP: the reason is optional. */
export const claimTaskSchema = z.strictObject({ reason: text.optional() });

// ---------------------------------------------------------------------------------------------
// Measure commands

export const followUpSchema = z.strictObject({
  actor: ref,
  heldAt: isoDate.optional(),
  /** Progress on each goal of the measure, 1 (far from) to 10 (reached). */
  scores: list(z.strictObject({ goalId: ref, score: whole(1, 10) })),
  decision: z.enum(['continue', 'adjust', 'stop', 'replace', 'step-down']),
  /** For step-down: the new, lower ladder step. */
  newLadderStep: ladderStep.optional(),
  agreedActions: list(z.strictObject({ description: text, owner: ref })),
  /** A cadence other than the policy's, with the reason the law asks for. */
  nextFollowUp: z.strictObject({ after: spanSchema, reason: text }).optional(),
});
export const agreedActionDoneSchema = z.strictObject({ actor: ref, actionId: uuid });
export const supervisionVisitSchema = z.strictObject({ actor: ref, visitedAt: isoDate.optional(), spokeWithChild: z.boolean() });
export const endDecisionSchema = z.strictObject({
  actor: ref,
  decision: z.enum(['extend', 'end', 'step-down']),
  newPlannedEnd: isoDate.optional(),
  newLadderStep: ladderStep.optional(),
  reason: text,
});
export const continuedSupportSchema = z.strictObject({ actor: ref, continuedSupport: z.boolean(), reason: text });
/** Return home (hjemgivelse, BL § 100): the date is checked against the policy by the workflow. */
export const planReturnHomeSchema = z.strictObject({ actor: ref, plannedReturnDate: isoDate, reason: text });
export const recordReturnHomeSchema = z.strictObject({ actor: ref, returnedAt: isoDate.optional() });

// ---------------------------------------------------------------------------------------------
// Statutory clocks paused or extended (case and measure commands)

/** Why a clock is paused or extended: a kind the KPIs count, and a free text beside it. */
export const clockChangeReasonKind = z.enum([
  'awaiting-external-statement',
  'family-circumstances',
  'child-unavailable',
  'new-information',
  'other',
]);
export const requestClockChangeSchema = z.strictObject({
  actor: ref,
  taskId: uuid,
  /** pause: the clock stands still until `until`; extend: the due time becomes `until`. */
  change: z.enum(['pause', 'extend']),
  until: isoDate,
  reasonKind: clockChangeReasonKind,
  reason: text,
});
export const decideClockChangeSchema = z.strictObject({ actor: ref, requestId: uuid, approved: z.boolean(), reason: text });

// ---------------------------------------------------------------------------------------------
// Family commands and events

export const inquiryChannel = z.enum(['phone', 'sms', 'email', 'letter']);
export const inquiryReceivedSchema = z.strictObject({ inquiryId: ref, channel: inquiryChannel, receivedAt: isoDate });
export const answerInquirySchema = z.strictObject({ actor: ref, inquiryId: ref });
export const appointmentSchema = z.strictObject({
  actor: ref,
  appointmentId: ref,
  /** e.g. "jobcenter", "børn og familie", "sundhedspleje". */
  department: name,
  start: isoDate,
  end: isoDate,
});
export const setFamilyCoordinatorSchema = z.strictObject({
  actor: ref,
  coordinatorId: ref,
  teamId: ref,
  deputyId: ref.optional(),
  /** Where the family is told about a change of contact person. Personal data: encrypted in Temporal. */
  contactEmail: z.email({ error: 'must be an email address' }).max(320).optional(),
  reason: text.optional(),
});
export const linkChildCaseSchema = z.strictObject({ actor: ref, caseId: uuid });
export const completeFamilyTaskSchema = completeTaskSchema;

// ---------------------------------------------------------------------------------------------
// Requests that start things (HTTP only; the workflow input is built from them)

export const registerInquirySchema = z.strictObject({ channel: inquiryChannel, receivedAt: isoDate.optional() });
export const createFamilySchema = z.strictObject({
  actor: ref,
  coordinatorId: ref.optional(),
  teamId: ref.optional(),
  deputyId: ref.optional(),
  contactEmail: z.email({ error: 'must be an email address' }).max(320).optional(),
});
/** Why caseloads are handed over: a kind for the figures, and the free-text reason (case data, never logged). */
export const handoverReasonKind = z.enum(['sick-leave', 'leaving', 'caseload', 'other']);
/** At most this many families or cases are named in one partial handover. */
export const HANDOVER_SUBSET_MAX = 200;
export const startHandoverSchema = z.strictObject({
  actor: ref,
  fromCoordinatorId: ref,
  toCoordinatorId: ref,
  teamId: ref,
  reason: text,
  reasonKind: handoverReasonKind.optional(),
  /** Only these of the coordinator's cases (lone cases; a family's cases move with the family). */
  caseIds: z.array(uuid).min(1).max(HANDOVER_SUBSET_MAX).optional(),
  /** Only these of the coordinator's families. */
  familyIds: z.array(uuid).min(1).max(HANDOVER_SUBSET_MAX).optional(),
});

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

const fieldPath = (path: PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join('');

function describeIssue(issue: z.core.$ZodIssue): string {
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

function shortKey(key: string): string {
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
// Events between workflows (checked again on arrival: a signal cannot be refused, only dropped)

export const reportOfConcernSchema = z.strictObject({
  reportId: uuid,
  receivedAt: isoDate,
  // The API checks the address; here only its size: a report is never dropped for the form of an address.
  reporter: z.strictObject({ name: z.string().max(LIMITS.name), email: z.string().max(320), type: z.enum(['professional', 'citizen']) }),
  childReference: z.string().max(LIMITS.id),
  concern: z.string().max(20_000),
  concernsAbuse: z.boolean().optional(),
});
export const measureEndedSchema = z.strictObject({ measureId: uuid, reason: text, at: isoDate });
export const goalsScoredSchema = z.strictObject({
  measureId: uuid,
  scores: list(z.strictObject({ goalId: ref, score: whole(1, 10) })),
  at: isoDate,
});
export const measureTasksSchema = z.strictObject({
  measureId: uuid,
  nextDeadline: isoDate.nullable(),
  escalationLevel: whole(0, 10),
});
export const assessmentCompletedSchema = z.strictObject({ at: isoDate });
export const measureCoordinatorSchema = z.strictObject({ coordinatorId: ref });
