/**
 * A policy holds every duration, cadence, escalation chain and the calendar a case runs on.
 * It is data: a case records the version it started on and keeps it, and tests run with a
 * policy whose durations are seconds. Pure module: imported by workflows, so no I/O, no clock.
 */
import { type CalendarPolicy, DANISH_CALENDAR } from '../calendar/danish-calendar';
import { compressPolicy } from './compress-policy';

/** A length of time as the law counts it. `seconds` exists for tests and demonstrations. */
export type Span =
  | { clockHours: number }
  | { calendarDays: number }
  | { calendarMonths: number }
  /** To the end of the n-th weekday (hverdag) after the start. */
  | { weekdays: number }
  | { seconds: number };

/** Who a task or an escalation goes to. */
export type Role = 'coordinator' | 'deputy' | 'supervisor' | 'head-of-department';

export interface Escalation {
  /** Time after the due time; `{ seconds: 0 }` escalates at the due time itself. */
  after: Span;
  to: Role;
}

/** One deadline: remind → due → escalate level 1 → level 2 …, cancelled when the task is done. */
export interface DeadlineRule {
  due: Span;
  /** Reminders to the assignee before the due time, as fractions of the time allowed (0.5 = half-way). */
  remindAtFractions?: number[];
  escalations?: Escalation[];
  /** After the last step, remind again at this interval until the task is done ("as soon as possible"). */
  repeatAfterDue?: Span;
  /** A due time on a closed day (weekend, holiday, closing day) moves to the next weekday. */
  moveToWeekday?: boolean;
}

export interface CasePolicy {
  /** Recorded on every case; a new version is taken up by new cases only. */
  version: string;
  description: string;
  calendar: CalendarPolicy;
  receipt: {
    /** Professionals in public service always get a receipt (BL § 136); for citizens it is local policy. */
    sendToCitizens: boolean;
    /** 6 weekdays (BL § 136). */
    deadline: Span;
    /**
     * A receipt that cannot be mailed is retried automatically until this long before its deadline;
     * then the coordinator gets a task to send it another way. Optional only because policies
     * recorded in running cases predate it (they get 2 weekdays).
     */
    manualTaskBefore?: Span;
    manualReceipt: DeadlineRule;
  };
  /** Vurdering inden for 24 timer (BL § 136). */
  urgencyAssessment: DeadlineRule;
  /** Genvurdering of a report on a child who already has a measure (BL § 137). */
  reassessment: DeadlineRule;
  /** Børnefaglig undersøgelse: 4 months from the day the municipality became aware (BL § 20 stk. 3). */
  assessment: DeadlineRule;
  /** Foreløbig vurdering, opened when the assessment deadline passes. */
  preliminaryAssessment: DeadlineRule;
  /** Four-eyes approval of decisions and plans (local). */
  approval: DeadlineRule;
  /** Barnets plan, due after the measure decision (BL §§ 91–92). */
  plan: DeadlineRule;
  measure: {
    /** First follow-up after the measure starts (BL § 95): 3 months. */
    firstFollowUp: Span;
    /** When a parallel assessment ends before the first follow-up, the follow-up is due this soon after it. */
    followUpAfterAssessment: Span;
    /** Default cadence after that; the coordinator may set another with a reason. */
    followUpCadence: Span;
    /** The shortest cadence a coordinator may set: a meeting needs time to prepare and to act on. */
    minimumFollowUpCadence?: Span;
    /** Reminders and escalation around each follow-up meeting. */
    followUp: Omit<DeadlineRule, 'due'>;
    /** Tilsyn: at least 2 per year for placements (BL §§ 96, 156). */
    supervisionVisitInterval: Span;
    supervisionVisit: Omit<DeadlineRule, 'due'>;
    /** A decision on extend / end / step down, this long before the planned end. */
    endDecisionBefore: Span;
    endDecision: Omit<DeadlineRule, 'due'>;
    /** Decision on continued support at least 6 months before a placed child turns 18 (BL § 111). */
    turning18Before: Span;
    turning18: Omit<DeadlineRule, 'due'>;
    /** An action agreed at a follow-up meeting is due by the next meeting; then it is escalated. */
    agreedAction: Omit<DeadlineRule, 'due'>;
    /** Ladder steps that are placements (anbringelse): 4 network, 5 foster family, 6 institution. */
    placementFromStep: number;
    /**
     * Return home (hjemgivelse, BL § 100). Optional only because policies recorded in running cases
     * predate it: those take the statutory defaults (STATUTORY_POLICY.measure.returnHome).
     */
    returnHome?: ReturnHomeRules;
  };
  /**
   * Pausing or extending a statutory clock (a task's due time), only with a supervisor's approval.
   * Optional only because policies recorded in running cases predate it (they take the statutory defaults).
   */
  clockChange?: ClockChangeRules;
  /**
   * An urgent placement decided by the committee chair (formandsafgørelse) goes before the full
   * children and youth committee within 7 days (BL § 143).
   */
  committeeReview: DeadlineRule;
  /** A family inquiry is answered by the end of the next weekday, else the deputy, then the supervisor. */
  inquiryResponse: DeadlineRule;
  /** The new coordinator reads in after a handover. */
  readIn: DeadlineRule;
  /** A case left without a running measure: the coordinator closes it or records why it continues. */
  closeOrContinue: DeadlineRule;
  /** Overlapping appointments of different departments for the same family. */
  appointmentConflict: DeadlineRule;
  caseloadCap: number;
}

