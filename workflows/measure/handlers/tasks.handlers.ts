/**
 * Who works the measure: the case's coordinator (told by the case when it changes), tasks given to
 * another person, done by hand, and their statutory clocks paused or extended with approval.
 */
import { measureCoordinatorSignal, MANUAL_TASK_KINDS } from '../../contract';
import { installClockChanges } from '../../support/clock-changes';
import { installCompleteTask } from '../../support/complete-task';
import { installReassignTask, type TaskOwner } from '../../support/task-assignment';
import type { MeasureContext } from '../measure.context';
import { measureTaskRule } from '../measure.rules';

/** The case has a new coordinator: the measure's tasks are theirs from now on. */
export function installMeasureCoordinator(c: MeasureContext): void {
  const { s, tasks, projector } = c;
  c.gate.signal(measureCoordinatorSignal, 'measureCoordinatorSchema', async ({ coordinatorId }) => {
    if (s.status !== 'active' || s.coordinatorId === coordinatorId) return;
    s.coordinatorId = coordinatorId;
    const moved = tasks.openTasks().filter((t) => t.assignee === 'coordinator');
    // Each task that changes hands is recorded as given to the new coordinator (no new command: same projection).
    const assigned = moved.flatMap((t) => tasks.moveTo(t.taskId, coordinatorId, 'system', 'coordinator-changed')?.event ?? []);
    await projector.project({ tasks: moved.map((t) => tasks.row(t)), events: assigned });
  });
}

/** What the task commands it shares with the case and families need of the measure. */
function measureTasks(c: MeasureContext): TaskOwner {
  return { gate: c.gate, tasks: c.tasks, owner: 'measure', taskRecords: () => c.s.tasks, result: c.result, open: c.active };
}

/** A task claimed by a coordinator of the team, or reassigned by its supervisor (the API checks who). */
export function installMeasureReassignTask(c: MeasureContext): void {
  installReassignTask(measureTasks(c));
}

/** The statement from the placement and the revised plan are marked done by hand. */
export function installMeasureCompleteTask(c: MeasureContext): void {
  installCompleteTask(measureTasks(c), MANUAL_TASK_KINDS.measure);
}

/** A statutory clock of the measure paused or extended, with a supervisor's approval. */
export function installMeasureClockChanges(c: MeasureContext): void {
  installClockChanges({
    ...measureTasks(c),
    projector: c.projector,
    policy: c.policy,
    requests: () => (c.s.clockRequests ??= []),
    ruleFor: (kind) => measureTaskRule(c.policy, kind),
  });
}
