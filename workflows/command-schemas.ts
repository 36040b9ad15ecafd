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
import { freeText, isoDate, LIMITS, list, name, ref, REPORTER_TYPES, spanSchema, text, uuid, whole } from './schema-basics';

export * from './schema-basics';

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

/**
 * What a sender chooses to make a request safe to repeat (the same key again changes nothing): the
 * Idempotency-Key header, a report's idempotencyKey. It becomes a Temporal update id, so it is bounded and plain.
 */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/**
 * A report of concern (underretning) as anyone sends it (POST /reports): the report the child's
 * intake workflow gets (reportOfConcernSchema) is made from it, with its id and time of receipt.
 */
export const createReportSchema = z.strictObject({
  reporter: z.strictObject({
    name: name.meta({ description: 'Name of the reporter (underretter)', examples: ['Lærer Hanne Holm'] }),
    email: z
      .email({ error: 'must be an email address' })
      .max(LIMITS.email)
      .meta({ description: 'The receipt (kvittering) goes here', examples: ['hanne.holm@skole.dk'] }),
    type: z.enum(REPORTER_TYPES).meta({ description: 'fagperson or borger' }),
  }),
  childReference: ref.meta({
    description: "The municipality's reference to the child (may be a CPR number)",
    examples: ['SKOLE-4B-017'],
  }),
  concern: freeText(LIMITS.concern).meta({ examples: ['Eleven kommer ofte sulten i skole og har blå mærker på armene.'] }),
  concernsAbuse: z
    .boolean()
    .optional()
    .meta({ description: 'The report concerns abuse (overgreb): a re-assessment then needs a child conversation' }),
  idempotencyKey: z
    .string()
    .max(200)
    .refine((v) => IDEMPOTENCY_KEY.test(v), 'must be 8-200 characters of letters, digits, . _ : -')
    .meta({
      description: 'Chosen by the sender; the same key again returns the same case and sends nothing twice',
      examples: ['3f0c8a52-1d7e-4f61-9a57-0b5c2f9d7e11'],
    }),
});

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
// Events between workflows (checked again on arrival: a signal cannot be refused, only dropped)

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