/** Return home from a placement (hjemgivelse, BL § 100). */
export interface ReturnHomeRules {
  /** The planned return date lies at most this far ahead when the return is planned. */
  plannedWithin: Span;
  /** The statement from the placement (udtalelse fra anbringelsesstedet), due this long before the return. */
  statementBefore: Span;
  statement: Omit<DeadlineRule, 'due'>;
  /** The child's plan revised (revideret plan) this long before the return. */
  planRevisionBefore: Span;
  planRevision: Omit<DeadlineRule, 'due'>;
  /** The return-home period (hjemgivelsesperiode) after the return: up to 6 months. */
  period: Span;
  /** The follow-up (opfølgning) in the return-home period, this long after the return (within the period). */
  followUpAfterReturn: Span;
}

/** A statutory clock paused or extended, with a supervisor's approval and a recorded reason. */
export interface ClockChangeRules {
  /** The supervisor decides on the request (an approval task). */
  approval: DeadlineRule;
  /** A pause lasts at most this long. */
  maxPause: Span;
  /** A due time moves at most this far. */
  maxExtension: Span;
}

const supervisorThenHead: Escalation[] = [
  { after: { seconds: 0 }, to: 'supervisor' },
  { after: { weekdays: 2 }, to: 'head-of-department' },
];

