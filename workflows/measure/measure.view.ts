/** What the measure's query answers: the state without what only the workflow needs. */
import type { CasePolicy } from '../../libs/policy/case-policy';
import type { MeasureView } from '../contract';
import { openTaskRecords, taskView } from '../support/task-record';
import { isPlaced, type MeasureState } from './measure.state';

export function measureView(s: MeasureState, policy: CasePolicy): MeasureView {
  return {
    measureId: s.measureId,
    caseId: s.caseId,
    status: s.status,
    ladderStep: s.ladderStep,
    plannedEnd: s.plannedEnd,
    nextFollowUpDueAt: s.followUpTaskId ? s.tasks[s.followUpTaskId]?.dueAt : undefined,
    followUps: s.followUps.map((f) => ({ ...f })),
    followUpsHeld: s.followUpsHeld,
    agreedActions: s.actions.map(({ taskId: _t, ...a }) => a),
    supervisionVisits: s.supervisionVisits,
    openTasks: openTaskRecords(s.tasks).map(taskView),
    endReason: s.endReason,
    placed: isPlaced(s, policy),
    returnHome: s.returnHome && {
      status: s.returnHome.status,
      plannedReturnDate: s.returnHome.plannedReturnDate,
      plannedAt: s.returnHome.plannedAt,
      returnedAt: s.returnHome.returnedAt,
      periodEndsAt: s.returnHome.periodEndsAt,
    },
    clockChangeRequests: (s.clockRequests ?? []).map((r) => ({ ...r })),
    runs: s.runs,
  };
}
