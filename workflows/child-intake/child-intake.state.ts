/**
 * What a child's intake workflow knows: the child's open case, the reports waiting to be forwarded
 * and where each recent report went. Plain data (it holds reports: personal data, encrypted by the
 * codec), carried whole through continue-as-new. Pure: a new case id comes from the caller.
 */
import type { CasePolicy } from '../../libs/policy/case-policy';
import type { ReportOfConcern, ReportRouting } from '../contract';

/** Report ids remembered to drop a resent report and to tell the API where a report went. */
export const REMEMBERED_REPORTS = 1000;
/** Closed cases remembered, so a late word from one of them cannot touch the open case. */
export const REMEMBERED_CLOSED_CASES = 50;

export interface IntakeState {
  childId: string;
  /** The policy of the latest report: a new case starts on it. */
  policy?: CasePolicy;
  /** The child's open case; `started` once its workflow runs. */
  openCase?: { caseId: string; started: boolean };
  /** Reports to forward, oldest first. */
  queue: ReportOfConcern[];
  /** Where each recent report was sent (newest last, bounded). */
  routes: ReportRouting[];
  closedCaseIds: string[];
  casesOpened: number;
  runs: number;
}

export function newIntakeState(childId: string): IntakeState {
  return { childId, queue: [], routes: [], closedCaseIds: [], casesOpened: 0, runs: 0 };
}

/** The child's open case, deciding a new one (its id from `newCaseId`) when there is none. */
export function openCaseId(s: IntakeState, newCaseId: () => string): string {
  s.openCase ??= { caseId: newCaseId(), started: false };
  return s.openCase.caseId;
}

export function isQueued(s: IntakeState, reportId: string): boolean {
  return s.queue.some((r) => r.reportId === reportId);
}

export function routeOf(s: IntakeState, reportId: string): ReportRouting | undefined {
  return s.routes.find((r) => r.reportId === reportId);
}

export function route(s: IntakeState, reportId: string, caseId: string): void {
  const known = routeOf(s, reportId);
  if (known) {
    known.caseId = caseId;
    return;
  }
  s.routes.push({ reportId, caseId });
  if (s.routes.length > REMEMBERED_REPORTS) s.routes.shift();
}

/** A case closed (or is gone): reports still waiting for it go to the child's next case. */
export function caseGone(s: IntakeState, caseId: string, newCaseId: () => string): void {
  if (!s.closedCaseIds.includes(caseId)) {
    s.closedCaseIds.push(caseId);
    if (s.closedCaseIds.length > REMEMBERED_CLOSED_CASES) s.closedCaseIds.shift();
  }
  if (s.openCase?.caseId !== caseId) return;
  s.openCase = undefined;
  for (const r of s.queue) route(s, r.reportId, openCaseId(s, newCaseId));
}

/** A report handed back by a closing case: queued again in the order the reports were received. */
export function requeueReturned(s: IntakeState, report: ReportOfConcern): void {
  const at = s.queue.findIndex((r) => r.receivedAt > report.receivedAt);
  s.queue.splice(at < 0 ? s.queue.length : at, 0, report);
}
