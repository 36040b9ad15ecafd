import { DANISH_CALENDAR } from '../../libs/calendar/danish-calendar';
import type { CasePolicy, DeadlineRule } from '../../libs/policy/case-policy';

const s = (seconds: number) => ({ seconds });

/** A rule whose steps come `seconds` apart: remind half-way, due, escalate at due and again later. */
export function fastRule(due: number, { remind = true, escalateEvery = 2 } = {}): DeadlineRule {
  return {
    due: s(due),
    remindAtFractions: remind ? [0.5] : [],
    escalations: [
      { after: s(0), to: 'supervisor' },
      { after: s(escalateEvery), to: 'head-of-department' },
    ],
  };
}

/**
 * The statutory process with second-scale durations, so a test runs a case in seconds.
 * Defaults are long enough for a test to meet every deadline; a test shortens the one it misses.
 */
export function testPolicy(overrides: Partial<CasePolicy> = {}): CasePolicy {
  const slow = fastRule(120);
  const base: CasePolicy = {
    version: 'test-seconds',
    description: 'Second-scale durations for tests',
    calendar: DANISH_CALENDAR,
    receipt: { sendToCitizens: true, deadline: s(120), manualTaskBefore: s(30), manualReceipt: slow },
    urgencyAssessment: slow,
    reassessment: slow,
    assessment: { ...slow, remindAtFractions: [0.5, 0.75, 0.9], repeatAfterDue: s(2) },
    preliminaryAssessment: slow,
    approval: slow,
    plan: slow,
    measure: {
      firstFollowUp: s(120),
      followUpAfterAssessment: s(60),
      followUpCadence: s(120),
      minimumFollowUpCadence: s(1),
      followUp: { remindAtFractions: [0.9], escalations: slow.escalations },
      supervisionVisitInterval: s(120),
      supervisionVisit: { escalations: slow.escalations },
      endDecisionBefore: s(10),
      endDecision: { escalations: slow.escalations },
      turning18Before: s(10),
      turning18: { escalations: slow.escalations },
      agreedAction: { escalations: [{ after: s(0), to: 'coordinator' }] },
      placementFromStep: 4,
      returnHome: {
        plannedWithin: s(600),
        statementBefore: s(20),
        statement: { escalations: slow.escalations },
        planRevisionBefore: s(10),
        planRevision: { escalations: slow.escalations },
        period: s(120),
        followUpAfterReturn: s(60),
      },
    },
    clockChange: { approval: slow, maxPause: s(300), maxExtension: s(300) },
    committeeReview: slow,
    inquiryResponse: slow,
    readIn: slow,
    closeOrContinue: slow,
    appointmentConflict: slow,
    caseloadCap: 25,
  };
  return { ...base, ...overrides };
}
