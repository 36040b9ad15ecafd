/**
 * Deadlines as one reusable primitive: a task (persisted, for inboxes) plus timers —
 * remind → due → escalate → escalate further — cancelled the moment the task is done. Every step
 * is recorded as an event. Task records are plain data in the workflow's state, so tracking
 * resumes where it was after continue-as-new.
 */
import { condition, uuid4 } from '@temporalio/workflow';
import type { CalendarPolicy } from '../../libs/calendar/danish-calendar';
import type { DeadlineRule } from '../../libs/policy/case-policy';
import type { ScheduledStep } from '../../libs/policy/deadline-schedule';
import type { ClockChangeReasonKind, TaskKind } from '../contract';
import type { Projector } from './projector';
import {
  maxEscalationLevel,
  newTaskRecord,
  nextDeadline,
  nextStep,
  type OpenTask,
  pauseRecord,
  rescheduleRecord,
  type TaskRecord,
  taskRow,
} from './task-record';

export { type OpenTask, type TaskRecord, taskView } from './task-record';

export class TaskTracker {
  /** Tasks whose timers run in this run: a task is tracked once, however it was (re)started. */
  private readonly tracking = new Set<string>();

  constructor(
    private readonly tasks: Record<string, TaskRecord>,
    private readonly ctx: {
      cal: CalendarPolicy;
      projector: Projector;
      measureId?: string;
      /** Called after every change, so the workflow can refresh its search attributes. */
      onChange: () => void;
      /** Extra columns for the case row with every task change (next deadline, escalation level). */
      caseSummary: () => { nextDeadline: Date | null; escalationLevel: number } | undefined;
    },
  ) {}

  open(o: OpenTask): TaskRecord {
    const rec = newTaskRecord(uuid4(), o, new Date(), this.ctx.measureId, this.ctx.cal);
    this.tasks[rec.taskId] = rec;
    this.ctx.onChange();
    void this.track(rec, o.actor ?? 'system');
    return rec;
  }

  /** After continue-as-new: pick up every open task where the previous run left it. */
  resumeAll(): void {
    for (const rec of Object.values(this.tasks)) if (rec.status === 'open') void this.track(rec, 'system');
  }

  get(taskId: string): TaskRecord | undefined {
    return this.tasks[taskId];
  }

  openTasks(): TaskRecord[] {
    return Object.values(this.tasks).filter((t) => t.status === 'open');
  }

  findOpen(kind: TaskKind, subjectId?: string): TaskRecord | undefined {
    return this.openTasks().find((t) => t.kind === kind && (subjectId === undefined || t.subjectId === subjectId));
  }

  nextDeadline(): Date | null {
    return nextDeadline(this.tasks);
  }

  maxEscalationLevel(): number {
    return maxEscalationLevel(this.tasks);
  }

  async complete(taskId: string, actor: string, data?: Record<string, unknown>): Promise<TaskRecord> {
    return this.close(taskId, 'done', actor, data);
  }

  async cancel(taskId: string, actor: string, reason: string): Promise<TaskRecord> {
    return this.close(taskId, 'cancelled', actor, { reason });
  }

  /**
   * Gives an open task a new due time (an agreed action carried to the next meeting): its reminders
   * and escalations start over from now. Returns the row and event for the caller to project with
   * its own step, so many tasks move in one write.
   */
  reschedule(taskId: string, dueAt: Date, rule: Omit<DeadlineRule, 'due'>, actor: string, reason: string) {
    const rec = this.tasks[taskId];
    if (!rec || rec.status !== 'open') return undefined;
    rescheduleRecord(rec, dueAt, rule, new Date(), this.ctx.cal);
    this.ctx.onChange();
    const event = this.ctx.projector.event(
      'task.rescheduled',
      actor,
      { taskId, kind: rec.kind, dueAt: rec.dueAt, reason },
      `task:${taskId}:rescheduled:${rec.generation}`,
    );
    return { row: this.row(rec), event };
  }

  /**
   * Gives an open task to another person of its role (a claim, a reassignment): its row and a
   * task.assigned event are projected, and its later steps (reminder, overdue) go to the new
   * assignee, as recipients are resolved from the row when a step fires. Undefined when the task is
   * not open or is already theirs (the command's rules refuse those first).
   */
  async assign(taskId: string, assigneeId: string, actor: string, reason: string): Promise<TaskRecord | undefined> {
    const moved = this.moveTo(taskId, assigneeId, actor, reason);
    if (!moved) return undefined;
    await this.ctx.projector.project({ tasks: [moved.row], events: [moved.event] });
    return this.tasks[taskId];
  }

