/**
 * Who works the case: the coordinator assigned (within the caseload cap), tasks done by hand, given
 * to another person, and their statutory clocks paused or extended with a supervisor's approval.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../../activities';
import { COMMANDS, type AssignCoordinatorCommand, CommandRejection, measureCoordinatorSignal, MANUAL_TASK_KINDS } from '../../contract';
import { installClockChanges } from '../../support/clock-changes';
import { installCompleteTask } from '../../support/complete-task';
import { installReassignTask, type TaskOwner } from '../../support/task-assignment';
import { enforce } from '../../support/validation';
import type { CaseContext } from '../case.context';
import { assignCoordinatorRefusal, caseTaskRule, readInDue } from '../case.rules';

// Caseload is checked against the read model under a lock; a full caseload is a final answer.
const caseload = proxyActivities<Pick<Activities, 'assignCase'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', nonRetryableErrorTypes: [CommandRejection.CaseloadCapReached] },
});

export function installAssignCoordinator(c: CaseContext): void {
  c.gate.command(
    COMMANDS.assignCoordinator,
    (cmd) => enforce(assignCoordinatorRefusal(c.s, cmd)),
    (cmd) => assignCoordinator(c, cmd),
  );
}

/** The case and the coordinator's open tasks move to the new coordinator, who reads in; running measures follow. */
async function assignCoordinator(c: CaseContext, { actor, coordinatorId, teamId, reason }: AssignCoordinatorCommand) {
  const { s, tasks, projector } = c;
  const previous = s.coordinatorId;
  await caseload.assignCase({ caseId: s.caseId, coordinatorId, teamId, cap: c.policy.caseloadCap });
  s.coordinatorId = coordinatorId;
  s.teamId = teamId;
  c.noteActor(actor);
  const moved = tasks.openTasks().filter((t) => t.assignee === 'coordinator');
  // Each task that changes hands is recorded as given to the new coordinator (no new command: same projection).
  const assigned = moved.flatMap((t) => tasks.moveTo(t.taskId, coordinatorId, actor, 'coordinator-changed')?.event ?? []);
  const opened: string[] = [];
  if (previous) {
    s.coordinatorChanges++;
    const dueAt = readInDue(c.policy, new Date());
    opened.push(
      tasks.open({ kind: 'read-in', assignee: 'coordinator', assigneeId: coordinatorId, dueAt, rule: c.policy.readIn, actor }).taskId,
    );
  }
  c.refreshSearchAttributes();
  const type = previous ? 'case.coordinator-changed' : 'case.coordinator-assigned';
  await projector.project({
    case: { coordinatorChanges: s.coordinatorChanges },
    tasks: moved.map((t) => tasks.row(t)),
    events: [projector.event(type, actor, { from: previous, to: coordinatorId, teamId, reason }), ...assigned],
  });
  for (const m of s.measures.filter((x) => x.status === 'active')) {
    await c.signalMeasure(m.measureId, measureCoordinatorSignal, { coordinatorId });
  }
  return c.result({ openedTaskIds: opened });
}

/** What the task commands it shares with measures and families need of the case. */
function caseTasks(c: CaseContext): TaskOwner {
  return {
    gate: c.gate,
    tasks: c.tasks,
    owner: 'case',
    taskRecords: () => c.s.tasks,
    result: c.result,
    open: c.open,
    noteActor: c.noteActor,
  };
}

export function installCaseCompleteTask(c: CaseContext): void {
  installCompleteTask(caseTasks(c), MANUAL_TASK_KINDS.case);
}

/** A statutory clock of the case paused or extended, with a supervisor's approval. */
export function installCaseClockChanges(c: CaseContext): void {
  installClockChanges({
    ...caseTasks(c),
    projector: c.projector,
    policy: c.policy,
    requests: () => (c.s.clockRequests ??= []),
    ruleFor: (kind) => caseTaskRule(c.policy, kind),
  });
}

/** A task claimed by a coordinator of the team, or reassigned by its supervisor (the API checks who). */
export function installCaseReassignTask(c: CaseContext): void {
  installReassignTask(caseTasks(c));
}
