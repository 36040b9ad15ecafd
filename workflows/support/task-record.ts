/**
 * A task as plain data, and what is computed from it alone: its steps when it opens or moves, the
 * next step its timers wait for (reminders repeated after the due time), its read-model row and its
 * public view. Pure: no timers, no activities; the time comes as an argument (support/task-tracker.ts
 * passes workflow time).
 */
import type { CalendarPolicy } from '../../libs/calendar/danish-calendar';
import type { DeadlineRule, Span } from '../../libs/policy/case-policy';
import { addSpan, deadlineSteps, type ScheduledStep } from '../../libs/policy/deadline-schedule';
import type { ClockChangeReasonKind, TaskAssignee, TaskKind, TaskView } from '../contract';

export interface TaskRecord extends TaskView {
  measureId?: string;
  steps: ScheduledStep[];
  /** How many steps have fired (and been recorded). */
  fired: number;
  repeatAfterDue?: Span;
  repeats: number;
  projected: boolean;
  /** Bumped when the task is rescheduled: its steps start over under new dedupe keys. */
  generation?: number;
  /** How many times the task was given to another person: each task.assigned event has its own dedupe key. */
  assignments?: number;
}

export interface OpenTask {
  kind: TaskKind;
  assignee: TaskAssignee;
  assigneeId?: string;
  subjectId?: string;
  dueAt: Date;
  rule: Omit<DeadlineRule, 'due'>;
  actor?: string;
}

/** A task opened at `openedAt`: its steps (remind → due → escalate) laid out from then to its due time. */
export function newTaskRecord(taskId: string, o: OpenTask, openedAt: Date, measureId: string | undefined, cal: CalendarPolicy): TaskRecord {
  return {
    taskId,
    kind: o.kind,
    assignee: o.assignee,
    assigneeId: o.assigneeId,
    subjectId: o.subjectId,
    measureId,
    openedAt: openedAt.toISOString(),
    dueAt: o.dueAt.toISOString(),
    escalationLevel: 0,
    status: 'open',
    steps: deadlineSteps(openedAt, o.dueAt, o.rule, cal),
    fired: 0,
    repeatAfterDue: o.rule.repeatAfterDue,
    repeats: 0,
    projected: false,
  };
}

/** A new due time: the steps start over from `now` under a new generation. */
export function rescheduleRecord(rec: TaskRecord, dueAt: Date, rule: Omit<DeadlineRule, 'due'>, now: Date, cal: CalendarPolicy): void {
  rec.generation = (rec.generation ?? 0) + 1;
  rec.dueAt = dueAt.toISOString();
  rec.steps = deadlineSteps(now, dueAt, rule, cal);
  rec.fired = 0;
  rec.repeats = 0;
  rec.repeatAfterDue = rule.repeatAfterDue;
}

/** A clock paused until `until`: the due time and every step (fired ones too) move on by as long. */
export function pauseRecord(rec: TaskRecord, until: Date, reasonKind: ClockChangeReasonKind, now: Date): void {
  const shift = Math.max(0, until.getTime() - now.getTime());
  const moved = (at: string) => new Date(Date.parse(at) + shift).toISOString();
  rec.dueAt = moved(rec.dueAt);
  // Fired steps move too, so repeats after the due time count on from the moved last step.
  rec.steps = rec.steps.map((st) => ({ ...st, at: moved(st.at) }));
  rec.clock = { state: 'paused', changedAt: now.toISOString(), pausedUntil: until.toISOString(), reasonKind };
  rec.generation = (rec.generation ?? 0) + 1;
}

/** The step the task's timers wait for next: its own steps in order, then reminders every `repeatAfterDue`. */
export function nextStep(rec: TaskRecord, cal: CalendarPolicy): ScheduledStep | undefined {
  if (rec.fired < rec.steps.length) return rec.steps[rec.fired];
  if (!rec.repeatAfterDue) return undefined;
  const last = rec.steps[rec.steps.length - 1];
  let at = new Date(last.at);
  for (let i = 0; i <= rec.repeats; i++) at = addSpan(at, rec.repeatAfterDue, cal);
  return { at: at.toISOString(), type: 'reminder', to: 'assignee', level: rec.escalationLevel };
}

export function openTaskRecords(tasks: Record<string, TaskRecord>): TaskRecord[] {
  return Object.values(tasks).filter((t) => t.status === 'open');
}

/** The earliest due time of the open tasks. */
export function nextDeadline(tasks: Record<string, TaskRecord>): Date | null {
  const open = openTaskRecords(tasks)
    .map((t) => t.dueAt)
    .sort();
  return open.length ? new Date(open[0]) : null;
}

export function maxEscalationLevel(tasks: Record<string, TaskRecord>): number {
  return Math.max(0, ...openTaskRecords(tasks).map((t) => t.escalationLevel));
}

/** The task as a full read-model row. */
export function taskRow(rec: TaskRecord) {
  return {
    id: rec.taskId,
    measureId: rec.measureId ?? null,
    kind: rec.kind,
    assigneeRole: rec.assignee,
    assigneeId: rec.assigneeId ?? null,
    subjectId: rec.subjectId ?? null,
    status: rec.status,
    openedAt: new Date(rec.openedAt),
    dueAt: new Date(rec.dueAt),
    escalationLevel: rec.escalationLevel,
    completedAt: rec.completedAt ? new Date(rec.completedAt) : null,
    completedBy: rec.completedBy ?? null,
    clockState: rec.clock?.state ?? null,
    clockChangedAt: rec.clock ? new Date(rec.clock.changedAt) : null,
  };
}

/** The public view of a task record (what queries return). */
export function taskView(rec: TaskRecord): TaskView {
  const { steps: _s, fired: _f, repeatAfterDue: _r, repeats: _n, projected: _p, measureId: _m, assignments: _a, ...view } = rec;
  return view;
}
