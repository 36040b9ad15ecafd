/** What the intake's query answers: where a report went (the API's GET /reports/<reportId>). */
import type { ReportRouting } from '../contract';
import { type IntakeState, routeOf } from './child-intake.state';

export function reportRouting(s: IntakeState, reportId: string): ReportRouting | null {
  return routeOf(s, reportId) ?? null;
}