  /**
   * Sets an open task's assignee and returns its row and task.assigned event for the caller to
   * project in its own step (a change of coordinator moves many tasks in one write). Changes no
   * deadline, so the workflow's search attributes stay as they are (no command is added).
   * Undefined when the task is not open or already assigned to `assigneeId`.
   */
  moveTo(taskId: string, assigneeId: string, actor: string, reason: string) {
    const rec = this.tasks[taskId];
    if (!rec || rec.status !== 'open' || rec.assigneeId === assigneeId) return undefined;
    const from = rec.assigneeId ?? null;
    rec.assigneeId = assigneeId;
    rec.assignments = (rec.assignments ?? 0) + 1;
    const event = this.ctx.projector.event(
      'task.assigned',
      actor,
      { taskId, kind: rec.kind, assignee: rec.assignee, assigneeId, from, dueAt: rec.dueAt, reason },
      `task:${taskId}:assigned:${rec.assignments}`,
    );
    return { row: this.row(rec), event };
  }

  /**
   * Stops an open task's clock until `until` (approved by a supervisor): no step fires before then,
   * and the due time and every step move on by the paused duration. The clock resumes by itself.
   */
  async pause(taskId: string, until: Date, reasonKind: ClockChangeReasonKind, actor: string, data: Record<string, unknown> = {}) {
    const rec = this.tasks[taskId];
    if (!rec || rec.status !== 'open') return undefined;
    const previousDueAt = rec.dueAt;
    // A new generation wakes the timers: they wait for the resumption now.
    pauseRecord(rec, until, reasonKind, new Date());
    this.ctx.onChange();
    await this.recordStep(
      rec,
      'task.clock-paused',
      actor,
      { taskId, kind: rec.kind, reasonKind, pausedUntil: until.toISOString(), previousDueAt, dueAt: rec.dueAt, ...data },
      `task:${taskId}:clock-paused:${rec.generation}`,
    );
    return rec;
  }

  /** Moves an open task's due time later (approved by a supervisor): its steps start over towards the new due time. */
  async extend(
    taskId: string,
    dueAt: Date,
    rule: Omit<DeadlineRule, 'due'>,
    reasonKind: ClockChangeReasonKind,
    actor: string,
    data: Record<string, unknown> = {},
  ) {
    const rec = this.tasks[taskId];
    if (!rec || rec.status !== 'open') return undefined;
    const previousDueAt = rec.dueAt;
    rec.clock = { state: 'extended', changedAt: new Date().toISOString(), reasonKind };
    const moved = this.reschedule(taskId, dueAt, rule, actor, `clock extended: ${reasonKind}`)!;
    await this.ctx.projector.project({
      tasks: [moved.row],
      case: this.ctx.caseSummary(),
      events: [
        moved.event,
        this.ctx.projector.event(
          'task.clock-extended',
          actor,
          { taskId, kind: rec.kind, reasonKind, previousDueAt, dueAt: rec.dueAt, ...data },
          `task:${taskId}:clock-extended:${rec.generation}`,
        ),
      ],
    });
    return rec;
  }

  /** Drops finished tasks from the state that travels through continue-as-new (the read model keeps them). */
  forgetFinished(): void {
    for (const [id, rec] of Object.entries(this.tasks)) if (rec.status !== 'open') delete this.tasks[id];
  }

  private async close(taskId: string, status: 'done' | 'cancelled', actor: string, data?: Record<string, unknown>): Promise<TaskRecord> {
    const rec = this.tasks[taskId];
    if (!rec || rec.status !== 'open') return rec;
    const now = new Date();
    rec.status = status;
    rec.completedAt = now.toISOString();
    rec.completedBy = actor;
    this.ctx.onChange();
    const late = now.getTime() > new Date(rec.dueAt).getTime();
    await this.recordStep(
      rec,
      status === 'done' ? 'task.completed' : 'task.cancelled',
      actor,
      { taskId, kind: rec.kind, late, dueAt: rec.dueAt, subjectId: rec.subjectId, ...data },
      `task:${taskId}:${status}`,
    );
    return rec;
  }

  private async track(rec: TaskRecord, actor: string): Promise<void> {
    // A handler may open a task in a run's first activation, before resumeAll(): track it once.
    if (this.tracking.has(rec.taskId)) return;
    this.tracking.add(rec.taskId);
    try {
      await this.runTimers(rec, actor);
    } finally {
      this.tracking.delete(rec.taskId);
    }
  }

