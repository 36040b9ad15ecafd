/**
 * What a measure knows, and how it changes where no timer, activity or other workflow is involved.
 * Plain data, so it travels through continue-as-new whole. Pure: no Temporal imports.
 */
import type { CasePolicy } from '../../libs/policy/case-policy';
import type { ClockChangeRequestView, FollowUpView, MeasureDetails, MeasureWorkflowInput, ReturnHomeView } from '../contract';
import type { AppliedCommand } from '../support/command-gate';
import type { TaskRecord } from '../support/task-record';

/** An action agreed at a follow-up meeting; its text lives in the read model. */
export interface AgreedAction {
  actionId: string;
  owner: string;
  dueAt: string;
  status: 'open' | 'done';
  followUpId: string;
  taskId: string;
}

export interface MeasureState {
  measureId: string;
  caseId: string;
  decisionId: string;
  measure: MeasureDetails;
  /** The case's coordinator: the measure's own tasks are theirs. */
  coordinatorId?: string;
  status: 'active' | 'ended';
  ladderStep: number;
  plannedEnd: string;
  assessmentOngoing: boolean;
  started: boolean;
  followUpTaskId?: string;
  /** The latest follow-up meetings (the read model keeps them all) and how many were held. */
  followUps: FollowUpView[];
  followUpsHeld: number;
  /** Open agreed actions, and done ones until the next continue-as-new. */
  actions: AgreedAction[];
  supervisionVisits: number;
  supervisionTaskId?: string;
  endDecisionTaskId?: string;
  turning18TaskId?: string;
  endReason?: string;
  tasks: Record<string, TaskRecord>;
  /** Answers to recent commands, by update id: a repeated command gets the first answer. */
  applied: AppliedCommand[];
  /** A return home (hjemgivelse, BL § 100) planned or under way, with its tasks. */
  returnHome?: ReturnHomeView & { statementTaskId: string; planRevisionTaskId: string };
  /** Requests to pause or extend a clock of the measure, waiting for a supervisor. */
  clockRequests?: ClockChangeRequestView[];
  /** The next deadline and escalation level last told to the case. */
  rolledUp?: { nextDeadline: string | null; escalationLevel: number };
  runs: number;
}

/** Follow-up meetings kept in the workflow's state and view; the read model keeps every one. */
export const FOLLOW_UPS_KEPT = 24;

export function newMeasureState(input: MeasureWorkflowInput): MeasureState {
  return {
    measureId: input.measureId,
    caseId: input.caseId,
    decisionId: input.decisionId,
    measure: input.measure,
    coordinatorId: input.coordinatorId,
    status: 'active',
    ladderStep: input.measure.ladderStep,
    plannedEnd: new Date(input.measure.plannedEnd).toISOString(),
    assessmentOngoing: input.assessmentOngoing,
    started: false,
    followUps: [],
    followUpsHeld: 0,
    actions: [],
    supervisionVisits: 0,
    tasks: {},
    applied: [],
    runs: 0,
  };
}

/** A placement (anbringelse): a ladder step from the policy's first placement step up. */
export function isPlacement(s: MeasureState, policy: CasePolicy): boolean {
  return s.ladderStep >= policy.measure.placementFromStep;
}

/** Placed now: a placement step, and not yet returned home (then tilsyn has stopped). */
export function isPlaced(s: MeasureState, policy: CasePolicy): boolean {
  return isPlacement(s, policy) && (!s.returnHome || s.returnHome.status === 'planned');
}

/** A meeting held: kept with the latest few, and counted. */
export function followUpHeld(s: MeasureState, followUp: FollowUpView): void {
  s.followUps.push(followUp);
  s.followUpsHeld++;
  if (s.followUps.length > FOLLOW_UPS_KEPT) s.followUps.splice(0, s.followUps.length - FOLLOW_UPS_KEPT);
}

/** The state that goes on into the next run: done actions live in the read model only. */
export function trimForNextRun(s: MeasureState): void {
  s.actions = s.actions.filter((a) => a.status === 'open');
}
