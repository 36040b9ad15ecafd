/**
 * Every command people send to a workflow, each defined once: its name in URLs and the audit trail,
 * the Temporal update it becomes (defined here, so the update's name is written nowhere else), the
 * schema that checks it (by name: see below), where it may be sent over HTTP with the OpenAPI
 * summary there, and who alone may send it beyond the route's permission. The API's routes, its
 * OpenAPI bodies, the route-permission review list and the workflows' validators all read it.
 *
 * This module is part of the workflow bundle, and a workflow evaluates it again at every start and
 * replay: it holds names and update definitions only. The schemas are named, not imported, so zod
 * builds them only when a command comes (workflows/support/schemas.ts; docs/benchmarks.md).
 */
import { defineUpdate } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { z } from 'zod';
import type * as Schemas from './command-schemas';
import type { CommandResult } from './contract';

type AllSchemas = typeof Schemas;

/** The name of a schema in workflows/command-schemas.ts. */
export type SchemaName = { [K in keyof AllSchemas]: AllSchemas[K] extends z.ZodType ? K : never }[keyof AllSchemas];

/** What the schema of that name accepts. */
export type Accepted<K extends SchemaName> = z.infer<AllSchemas[K]>;

/**
 * Where commands are sent over HTTP, the permission each route requires, and the action under which
 * the audit trail records each use (with the command's name, the case, measure or family it went to,
 * and its outcome; never its body). The API's routes declare these (apps/api/src/auth/permissions.ts
 * checks that each is a Permission and an AuditAction).
 */
export const COMMAND_ROUTES = {
  /** POST /cases/:caseId/commands/<name>: to the case. */
  case: { permission: 'case:write', audit: 'case.command' },
  /** POST /measures/:measureId/commands/<name>: to the measure. */
  measure: { permission: 'case:write', audit: 'measure.command' },
  /** POST /families/:familyId/commands/<name>: to the family. */
  family: { permission: 'family:write', audit: 'family.command' },
  /** POST /tasks/:taskId/claim: to the case, measure or family that owns the task. */
  'task-claim': { permission: 'task:claim', audit: 'task.claim' },
  /** POST /tasks/:taskId/reassign: to the case, measure or family that owns the task. */
  'task-reassign': { permission: 'task:reassign', audit: 'task.reassign' },
} as const;

export type CommandRoute = keyof typeof COMMAND_ROUTES;

/**
 * Who alone may send a command, beyond the route's permission (the API checks it before the
 * workflow sees the command):
 *  - `approver`: a supervisor of the team that holds the case, or the head of department (four
 *    eyes: the workflow refuses the person who asked);
 *  - `team-lead`: the lead of the team that holds it now, naming a coordinator of the team it goes to.
 */
export type CommandSender = 'approver' | 'team-lead';

interface CommandDefinition {
  /** Its name in URLs (`…/commands/<name>`) and in the audit trail. */
  name: string;
  /** Its schema in command-schemas.ts, with `actor`: what the workflow accepts. Over HTTP the body is it without `actor`. */
  schema: SchemaName;
  /** Where it may be sent, each with its OpenAPI summary there. */
  routes: { readonly [R in CommandRoute]?: string };
  only?: CommandSender;
  /** For an approver's command: what is approved, in the refusal to anyone else ("approves a decision"). */
  approves?: string;
}

/** A command as the registry defines it; `N` is the name of its update. */
export type Command<S extends SchemaName = SchemaName, N extends string = string> = Readonly<Omit<CommandDefinition, 'schema'>> & {
  readonly schema: S;
  /** The Temporal update it becomes: named after its key in COMMANDS. */
  readonly update: UpdateDefinition<CommandResult, [Accepted<S>], N>;
};

function defineCommands<const T extends Record<string, CommandDefinition>>(
  definitions: T,
): { readonly [N in keyof T & string]: Command<T[N]['schema'], N> } {
  const commands: Record<string, Command> = {};
  for (const [updateName, definition] of Object.entries(definitions))
    commands[updateName] = { ...definition, update: defineUpdate<CommandResult, [never]>(updateName) };
  return commands as { readonly [N in keyof T & string]: Command<T[N]['schema'], N> };
}

const clockCommands = {
  requestClockChange: {
    name: 'request-clock-change',
    schema: 'requestClockChangeSchema',
    routes: {
      case: "Ask to pause or extend a task's statutory clock, with a reason: a supervisor decides",
      measure: "Ask to pause or extend a task's statutory clock, with a reason: a supervisor decides",
    },
  },
  decideClockChange: {
    name: 'decide-clock-change',
    schema: 'decideClockChangeSchema',
    routes: {
      case: "A supervisor's approval or refusal of a clock pause or extension (four eyes)",
      measure: "A supervisor's approval or refusal of a clock pause or extension (four eyes)",
    },
    only: 'approver',
    approves: 'a clock change',
  },
} as const;

