import { randomUUID } from 'node:crypto';
import { type Client, type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import type { CasePolicy } from '../../libs/policy/case-policy';
import {
  assignCoordinatorUpdate,
  caseViewQuery,
  caseWorkflowId,
  type CaseView,
  type CommandResult,
  type FamilyView,
  type MeasureView,
  decideApprovalUpdate,
  decideTriageUpdate,
  familyViewQuery,
  familyWorkflowId,
  type MeasureDetails,
  measureViewQuery,
  measureWorkflowId,
  proposeMeasureUpdate,
  recordChildConversationUpdate,
  recordUrgencyAssessmentUpdate,
  type ReportOfConcern,
  reportReceivedSignal,
  submitAssessmentUpdate,
} from '../../workflows/contract';
import { sql } from './database';
import { eventually } from './test-env';

export function reportOfConcern(overrides: Partial<ReportOfConcern> = {}): ReportOfConcern {
  const tag = randomUUID().slice(0, 8);
  return {
    reportId: randomUUID(),
    receivedAt: new Date().toISOString(),
    reporter: { name: `Lærer ${tag}`, email: `laerer.${tag}@skole.example.dk`, type: 'professional' },
    childReference: `CHILD-${tag}`,
    concern: `Bekymring ${tag}`,
    ...overrides,
  };
}

/** A measure as a coordinator proposes one: family treatment (step 3) from now for half a year, unless `over` says otherwise. */
export function sampleMeasure(over: Partial<MeasureDetails> = {}): MeasureDetails {
  return {
    type: 'familiebehandling',
    ladderStep: 3,
    provider: 'Familiehuset',
    monthlyCost: 12000,
    startDate: new Date().toISOString(),
    plannedEnd: new Date(Date.now() + 180 * 86_400_000).toISOString(),
    goalIds: [],
    ...over,
  };
}

/** Opens a case the way the API does (signal-with-start), with the policy the test chooses. */
export async function openCase(client: Client, taskQueue: string, policy: CasePolicy, report = reportOfConcern()) {
  const caseId = randomUUID();
  const handle = await client.workflow.signalWithStart('caseWorkflow', {
    workflowId: caseWorkflowId(caseId),
    taskQueue,
    args: [{ caseId, policy }],
    signal: reportReceivedSignal,
    signalArgs: [report],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  await eventually(async () => (await handle.query(caseViewQuery)).reportIds.length > 0, { what: 'the report to be recorded' });
  return { caseId, handle, report };
}

/** Starts a family's workflow (as registering a family through the API does), with the policy the test chooses. */
export async function startFamily(client: Client, taskQueue: string, policy: CasePolicy) {
  const familyId = randomUUID();
  const handle = await client.workflow.start('familyWorkflow', {
    workflowId: familyWorkflowId(familyId),
    taskQueue,
    args: [{ familyId, policy }],
  });
  return { familyId, handle };
}

/** The failure type a rejected update carries (WrongPhase, InvalidCommand, …) and its message. */
export async function rejection(p: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure)
      return { type: err.cause.type ?? undefined, message: err.cause.message };
    throw err;
  }
  throw new Error('expected the command to be rejected, but it was accepted');
}

export interface EventRow {
  type: string;
  actor: string;
  occurred_at: Date;
  data: Record<string, any>;
}

export async function caseEvents(caseId: string): Promise<EventRow[]> {
  return sql<EventRow>('SELECT type, actor, occurred_at, data FROM case_events WHERE case_id = $1 ORDER BY occurred_at, id', [caseId]);
}

/** The events of one task, in the order they happened. */
export async function taskEvents(caseId: string, taskId: string): Promise<EventRow[]> {
  return (await caseEvents(caseId)).filter((e) => e.data?.taskId === taskId);
}

/**
 * Takes an open case through intake and assessment to the decision phase, the everyday way:
 * a coordinator, the 24-hour assessment, triage to assessment, the child heard, assessment done.
 * The child conversation for the next decision is left to the caller.
 */
export async function driveToDecision(
  handle: WorkflowHandle,
  coordinatorId: string,
  { supervisor = 'leder', teamId = 'team-a' } = {},
): Promise<void> {
  await handle.executeUpdate(assignCoordinatorUpdate, { args: [{ actor: supervisor, coordinatorId, teamId }] });
  await handle.executeUpdate(recordUrgencyAssessmentUpdate, {
    args: [{ actor: coordinatorId, childInDanger: false, acuteHelpNeeded: false }],
  });
  await handle.executeUpdate(decideTriageUpdate, {
    args: [{ actor: coordinatorId, decision: 'assessment', reason: 'Bekymring for trivsel' }],
  });
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: coordinatorId }] });
  await handle.executeUpdate(submitAssessmentUpdate, {
    args: [{ actor: coordinatorId, conclusion: 'measures-needed', summary: 'Behov for støtte' }],
  });
}

/**
 * A command as the API sends it: the update, then the state from a query (update results are small
 * summaries, stored in the history), answered as `{ ...state, result }`.
 */
export async function command<A>(
  handle: WorkflowHandle,
  update: UpdateDefinition<CommandResult, [A]>,
  args: A,
): Promise<CaseView & MeasureView & FamilyView & { result: CommandResult }> {
  const result = await handle.executeUpdate(update, { args: [args] });
  const kind = handle.workflowId.split('-')[0];
  const view = kind === 'measure' ? measureViewQuery : kind === 'family' ? familyViewQuery : caseViewQuery;
  return { ...((await handle.query(view as typeof caseViewQuery)) as CaseView & MeasureView & FamilyView), result };
}

/**
 * From the decision phase to a running measure, the everyday way: the child heard, the measure
 * proposed by the coordinator and approved by a supervisor. Returns the measure's id and handle
 * once it has opened its first tasks.
 */
export async function approvedMeasure(
  client: Client,
  handle: WorkflowHandle,
  coordinatorId: string,
  details: Partial<MeasureDetails> = {},
): Promise<{ measureId: string; decisionId: string; measure: WorkflowHandle }> {
  await handle.executeUpdate(recordChildConversationUpdate, { args: [{ actor: coordinatorId }] });
  const measure = sampleMeasure({ plannedEnd: new Date(Date.now() + 3600_000).toISOString(), goalIds: ['g1'], ...details });
  const { decisionId, measureId } = await handle.executeUpdate(proposeMeasureUpdate, { args: [{ actor: coordinatorId, measure }] });
  await handle.executeUpdate(decideApprovalUpdate, { args: [{ actor: 'leder', decisionId: decisionId!, approved: true, reason: 'ok' }] });
  const m = client.workflow.getHandle(measureWorkflowId(measureId!));
  await eventually(async () => (await m.query(measureViewQuery)).openTasks.length > 0, { what: 'the measure to start' });
  return { measureId: measureId!, decisionId: decisionId!, measure: m };
}
