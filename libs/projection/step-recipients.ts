import { NOTIFYING_STEPS } from '../notifications/notification-rules';
import { type Recipient, type RecipientRole, resolveRecipient } from '../organisation/directory';
import { isUuid } from '../read-model/db';
import type { ReadModel } from '../read-model/read-model';

/** The steps of a deadline (workflows/support/task-tracker.ts) that tell someone something. */
const TASK_STEP_EVENTS = new Set<string>(NOTIFYING_STEPS);
const ROLES = new Set<string>(['coordinator', 'deputy', 'supervisor', 'head-of-department', 'partner']);

/** What the projection knows of the task: the row it writes in the same step, if any. */
export interface TaskRowLike {
  id: string;
  assigneeRole?: unknown;
  assigneeId?: unknown;
}

export interface StepEvent {
  type: string;
  at: string;
  data?: Record<string, unknown>;
}

/**
 * The person a task's step goes to, resolved from the organisation as it is when the step fires
 * (the event's time) and recorded in the event, so "who was told" never changes afterwards: a
 * retried projection resolves again, but its event is a duplicate and is not written.
 * Returns, for one projection, a function giving each event's recipient (undefined for events that
 * are not task steps). Reads only; a database error is the caller's transaction's to handle.
 */
export function stepRecipients(
  tx: ReadModel,
  scope: { caseId?: string | null; familyId?: string | null },
  tasks: readonly TaskRowLike[] | undefined,
): (event: StepEvent) => Promise<Recipient | undefined> {
  let context: ReturnType<typeof contextOf> | undefined;
  return async (event) => {
    const data = event.data ?? {};
    if (!TASK_STEP_EVENTS.has(event.type) || typeof data.taskId !== 'string') return undefined;
    const task = await taskOf(tx, data.taskId, tasks);
    // task.opened and task.assigned go to the assignee; each later step names its receiver (`to`).
    const to =
      event.type === 'task.opened' || event.type === 'task.assigned' ? 'assignee' : typeof data.to === 'string' ? data.to : 'assignee';
    const toAssignee = to === 'assignee';
    const role = toAssignee ? (text(task?.assigneeRole) ?? text(data.assignee)) : to;
    if (!role || !ROLES.has(role)) return undefined;
    const assigneeId = toAssignee ? (text(task?.assigneeId) ?? text(data.assigneeId)) : undefined;
    context ??= contextOf(tx, scope);
    const { teamId, coordinatorId, deputyId } = await context;
    return resolveRecipient(tx.organisation, {
      role: role as RecipientRole,
      teamId,
      assigneeId,
      coordinatorId,
      familyDeputyId: deputyId,
      partnerDepartmentId: role === 'partner' ? assigneeId : undefined,
      at: new Date(event.at),
    });
  };
}

async function taskOf(tx: ReadModel, taskId: string, tasks: readonly TaskRowLike[] | undefined): Promise<TaskRowLike | undefined> {
  const inStep = tasks?.find((t) => t.id === taskId);
  if (inStep) return inStep;
  if (!isUuid(taskId)) return undefined;
  return tx.tasks.assigneeOf(taskId);
}

/** The case's team and coordinator, with its family's where the case has none, and the family's deputy. */
async function contextOf(
  tx: ReadModel,
  scope: { caseId?: string | null; familyId?: string | null },
): Promise<{ teamId: string | null; coordinatorId: string | null; deputyId: string | null }> {
  let teamId: string | null = null;
  let coordinatorId: string | null = null;
  let familyId = scope.familyId ?? null;
  if (scope.caseId && isUuid(scope.caseId)) {
    const c = await tx.cases.holder(scope.caseId);
    teamId = c.teamId;
    coordinatorId = c.coordinatorId;
    familyId ??= c.familyId;
  }
  let deputyId: string | null = null;
  if (familyId && isUuid(familyId)) {
    const f = await tx.families.holder(familyId);
    teamId ??= f.teamId;
    coordinatorId ??= f.coordinatorId;
    deputyId = f.deputyId;
  }
  return { teamId, coordinatorId, deputyId };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
