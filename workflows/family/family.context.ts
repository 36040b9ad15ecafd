/** One run of a family workflow: its state, projector, command gate and tasks, shared by the story and the handlers. */
import type { CasePolicy } from '../../libs/policy/case-policy';
import type { CommandResult } from '../contract';
import { CommandGate } from '../support/command-gate';
import { Projector } from '../support/projector';
import { TaskTracker } from '../support/task-tracker';
import type { FamilyState } from './family.state';

export class FamilyContext {
  readonly projector: Projector;
  readonly gate: CommandGate;
  readonly tasks: TaskTracker;

  constructor(
    readonly s: FamilyState,
    readonly policy: CasePolicy,
  ) {
    this.projector = new Projector({ familyId: s.familyId });
    this.gate = new CommandGate(s.applied);
    this.tasks = new TaskTracker(s.tasks, {
      cal: policy.calendar,
      projector: this.projector,
      onChange: () => undefined,
      caseSummary: () => undefined,
    });
  }

  readonly result = (extra: Omit<CommandResult, 'id'> = {}): CommandResult => ({ id: this.s.familyId, ...extra });
}