  private async runTimers(rec: TaskRecord, actor: string): Promise<void> {
    // A task's clock runs on while its row cannot land (the read model is down), and each step is
    // stamped when it fires, not when the database is back.
    if (!rec.projected) {
      // The opening is written by a local activity, in the workflow task that opened the task.
      const opened = this.recordStep(
        rec,
        'task.opened',
        actor,
        {
          taskId: rec.taskId,
          kind: rec.kind,
          assignee: rec.assignee,
          assigneeId: rec.assigneeId,
          dueAt: rec.dueAt,
          subjectId: rec.subjectId,
        },
        `task:${rec.taskId}:opened`,
        { local: true },
      );
      // Projections are applied in order, so the opening lands before any later step.
      void opened.then(
        () => {
          rec.projected = true;
        },
        () => undefined,
      );
    }
    while (rec.status === 'open') {
      const generation = rec.generation ?? 0;
      const moved = () => (rec.generation ?? 0) !== generation;
      if (rec.clock?.state === 'paused') {
        // A paused clock (approved by a supervisor): nothing fires until it resumes.
        const left = Date.parse(rec.clock.pausedUntil!) - Date.now();
        if (left > 0 && (await condition(() => rec.status !== 'open' || moved(), left))) continue;
        if (rec.status !== 'open') return;
        await this.resume(rec);
        continue;
      }
      const step = nextStep(rec, this.ctx.cal);
      if (!step) {
        // Every step has fired: wait for the task to be done, or to be given a new due time.
        await condition(() => rec.status !== 'open' || moved());
        continue;
      }
      const wait = new Date(step.at).getTime() - Date.now();
      if (wait > 0 && (await condition(() => rec.status !== 'open' || moved(), wait))) {
        if (rec.status !== 'open') return;
        continue; // rescheduled: the next step is another one now
      }
      if (rec.status !== 'open') return;
      await this.fire(rec, step);
    }
  }

  private async resume(rec: TaskRecord): Promise<void> {
    const { reasonKind, pausedUntil } = rec.clock!;
    rec.clock = { state: 'resumed', changedAt: new Date().toISOString(), reasonKind };
    this.ctx.onChange();
    await this.recordStep(
      rec,
      'task.clock-resumed',
      'system',
      { taskId: rec.taskId, kind: rec.kind, reasonKind, pausedUntil, dueAt: rec.dueAt },
      `task:${rec.taskId}:clock-resumed:${rec.generation ?? 0}`,
    );
  }

  private async fire(rec: TaskRecord, step: ScheduledStep): Promise<void> {
    const repeating = rec.fired >= rec.steps.length;
    const gen = rec.generation ? `g${rec.generation}:` : '';
    const n = `${gen}${repeating ? `repeat:${rec.repeats}` : `step:${rec.fired}`}`;
    rec.escalationLevel = Math.max(rec.escalationLevel, step.level);
    this.ctx.onChange();
    const type = step.type === 'reminder' ? 'task.reminded' : step.type === 'due' ? 'task.overdue' : 'task.escalated';
    // A step is written by a local activity, in the workflow task its timer woke (no activity round
    // trip through the server), so a minute in which a thousand deadlines fall due is mailed within
    // a second of each.
    const recorded = this.recordStep(
      rec,
      type,
      'system',
      { taskId: rec.taskId, kind: rec.kind, to: step.to, level: step.level, dueAt: rec.dueAt, scheduledFor: step.at },
      `task:${rec.taskId}:${n}`,
      { local: true },
    );
    // Counted at once, so the next step's timer starts now. Every workflow continues as new only
    // once its projector is idle, so a step counted here has been recorded before the next run.
    void recorded.catch(() => undefined);
    if (repeating) rec.repeats++;
    else rec.fired++;
  }

  /** One step of the task into the read model: its row, the case's summary and the step's event. */
  private recordStep(
    rec: TaskRecord,
    type: string,
    actor: string,
    data: Record<string, unknown>,
    eventId: string,
    options: { local?: boolean } = {},
  ): Promise<void> {
    return this.ctx.projector.project(
      {
        tasks: [this.row(rec)],
        case: this.ctx.caseSummary(),
        events: [this.ctx.projector.event(type, actor, data, eventId)],
      },
      options,
    );
  }

  /** The task as a full read-model row. */
  row(rec: TaskRecord) {
    return taskRow(rec);
  }
}