/** Every command, by the name of its update (e.g. `COMMANDS.decideTriage.update` is the update `decideTriage`). */
export const COMMANDS = defineCommands({
  // The child case (børnesag)
  assignCoordinator: {
    name: 'assign-coordinator',
    schema: 'assignCoordinatorSchema',
    routes: { case: 'Assign or change the coordinator (rådgiver)' },
    only: 'team-lead',
  },
  recordUrgencyAssessment: {
    name: 'record-urgency-assessment',
    schema: 'urgencyAssessmentSchema',
    routes: { case: 'Record the 24-hour urgency assessment (BL § 136)' },
  },
  decideTriage: {
    name: 'decide-triage',
    schema: 'triageSchema',
    routes: { case: 'Decide what follows the report: close, screening, assessment, acute measure' },
  },
  recordChildConversation: {
    name: 'record-child-conversation',
    schema: 'childConversationSchema',
    routes: { case: 'Record a child conversation (børnesamtale, BL § 5) or why none was held' },
  },
  submitAssessment: {
    name: 'submit-assessment',
    schema: 'assessmentSchema',
    routes: { case: 'Submit the child-welfare assessment (børnefaglig undersøgelse, BL § 20)' },
  },
  proposeMeasure: {
    name: 'propose-measure',
    schema: 'measureProposalSchema',
    routes: { case: 'Propose a measure (foranstaltning) for approval' },
  },
  decideApproval: {
    name: 'decide-approval',
    schema: 'approvalSchema',
    routes: { case: "A supervisor's approval or refusal of a decision (four eyes)" },
    only: 'approver',
    approves: 'a decision',
  },
  submitPlan: {
    name: 'submit-plan',
    schema: 'planSchema',
    routes: { case: "Submit the child's plan (barnets plan, BL §§ 91–92) for approval" },
  },
  recordReassessment: {
    name: 'record-reassessment',
    schema: 'reassessmentSchema',
    routes: { case: 'Record the re-assessment of a new report (BL § 137)' },
  },
  completeTask: {
    name: 'complete-task',
    schema: 'completeTaskSchema',
    routes: {
      case: 'Mark a task done by hand (manual receipt, read-in, close or continue, …)',
      measure: 'Mark a task of the measure done by hand (the statement from the placement, the revised plan)',
    },
  },
  closeCase: {
    name: 'close-case',
    schema: 'closeCaseSchema',
    routes: { case: 'Close the case with a reason' },
  },
  ...clockCommands,

  // A measure (foranstaltning)
  recordFollowUp: {
    name: 'record-follow-up',
    schema: 'followUpSchema',
    routes: { measure: 'Record a follow-up meeting (opfølgning, BL § 95): scores, decision, agreed actions' },
  },
  completeAgreedAction: {
    name: 'complete-agreed-action',
    schema: 'agreedActionDoneSchema',
    routes: { measure: 'Mark an agreed action done' },
  },
  recordSupervisionVisit: {
    name: 'record-supervision-visit',
    schema: 'supervisionVisitSchema',
    routes: { measure: 'Record a supervision visit (tilsyn, BL § 96)' },
  },
  decideMeasureEnd: {
    name: 'decide-measure-end',
    schema: 'endDecisionSchema',
    routes: { measure: 'Decide before the planned end: extend, end or step down' },
  },
  decideContinuedSupport: {
    name: 'decide-continued-support',
    schema: 'continuedSupportSchema',
    routes: { measure: 'Decide on support after 18 (BL § 111)' },
  },
  planReturnHome: {
    name: 'plan-return-home',
    schema: 'planReturnHomeSchema',
    routes: {
      measure: 'Plan a return home (hjemgivelse, BL § 100): the statement from the placement and the revised plan fall due before it',
    },
  },
  recordReturnHome: {
    name: 'record-return-home',
    schema: 'recordReturnHomeSchema',
    routes: {
      measure: 'Record that the child has returned home: the return-home period (hjemgivelsesperiode) begins, tilsyn stops',
    },
  },

  // The family
  setFamilyCoordinator: {
    name: 'set-coordinator',
    schema: 'setFamilyCoordinatorSchema',
    routes: { family: "Set the family's one contact person; every child case moves along" },
    only: 'team-lead',
  },
  answerInquiry: {
    name: 'answer-inquiry',
    schema: 'answerInquirySchema',
    routes: { family: "Record that the family's inquiry (henvendelse) was answered" },
  },
  addAppointment: {
    name: 'add-appointment',
    schema: 'appointmentSchema',
    routes: { family: 'Add an appointment of a department; clashes become a task' },
  },
  linkChildCase: {
    name: 'link-child-case',
    schema: 'linkChildCaseSchema',
    routes: { family: "Link a child's case to the family" },
  },
  completeFamilyTask: {
    name: 'complete-task',
    schema: 'completeFamilyTaskSchema',
    routes: { family: 'Mark a family task done (an appointment conflict resolved)' },
  },

  // Any open task, on the case, measure or family that owns it
  reassignTask: {
    name: 'reassign-task',
    schema: 'reassignTaskSchema',
    routes: {
      'task-claim': 'Take an open coordinator task of your team that has no assignee, or whose assignee is away (or whom you stand in for)',
      'task-reassign': 'Give an open task of a team you lead to another active person of the team with its role',
    },
  },
});

/** The commands that may be sent on `route`, by their name there. */
export function commandsOn(route: CommandRoute): Map<string, Command> {
  const found = new Map<string, Command>();
  for (const command of Object.values(COMMANDS) as Command[]) if (command.routes[route] !== undefined) found.set(command.name, command);
  return found;
}
