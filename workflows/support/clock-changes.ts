/**
 * A statutory clock (a task's due time) is paused or extended only with a supervisor's approval and
 * a recorded reason. A coordinator asks (a request with a reason kind and a text); the request opens
 * an approval task for the supervisor; the supervisor — never the one who asked — approves or
 * refuses with a reason. Only an approval touches the task: a pause stops its steps until the
 * pause ends and moves its due time on by as long; an extension gives it a later due time. The
 * same commands serve the case and its measures, each on its own tasks. The rules are in
 * task.rules.ts.
 * The reason kind is in every event (the KPIs count them); the free texts are in the events only.
 */
import { condition, uuid4 } from '@temporalio/workflow';
import { type CasePolicy, clockChangeRules, type DeadlineRule } from '../../libs/policy/case-policy';
import { dueAfter } from '../../libs/policy/deadline-schedule';
import {
  COMMANDS,
  type ClockChangeRequestView,
  type CommandResult,
  type DecideClockChangeCommand,
  type RequestClockChangeCommand,
  type TaskKind,
} from '../contract';
import type { Projector } from './projector';
import type { TaskOwner } from './task-assignment';
import { clockChangeDecisionRefusal, clockChangeRequestRefusal } from './task.rules';
import { enforce } from './validation';

interface ClockChanges extends TaskOwner {
  projector: Projector;
  policy: CasePolicy;
  /** The workflow's pending requests (in its state, so they travel through continue-as-new). */
  requests: () => ClockChangeRequestView[];
  /** The deadline rule of a task kind of this workflow: its reminders and escalations after an extension. */
  ruleFor: (kind: TaskKind) => Omit<DeadlineRule, 'due'>;
}

export function installClockChanges(o: ClockChanges): void {
  for (const r of o.requests()) void watch(o, r);
  o.gate.command(
    COMMANDS.requestClockChange,
    (cmd) => {
      o.open?.();
      enforce(clockChangeRequestRefusal(o.taskRecords(), o.requests(), cmd, new Date(), o.policy));
    },
    (cmd) => request(o, cmd),
  );
  o.gate.command(
    COMMANDS.decideClockChange,
    (cmd) => {
      o.open?.();
      enforce(clockChangeDecisionRefusal(o.taskRecords(), o.requests(), cmd, new Date()));
    },
    (cmd) => decide(o, cmd),
  );
}

/**
 * A request whose task is done or cancelled before the supervisor decides is withdrawn, and its
 * approval task with it. Waits without a timer, so it adds nothing to a history until it acts.
 */
async function watch({ tasks, projector, requests }: ClockChanges, r: ClockChangeRequestView): Promise<void> {
  const pending = () => requests().includes(r);
  await condition(() => !pending() || tasks.get(r.taskId)?.status !== 'open');
  if (!pending()) return;
  const list = requests();
  list.splice(list.indexOf(r), 1);
  if (tasks.get(r.approvalTaskId)?.status !== 'open') return;
  await tasks.cancel(r.approvalTaskId, 'system', 'the task closed before the decision');
  await projector.project({
    events: [
      projector.event('task.clock-change-withdrawn', 'system', {
        requestId: r.requestId,
        taskId: r.taskId,
        change: r.change,
        reasonKind: r.reasonKind,
      }),
    ],
  });
}

async function request(
  o: ClockChanges,
  { actor, taskId, change, until, reasonKind, reason }: RequestClockChangeCommand,
): Promise<CommandResult> {
  const { tasks, projector } = o;
  const rules = clockChangeRules(o.policy);
  o.noteActor?.(actor);
  const task = tasks.get(taskId)!;
  const requestId = uuid4();
  const approval = tasks.open({
    kind: 'clock-change-approval',
    assignee: 'supervisor',
    subjectId: taskId,
    dueAt: dueAfter(new Date(), rules.approval, o.policy.calendar),
    rule: rules.approval,
    actor,
  });
  const r: ClockChangeRequestView = {
    requestId,
    taskId,
    change,
    until: new Date(until).toISOString(),
    reasonKind,
    requestedBy: actor,
    requestedAt: new Date().toISOString(),
    approvalTaskId: approval.taskId,
  };
  o.requests().push(r);
  void watch(o, r);
  const data = { requestId, taskId, kind: task.kind, change, until: r.until, dueAt: task.dueAt, reasonKind, reason };
  await projector.project({
    events: [projector.event('task.clock-change-requested', actor, { ...data, approvalTaskId: approval.taskId })],
  });
  return o.result({ requestId, openedTaskIds: [approval.taskId] });
}

async function decide(o: ClockChanges, { actor, requestId, approved, reason }: DecideClockChangeCommand): Promise<CommandResult> {
  const { tasks, projector } = o;
  o.noteActor?.(actor);
  const list = o.requests();
  const r = list.splice(
    list.findIndex((x) => x.requestId === requestId),
    1,
  )[0];
  await tasks.complete(r.approvalTaskId, actor, { requestId, approved });
  const data = { requestId, change: r.change, requestedBy: r.requestedBy, decisionReason: reason };
  if (!approved) {
    const task = tasks.get(r.taskId);
    await projector.project({
      events: [
        projector.event('task.clock-change-refused', actor, { ...data, taskId: r.taskId, kind: task?.kind, reasonKind: r.reasonKind }),
      ],
    });
  } else if (r.change === 'pause') {
    await tasks.pause(r.taskId, new Date(r.until), r.reasonKind, actor, data);
  } else {
    const task = tasks.get(r.taskId)!;
    await tasks.extend(r.taskId, new Date(r.until), o.ruleFor(task.kind), r.reasonKind, actor, data);
  }
  return o.result({ requestId });
}
