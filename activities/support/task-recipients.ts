import type { EntityManager } from 'typeorm';
import { NOTIFYING_STEPS } from '../../libs/notifications/notification-rules';
import { type Recipient, type RecipientRole, resolveRecipient } from '../../libs/organisation/directory';

/** The steps of a deadline (workflows/support/task-tracker.ts) that tell someone something. */
const TASK_STEP_EVENTS = new Set<string>(NOTIFYING_STEPS);
const ROLES = new Set<string>(['coordinator', 'deputy', 'supervisor', 'head-of-department', 'partner']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  em: EntityManager,
  scope: { caseId?: string | null; familyId?: string | null },
  tasks: readonly TaskRowLike[] | undefined,
): (event: StepEvent) => Promise<Recipient | undefined> {
  let context: ReturnType<typeof contextOf> | undefined;
  return async (event) => {
    const data = event.data ?? {};
    if (!TASK_STEP_EVENTS.has(event.type) || typeof data.taskId !== 'string') return undefined;
    const task = await taskOf(em, data.taskId, tasks);
    // task.opened and task.assigned go to the assignee; each later step names its receiver (`to`).
    const to =
      event.type === 'task.opened' || event.type === 'task.assigned' ? 'assignee' : typeof data.to === 'string' ? data.to : 'assignee';
    const toAssignee = to === 'assignee';
    const role = toAssignee ? (text(task?.assigneeRole) ?? text(data.assignee)) : to;
    if (!role || !ROLES.has(role)) return undefined;
    const assigneeId = toAssignee ? (text(task?.assigneeId) ?? text(data.assigneeId)) : undefined;
    context ??= contextOf(em, scope);
    const { teamId, coordinatorId, deputyId } = await context;
    return resolveRecipient(em, {
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

async function taskOf(em: EntityManager, taskId: string, tasks: readonly TaskRowLike[] | undefined): Promise<TaskRowLike | undefined> {
  const inStep = tasks?.find((t) => t.id === taskId);
  if (inStep) return inStep;
  if (!UUID.test(taskId)) return undefined;
  const rows = (await em.query('SELECT id, assignee_role, assignee_id FROM tasks WHERE id = $1', [taskId])) as {
    id: string;
    assignee_role: string;
    assignee_id: string | null;
  }[];
  return rows[0] && { id: rows[0].id, assigneeRole: rows[0].assignee_role, assigneeId: rows[0].assignee_id };
}

/** The case's team and coordinator, with its family's where the case has none, and the family's deputy. */
async function contextOf(
  em: EntityManager,
  scope: { caseId?: string | null; familyId?: string | null },
): Promise<{ teamId: string | null; coordinatorId: string | null; deputyId: string | null }> {
  let teamId: string | null = null;
  let coordinatorId: string | null = null;
  let familyId = scope.familyId ?? null;
  if (scope.caseId && UUID.test(scope.caseId)) {
    const [c] = (await em.query('SELECT team_id, coordinator_id, family_id FROM cases WHERE id = $1', [scope.caseId])) as {
      team_id: string | null;
      coordinator_id: string | null;
      family_id: string | null;
    }[];
    teamId = c?.team_id ?? null;
    coordinatorId = c?.coordinator_id ?? null;
    familyId ??= c?.family_id ?? null;
  }
  let deputyId: string | null = null;
  if (familyId && UUID.test(familyId)) {
    const [f] = (await em.query('SELECT team_id, coordinator_id, deputy_id FROM families WHERE id = $1', [familyId])) as {
      team_id: string | null;
      coordinator_id: string | null;
      deputy_id: string | null;
    }[];
    teamId ??= f?.team_id ?? null;
    coordinatorId ??= f?.coordinator_id ?? null;
    deputyId = f?.deputy_id ?? null;
  }
  return { teamId, coordinatorId, deputyId };
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
