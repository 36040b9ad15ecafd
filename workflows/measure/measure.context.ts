/**
 * One run of a measure workflow: its state, projector, command gate and tasks, and what every
 * handler does alike (open the measure's tasks, record the measure's row, end it, keep the search
 * attributes and the case's roll-up). Workflow code, shared by the story in measure.workflow.ts and
 * the handlers in handlers/.
 */
import { getExternalWorkflowHandle, upsertSearchAttributes } from '@temporalio/workflow';
import type { CasePolicy, DeadlineRule } from '../../libs/policy/case-policy';
import { caseWorkflowId, type CommandResult, measureEndedSignal, searchAttributes, type TaskKind } from '../contract';
import { CommandGate } from '../support/command-gate';
import { Projector } from '../support/projector';
import { TaskTracker } from '../support/task-tracker';
import { enforce } from '../support/validation';
import { endDecisionDue, measureActive, supervisionVisitDue } from './measure.rules';
import { isPlacement, type MeasureState } from './measure.state';

export class MeasureContext {
  readonly projector: Projector;
  readonly gate: CommandGate;
  readonly tasks: TaskTracker;
  /** The case is to be told the measure's next deadline and escalation level (see tellCase). */
  rollUpDue = false;
  rollingUp = false;

  constructor(
    readonly s: MeasureState,
    readonly policy: CasePolicy,
  ) {
    this.projector = new Projector({ caseId: s.caseId });
    this.gate = new CommandGate(s.applied);
    this.tasks = new TaskTracker(s.tasks, {
      cal: policy.calendar,
      projector: this.projector,
      measureId: s.measureId,
      onChange: () => this.refreshSearchAttributes(),
      caseSummary: () => undefined,
    });
  }

  get rules(): CasePolicy['measure'] {
    return this.policy.measure;
  }

  /** Refuses every command once the measure has ended. */
  readonly active = (): void => enforce(measureActive(this.s));

  readonly result = (extra: Omit<CommandResult, 'id' | 'phase'> = {}): CommandResult => ({
    id: this.s.measureId,
    phase: this.s.status,
    ...extra,
  });

  isPlacement(): boolean {
    return isPlacement(this.s, this.policy);
  }

  /** A coordinator's task about this measure, due at `dueAt`, with the policy's reminders and escalations. */
  openMeasureTask(kind: TaskKind, dueAt: Date, rule: Omit<DeadlineRule, 'due'>): string {
    const s = this.s;
    return this.tasks.open({ kind, assignee: 'coordinator', assigneeId: s.coordinatorId, subjectId: s.measureId, dueAt, rule }).taskId;
  }

  openFollowUp(dueAt: Date): void {
    this.s.followUpTaskId = this.openMeasureTask('follow-up', dueAt, this.rules.followUp);
  }

  openEndDecision(): void {
    this.s.endDecisionTaskId = this.openMeasureTask('measure-end-decision', endDecisionDue(this.s, this.policy), this.rules.endDecision);
  }

  /** The next tilsyn, the policy's interval after `from`. */
  openSupervisionVisit(from: Date): void {
    this.s.supervisionTaskId = this.openMeasureTask(
      'supervision-visit',
      supervisionVisitDue(from, this.policy),
      this.rules.supervisionVisit,
    );
  }

  async projectMeasure(eventType: string, actor: string, data: Record<string, unknown>): Promise<void> {
    const s = this.s;
    await this.projector.project({
      measures: [
        {
          id: s.measureId,
          decisionId: s.decisionId,
          type: s.measure.type,
          ladderStep: s.ladderStep,
          provider: s.measure.provider,
          monthlyCost: String(s.measure.monthlyCost),
          startDate: new Date(s.measure.startDate),
          plannedEnd: new Date(s.plannedEnd),
          status: s.status,
          endedAt: s.status === 'ended' ? new Date() : null,
          endReason: s.endReason ?? null,
        },
      ],
      events: [this.projector.event(eventType, actor, { measureId: s.measureId, ...data })],
    });
  }

  /** The measure ends: its open tasks are cancelled and the case is told. */
  async end(actor: string, reason: string): Promise<void> {
    const s = this.s;
    s.status = 'ended';
    s.endReason = reason;
    for (const t of this.tasks.openTasks()) await this.tasks.cancel(t.taskId, actor, 'measure ended');
    this.refreshSearchAttributes();
    await this.projectMeasure('measure.ended', actor, { reason });
    const ended = { measureId: s.measureId, reason, at: new Date().toISOString() };
    await getExternalWorkflowHandle(caseWorkflowId(s.caseId)).signal(measureEndedSignal, ended);
  }

  /** Leaving the placement steps (stepped down below them): supervision visits (tilsyn) stop. */
  async leavePlacement(actor: string, wasPlacement: boolean): Promise<void> {
    if (!wasPlacement || this.isPlacement()) return;
    const task = this.s.supervisionTaskId ? this.tasks.get(this.s.supervisionTaskId) : undefined;
    if (task?.status === 'open') await this.tasks.cancel(task.taskId, actor, 'left placement: supervision visits (tilsyn) stop');
  }

  refreshSearchAttributes(): void {
    upsertSearchAttributes([
      { key: searchAttributes.casePhase, value: `measure-${this.s.status}` },
      { key: searchAttributes.nextDeadline, value: this.tasks.nextDeadline() },
      { key: searchAttributes.escalationLevel, value: this.tasks.maxEscalationLevel() },
    ]);
    this.rollUpDue = true;
  }
}
