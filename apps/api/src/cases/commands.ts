import type { UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import * as schema from '../../../../workflows/command-schemas';
import {
  addAppointmentUpdate,
  answerInquiryUpdate,
  assignCoordinatorUpdate,
  closeCaseUpdate,
  type CommandResult,
  completeAgreedActionUpdate,
  completeFamilyTaskUpdate,
  completeTaskUpdate,
  decideApprovalUpdate,
  decideClockChangeUpdate,
  decideContinuedSupportUpdate,
  decideMeasureEndUpdate,
  decideTriageUpdate,
  linkChildCaseUpdate,
  planReturnHomeUpdate,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordFollowUpUpdate,
  recordReassessmentUpdate,
  recordReturnHomeUpdate,
  recordSupervisionVisitUpdate,
  recordUrgencyAssessmentUpdate,
  requestClockChangeUpdate,
  setFamilyCoordinatorUpdate,
  submitAssessmentUpdate,
  submitPlanUpdate,
} from '../../../../workflows/contract';

/**
 * A command people send: the update it becomes, the schema its HTTP body must match, and what it
 * does. The body never names who acts: the API adds the signed-in person as `actor`, and a body
 * that tries (`actor`) is refused as an unknown field.
 */
export interface CommandSpec {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  update: UpdateDefinition<CommandResult, [any]>;
  schema: z.ZodType;
  summary: string;
}

/** The workflow's schema without `actor`: what a person may send over HTTP. */
export function withoutActor<T extends z.ZodType>(schema: T): z.ZodType<Omit<z.infer<T>, 'actor'>> {
  const body = schema instanceof z.ZodObject && 'actor' in schema.shape ? schema.omit({ actor: true }) : schema;
  return body as z.ZodType<Omit<z.infer<T>, 'actor'>>;
}

/** Pausing or extending a statutory clock, on a case's or a measure's tasks: the supervisor decides. */
function CLOCK_COMMANDS(): Record<string, CommandSpec> {
  return {
    'request-clock-change': spec(
      requestClockChangeUpdate,
      schema.requestClockChangeSchema,
      "Ask to pause or extend a task's statutory clock, with a reason: a supervisor decides",
    ),
    'decide-clock-change': spec(
      decideClockChangeUpdate,
      schema.decideClockChangeSchema,
      "A supervisor's approval or refusal of a clock pause or extension (four eyes)",
    ),
  };
}

const spec = (update: CommandSpec['update'], body: z.ZodType, summary: string): CommandSpec => ({
  update,
  schema: withoutActor(body),
  summary,
});

/** The commands on a child case (børnesag), by URL name. */
export const CASE_COMMANDS: Record<string, CommandSpec> = {
  'assign-coordinator': spec(assignCoordinatorUpdate, schema.assignCoordinatorSchema, 'Assign or change the coordinator (rådgiver)'),
  'record-urgency-assessment': spec(
    recordUrgencyAssessmentUpdate,
    schema.urgencyAssessmentSchema,
    'Record the 24-hour urgency assessment (BL § 136)',
  ),
  'decide-triage': spec(
    decideTriageUpdate,
    schema.triageSchema,
    'Decide what follows the report: close, screening, assessment, acute measure',
  ),
  'record-child-conversation': spec(
    recordChildConversationUpdate,
    schema.childConversationSchema,
    'Record a child conversation (børnesamtale, BL § 5) or why none was held',
  ),
  'submit-assessment': spec(
    submitAssessmentUpdate,
    schema.assessmentSchema,
    'Submit the child-welfare assessment (børnefaglig undersøgelse, BL § 20)',
  ),
  'propose-measure': spec(proposeMeasureUpdate, schema.measureProposalSchema, 'Propose a measure (foranstaltning) for approval'),
  'decide-approval': spec(decideApprovalUpdate, schema.approvalSchema, "A supervisor's approval or refusal of a decision (four eyes)"),
  'submit-plan': spec(submitPlanUpdate, schema.planSchema, "Submit the child's plan (barnets plan, BL §§ 91–92) for approval"),
  'record-reassessment': spec(recordReassessmentUpdate, schema.reassessmentSchema, 'Record the re-assessment of a new report (BL § 137)'),
  'complete-task': spec(
    completeTaskUpdate,
    schema.completeTaskSchema,
    'Mark a task done by hand (manual receipt, read-in, close or continue, …)',
  ),
  'close-case': spec(closeCaseUpdate, schema.closeCaseSchema, 'Close the case with a reason'),
  ...CLOCK_COMMANDS(),
};

/** The commands on a measure (foranstaltning). */
export const MEASURE_COMMANDS: Record<string, CommandSpec> = {
  'record-follow-up': spec(
    recordFollowUpUpdate,
    schema.followUpSchema,
    'Record a follow-up meeting (opfølgning, BL § 95): scores, decision, agreed actions',
  ),
  'complete-agreed-action': spec(completeAgreedActionUpdate, schema.agreedActionDoneSchema, 'Mark an agreed action done'),
  'record-supervision-visit': spec(
    recordSupervisionVisitUpdate,
    schema.supervisionVisitSchema,
    'Record a supervision visit (tilsyn, BL § 96)',
  ),
  'decide-measure-end': spec(decideMeasureEndUpdate, schema.endDecisionSchema, 'Decide before the planned end: extend, end or step down'),
  'decide-continued-support': spec(decideContinuedSupportUpdate, schema.continuedSupportSchema, 'Decide on support after 18 (BL § 111)'),
  'plan-return-home': spec(
    planReturnHomeUpdate,
    schema.planReturnHomeSchema,
    'Plan a return home (hjemgivelse, BL § 100): the statement from the placement and the revised plan fall due before it',
  ),
  'record-return-home': spec(
    recordReturnHomeUpdate,
    schema.recordReturnHomeSchema,
    'Record that the child has returned home: the return-home period (hjemgivelsesperiode) begins, tilsyn stops',
  ),
  'complete-task': spec(
    completeTaskUpdate,
    schema.completeTaskSchema,
    'Mark a task of the measure done by hand (the statement from the placement, the revised plan)',
  ),
  ...CLOCK_COMMANDS(),
};

/** The commands on a family. */
export const FAMILY_COMMANDS: Record<string, CommandSpec> = {
  'set-coordinator': spec(
    setFamilyCoordinatorUpdate,
    schema.setFamilyCoordinatorSchema,
    "Set the family's one contact person; every child case moves along",
  ),
  'answer-inquiry': spec(answerInquiryUpdate, schema.answerInquirySchema, "Record that the family's inquiry (henvendelse) was answered"),
  'add-appointment': spec(addAppointmentUpdate, schema.appointmentSchema, 'Add an appointment of a department; clashes become a task'),
  'link-child-case': spec(linkChildCaseUpdate, schema.linkChildCaseSchema, "Link a child's case to the family"),
  'complete-task': spec(
    completeFamilyTaskUpdate,
    schema.completeFamilyTaskSchema,
    'Mark a family task done (an appointment conflict resolved)',
  ),
};
