/** What the family's query answers: the state without what only the workflow needs. */
import type { FamilyView } from '../contract';
import { openTaskRecords, taskView } from '../support/task-record';
import type { FamilyState } from './family.state';

export function familyView(s: FamilyState): FamilyView {
  return {
    familyId: s.familyId,
    coordinatorId: s.coordinatorId,
    teamId: s.teamId,
    deputyId: s.deputyId,
    coordinatorChanges: s.coordinatorChanges,
    childCaseIds: [...s.childCaseIds],
    inquiries: s.inquiries.map(({ taskId: _t, ...i }) => i),
    appointments: s.appointments.map((a) => ({ ...a })),
    handoverRefusals: [...s.handoverRefusals],
    openTasks: openTaskRecords(s.tasks).map(taskView),
    runs: s.runs,
  };
}
