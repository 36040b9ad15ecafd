/** What the case's query answers (the API's case page and GET /cases/<id>): the state without what only the workflow needs. */
import type { CasePolicy } from '../../libs/policy/case-policy';
import type { CaseView } from '../contract';
import { maxEscalationLevel, nextDeadline, openTaskRecords, taskView } from '../support/task-record';
import { caseEscalationLevel, caseNextDeadline, type CaseState, goalProgress } from './case.state';

export function caseView(s: CaseState, policy: CasePolicy): CaseView {
  return {
    caseId: s.caseId,
    phase: s.phase,
    policyVersion: policy.version,
    coordinatorId: s.coordinatorId,
    teamId: s.teamId,
    coordinatorChanges: s.coordinatorChanges,
    reportIds: s.reports.map((r) => r.reportId),
    receiptsSent: [...s.receiptsSent],
    urgency: s.urgency,
    triage: s.triage,
    assessment: s.assessment && {
      startedAt: s.assessment.startedAt,
      dueAt: s.assessment.dueAt,
      submittedAt: s.assessment.submittedAt,
      conclusion: s.assessment.conclusion,
    },
    childConversations: s.childConversations,
    decisions: s.decisions.map(({ taskId: _t, measure: _m, goals: _g, ...d }) => d),
    plan: s.plan && {
      status: s.plan.status,
      goalIds: s.plan.goals.map((g) => g.goalId),
      dueAt: s.planTaskId ? s.tasks[s.planTaskId]?.dueAt : undefined,
    },
    goalProgress: goalProgress(s),
    measures: s.measures.map((m) => ({ ...m })),
    openTasks: openTaskRecords(s.tasks).map(taskView),
    nextDeadline: caseNextDeadline(s, nextDeadline(s.tasks))?.toISOString(),
    escalationLevel: caseEscalationLevel(s, maxEscalationLevel(s.tasks)),
    closure: s.closure,
    clockChangeRequests: (s.clockRequests ?? []).map((r) => ({ ...r })),
    runs: s.runs,
  };
}
