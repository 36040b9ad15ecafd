/**
 * A statutory clock (a task's due time) is paused or extended only with a supervisor's approval and
 * a recorded reason. A coordinator asks (a request with a reason kind and a text); the request opens
 * an approval task for the supervisor; the supervisor — never the one who asked — approves or
 * refuses with a reason. Only an approval touches the task: a pause stops its steps until the
 * pause ends and moves its due time on by as long; an extension gives it a later due time. The
 * same commands serve the case and its measures, each on its own tasks.
 * The reason kind is in every event (the KPIs count them); the free texts are in the events only.
 */
import { condition, uuid4 } from '@temporalio/workflow';
import { type CasePolicy, clockChangeRules, type DeadlineRule } from '../../libs/policy/case-policy';
import { addSpan, dueAfter } from '../../libs/policy/deadline-schedule';
import {
  type ClockChangeRequestView,
  CommandRejection,
  type CommandResult,
  decideClockChangeUpdate,
  requestClockChangeUpdate,
  type TaskKind,
} from '../contract';
import type { CommandGate } from './command-gate';
import type { Projector } from './projector';
import type { TaskTracker } from './task-tracker';
import { rejectCommand } from './validation';

/** Kinds whose due time is not a statutory clock of the child's case: the four-eyes steps themselves. */
const NOT_A_CLOCK: TaskKind[] = ['approval', 'clock-change-approval'];

export function installClockChanges(o: {
  gate: CommandGate;
  tasks: TaskTracker;
  projector: Projector;
  policy: CasePolicy;
  /** The workflow's pending requests (in its state, so they travel through continue-as-new). */
  requests: () => ClockChangeRequestView[];
  /** Refuses the command when the case or measure no longer takes commands. */
  open: () => void;
  /** The deadline rule of a task kind of this workflow: its reminders and escalations after an extension. */
  ruleFor: (kind: TaskKind) => Omit<DeadlineRule, 'due'>;
  result: (extra?: Omit<CommandResult, 'id' | 'phase'>) => CommandResult;
  noteActor?: (actor: string) => void;
}): void {
  const { gate, tasks, projector, policy } = o;
  const cal = policy.calendar;
  const rules = clockChangeRules(policy);

  /**
   * A request whose task is done or cancelled before the supervisor decides is withdrawn, and its
   * approval task with it. Waits without a timer, so it adds nothing to a history until it acts.
   */
  const watch = async (r: ClockChangeRequestView): Promise<void> => {
    const pending = () => o.requests().includes(r);
    await condition(() => !pending() || tasks.get(r.taskId)?.status !== 'open');
    if (!pending()) return;
    const list = o.requests();
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
  };
  for (const r of o.requests()) void watch(r);

  gate.command(
    requestClockChangeUpdate,
    'requestClockChangeSchema',
    ({ taskId, change, until }) => {
      o.open();
      const task = tasks.get(taskId);
      if (!task || task.status !== 'open') rejectCommand(CommandRejection.InvalidCommand, `taskId ${taskId} is not an open task here`);
      if (NOT_A_CLOCK.includes(task!.kind))
        rejectCommand(CommandRejection.InvalidCommand, `taskId ${taskId}: a ${task!.kind} task has no statutory clock`);
      if (o.requests().some((r) => r.taskId === taskId))
        rejectCommand(CommandRejection.WrongPhase, `a request to change the clock of task ${taskId} is already waiting for a supervisor`);
      if (task!.clock?.state === 'paused') rejectCommand(CommandRejection.WrongPhase, `the clock of task ${taskId} is already paused`);
      const now = new Date();
      const at = new Date(until);
      if (change === 'pause') {
        if (at.getTime() <= now.getTime()) rejectCommand(CommandRejection.InvalidCommand, 'until must be in the future');
        if (at.getTime() > addSpan(now, rules.maxPause, cal).getTime())
          rejectCommand(CommandRejection.InvalidCommand, 'until is further away than the longest pause the policy allows');
      } else {
        const due = new Date(task!.dueAt);
        if (at.getTime() <= Math.max(due.getTime(), now.getTime()))
          rejectCommand(CommandRejection.InvalidCommand, 'until must be after the current due time and in the future');
        if (at.getTime() > addSpan(due, rules.maxExtension, cal).getTime())
          rejectCommand(CommandRejection.InvalidCommand, 'until moves the due time further than the policy allows');
      }
    },
    async ({ actor, taskId, change, until, reasonKind, reason }) => {
      o.noteActor?.(actor);
      const task = tasks.get(taskId)!;
      const requestId = uuid4();
      const approval = tasks.open({
        kind: 'clock-change-approval',
        assignee: 'supervisor',
        subjectId: taskId,
        dueAt: dueAfter(new Date(), rules.approval, cal),
        rule: rules.approval,
        actor,
      });
      const request: ClockChangeRequestView = {
        requestId,
        taskId,
        change,
        until: new Date(until).toISOString(),
        reasonKind,
        requestedBy: actor,
        requestedAt: new Date().toISOString(),
        approvalTaskId: approval.taskId,
      };
      o.requests().push(request);
      void watch(request);
      await projector.project({
        events: [
          projector.event('task.clock-change-requested', actor, {
            requestId,
            taskId,
            kind: task.kind,
            change,
            until: new Date(until).toISOString(),
            dueAt: task.dueAt,
            reasonKind,
            reason,
            approvalTaskId: approval.taskId,
          }),
        ],
      });
      return o.result({ requestId, openedTaskIds: [approval.taskId] });
    },
  );

  gate.command(
    decideClockChangeUpdate,
    'decideClockChangeSchema',
    ({ actor, requestId, approved }) => {
      o.open();
      const r = o.requests().find((x) => x.requestId === requestId);
      if (!r) rejectCommand(CommandRejection.InvalidCommand, `requestId ${requestId} is not a pending clock change here`);
      if (r!.requestedBy === actor)
        rejectCommand(CommandRejection.WrongPhase, 'a clock change is approved by someone other than the one who asked for it (four eyes)');
      if (!approved) return;
      const task = tasks.get(r!.taskId);
      if (!task || task.status !== 'open')
        rejectCommand(CommandRejection.WrongPhase, `task ${r!.taskId} is no longer open: refuse the request instead`);
      if (r!.change === 'pause' && Date.parse(r!.until) <= Date.now())
        rejectCommand(CommandRejection.WrongPhase, 'the pause would already be over: refuse the request instead');
      if (r!.change === 'extend' && Date.parse(r!.until) <= Date.parse(task!.dueAt))
        rejectCommand(CommandRejection.WrongPhase, 'the task is already due later than the extension: refuse the request instead');
    },
    async ({ actor, requestId, approved, reason }) => {
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
            projector.event('task.clock-change-refused', actor, {
              ...data,
              taskId: r.taskId,
              kind: task?.kind,
              reasonKind: r.reasonKind,
            }),
          ],
        });
      } else if (r.change === 'pause') {
        await tasks.pause(r.taskId, new Date(r.until), r.reasonKind, actor, data);
      } else {
        const task = tasks.get(r.taskId)!;
        await tasks.extend(r.taskId, new Date(r.until), o.ruleFor(task.kind), r.reasonKind, actor, data);
      }
      return o.result({ requestId });
    },
  );
}