/** Barnets Lov as consolidated by LBK nr. 282 af 17/03/2025, with the statutory defaults. */
export const STATUTORY_POLICY: CasePolicy = {
  version: 'statutory-2025.1',
  description: 'Barnets Lov (LBK nr. 282 af 17/03/2025): statutory deadlines, 6-month follow-up cadence',
  calendar: DANISH_CALENDAR,
  receipt: {
    sendToCitizens: true,
    deadline: { weekdays: 6 },
    manualTaskBefore: { weekdays: 2 },
    manualReceipt: { due: { weekdays: 6 }, escalations: supervisorThenHead },
  },
  urgencyAssessment: {
    due: { clockHours: 24 },
    remindAtFractions: [0.5],
    escalations: [
      { after: { seconds: 0 }, to: 'supervisor' },
      { after: { clockHours: 6 }, to: 'head-of-department' },
    ],
  },
  reassessment: { due: { calendarDays: 7 }, remindAtFractions: [0.5], escalations: supervisorThenHead },
  assessment: {
    due: { calendarMonths: 4 },
    remindAtFractions: [0.5, 0.75, 0.9],
    escalations: [{ after: { seconds: 0 }, to: 'supervisor' }],
    repeatAfterDue: { calendarDays: 7 },
  },
  preliminaryAssessment: { due: { weekdays: 5 }, escalations: supervisorThenHead },
  approval: { due: { weekdays: 5 }, escalations: [{ after: { seconds: 0 }, to: 'head-of-department' }] },
  plan: {
    due: { calendarMonths: 3 },
    remindAtFractions: [0.75],
    escalations: [
      { after: { seconds: 0 }, to: 'coordinator' },
      { after: { weekdays: 5 }, to: 'supervisor' },
    ],
  },
  measure: {
    firstFollowUp: { calendarMonths: 3 },
    followUpAfterAssessment: { weekdays: 5 },
    followUpCadence: { calendarMonths: 6 },
    minimumFollowUpCadence: { calendarDays: 7 },
    followUp: { remindAtFractions: [0.9], escalations: supervisorThenHead },
    supervisionVisitInterval: { calendarMonths: 6 },
    supervisionVisit: { remindAtFractions: [0.8], escalations: supervisorThenHead },
    endDecisionBefore: { calendarMonths: 1 },
    endDecision: { remindAtFractions: [0.5], escalations: supervisorThenHead },
    turning18Before: { calendarMonths: 6 },
    turning18: { remindAtFractions: [0.5], escalations: supervisorThenHead },
    agreedAction: {
      remindAtFractions: [0.8],
      escalations: [
        { after: { seconds: 0 }, to: 'coordinator' },
        { after: { weekdays: 5 }, to: 'supervisor' },
      ],
    },
    placementFromStep: 4,
    returnHome: {
      plannedWithin: { calendarMonths: 12 },
      statementBefore: { calendarDays: 14 },
      statement: { remindAtFractions: [0.5], escalations: supervisorThenHead },
      planRevisionBefore: { calendarDays: 7 },
      planRevision: { remindAtFractions: [0.5], escalations: supervisorThenHead },
      period: { calendarMonths: 6 },
      followUpAfterReturn: { calendarMonths: 3 },
    },
  },
  clockChange: {
    approval: { due: { weekdays: 2 }, escalations: [{ after: { seconds: 0 }, to: 'head-of-department' }] },
    maxPause: { calendarMonths: 3 },
    maxExtension: { calendarMonths: 3 },
  },
  committeeReview: {
    due: { calendarDays: 7 },
    remindAtFractions: [0.5],
    escalations: [{ after: { seconds: 0 }, to: 'head-of-department' }],
  },
  inquiryResponse: {
    due: { weekdays: 1 },
    escalations: [
      { after: { seconds: 0 }, to: 'deputy' },
      { after: { clockHours: 4 }, to: 'supervisor' },
    ],
  },
  readIn: { due: { weekdays: 5 }, escalations: [{ after: { seconds: 0 }, to: 'supervisor' }] },
  closeOrContinue: { due: { weekdays: 10 }, remindAtFractions: [0.5], escalations: [{ after: { seconds: 0 }, to: 'supervisor' }] },
  appointmentConflict: { due: { weekdays: 1 }, escalations: [{ after: { seconds: 0 }, to: 'supervisor' }] },
  caseloadCap: 25,
};

/** Aabenraa-style local policy: the statutory deadlines with follow-ups every 8 weeks. */
export const AABENRAA_POLICY: CasePolicy = {
  ...STATUTORY_POLICY,
  version: 'aabenraa-2025.1',
  description: 'Local policy in the spirit of the Aabenraa model: 8-week follow-ups, caseload 25',
  measure: { ...STATUTORY_POLICY.measure, followUpCadence: { calendarDays: 56 } },
};

/**
 * NOT STATUTORY — for trying Closer out (`CASE_POLICY=demo npm run dev`): the statutory process with
 * an hour lasting 10 seconds, a day one minute and a month five, so the 24-hour urgency assessment
 * falls due in 4 minutes and a newcomer sees its reminder, escalation and mails at once.
 */
export const DEMO_POLICY: CasePolicy = compressPolicy(
  STATUTORY_POLICY,
  { clockHours: 10, calendarDays: 60, weekdays: 60, calendarMonths: 300 },
  'demo',
  'DEMO — NOT STATUTORY: Barnets Lov with an hour as 10 seconds, a day as 1 minute, a month as 5 minutes',
);

export const POLICIES: Record<string, CasePolicy> = {
  [STATUTORY_POLICY.version]: STATUTORY_POLICY,
  [AABENRAA_POLICY.version]: AABENRAA_POLICY,
  [DEMO_POLICY.version]: DEMO_POLICY,
};

/** The policy's return-home rules; policies recorded before they existed take the statutory ones. */
export function returnHomeRules(policy: CasePolicy): ReturnHomeRules {
  return policy.measure.returnHome ?? STATUTORY_POLICY.measure.returnHome!;
}

/** The policy's rules for pausing or extending a clock; policies recorded before they existed take the statutory ones. */
export function clockChangeRules(policy: CasePolicy): ClockChangeRules {
  return policy.clockChange ?? STATUTORY_POLICY.clockChange!;
}
