/**
 * One run of a case workflow: its state, its way into the read model, its command gate and its
 * tasks, and the few things every phase's handlers do alike (move the phase, keep the search
 * attributes, answer a command). Workflow code: the handlers in handlers/ and the story in
 * case.workflow.ts share this object, as the workflow's closure did.
 */
import { getExternalWorkflowHandle, type SignalDefinition, upsertSearchAttributes } from '@temporalio/workflow';
import type { CasePolicy } from '../../libs/policy/case-policy';
import { type CasePhase, type CommandResult, measureWorkflowId, searchAttributes } from '../contract';
import { CommandGate } from '../support/command-gate';
import { Projector } from '../support/projector';
import { TaskTracker } from '../support/task-tracker';
import { enforce } from '../support/validation';
import { caseOpen } from './case.rules';
import { caseEscalationLevel, caseNextDeadline, type CaseState, noteActor } from './case.state';

export class CaseContext {
  readonly projector: Projector;
  readonly gate: CommandGate;
  readonly tasks: TaskTracker;
  /** A report is being recorded and its tasks opened (processReports). */
  processingReport = false;
  /** Receipts still being mailed (retried for days at most): the run continues as new only without any. */
  receiptsInFlight = 0;
  /** The search attributes as last upserted in this run (a run starts with none). */
  private upserted: string | undefined;

  constructor(
    readonly s: CaseState,
    readonly policy: CasePolicy,
  ) {
    this.projector = new Projector({ caseId: s.caseId });
    this.gate = new CommandGate(s.applied);
    this.tasks = new TaskTracker(s.tasks, {
      cal: policy.calendar,
      projector: this.projector,
      onChange: () => this.refreshSearchAttributes(),
      caseSummary: () => ({ nextDeadline: this.nextDeadline(), escalationLevel: this.escalationLevel() }),
    });
  }

  /** Refuses every command once the case is closed. */
  readonly open = (): void => enforce(caseOpen(this.s));

  readonly noteActor = (actor: string): void => noteActor(this.s, actor);

  readonly result = (extra: Omit<CommandResult, 'id' | 'phase'> = {}): CommandResult => ({
    id: this.s.caseId,
    phase: this.s.phase,
    ...extra,
  });

  /** The earliest due time of the case's own open tasks and its running measures' tasks. */
  nextDeadline(): Date | null {
    return caseNextDeadline(this.s, this.tasks.nextDeadline());
  }

  escalationLevel(): number {
    return caseEscalationLevel(this.s, this.tasks.maxEscalationLevel());
  }

  async enterPhase(phase: CasePhase, actor: string): Promise<void> {
    const from = this.s.phase;
    if (from === phase) return;
    this.s.phase = phase;
    this.refreshSearchAttributes();
    await this.projector.project({ case: { phase }, events: [this.projector.event('case.phase-changed', actor, { from, to: phase })] });
  }

  refreshSearchAttributes(): void {
    const s = this.s;
    const attributes = [
      { key: searchAttributes.casePhase, value: s.phase },
      { key: searchAttributes.coordinatorId, value: s.coordinatorId ?? null },
      { key: searchAttributes.teamId, value: s.teamId ?? null },
      { key: searchAttributes.nextDeadline, value: this.nextDeadline() },
      { key: searchAttributes.escalationLevel, value: this.escalationLevel() },
    ];
    // Each upsert is an event and a write to the visibility store: only a change is written.
    const key = JSON.stringify(attributes);
    if (key === this.upserted) return;
    this.upserted = key;
    upsertSearchAttributes(attributes);
  }

  /** A measure's tasks changed: the case's search attributes and row follow. */
  rollUpChanged(): void {
    this.refreshSearchAttributes();
    void this.projector
      .project({ case: { nextDeadline: this.nextDeadline(), escalationLevel: this.escalationLevel() } })
      .catch(() => undefined);
  }

  async signalMeasure<A>(measureId: string, def: SignalDefinition<[A]>, arg: A): Promise<void> {
    try {
      await getExternalWorkflowHandle(measureWorkflowId(measureId)).signal(def, arg);
    } catch {
      // The measure has already ended: nothing to tell it.
    }
  }
}
