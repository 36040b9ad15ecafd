import { Injectable } from '@nestjs/common';
import { CaseEventsRepository } from '../../../../../libs/read-model/case-events.repository';
import { type Named, OrganisationRepository } from '../../../../../libs/read-model/organisation.repository';
import type { ClockChangeRequestView, DecisionView } from '../../../../../workflows/contract';
import type { Principal } from '../../auth/principal';
import { type HandoverProgress, TemporalGateway } from '../../temporal/temporal.gateway';

export interface ApprovalDetail {
  decision?: DecisionView;
  clock?: ClockChangeRequestView;
}

export type TeamChoice = Named;
export type Person = Named;

export type { HandoverProgress };

/** What the board page needs beyond the board itself: names, teams, a clock-change request's id, a handover's progress. */
@Injectable()
export class BoardPageService {
  constructor(
    private readonly organisation: OrganisationRepository,
    private readonly events: CaseEventsRepository,
    private readonly temporal: TemporalGateway,
  ) {}

  /** The teams a person may open the board of: every team for the head, the teams they lead otherwise. */
  async teamsFor(me: Principal): Promise<TeamChoice[]> {
    if (me.roles.includes('head-of-department')) return this.organisation.teamNames();
    return this.organisation.teamsLedAs(me.userId, me.roles.includes('supervisor'));
  }

  teamName(teamId: string): Promise<string | null> {
    return this.organisation.teamName(teamId);
  }

  /** Display names of staff by id (ids that are not a user's are left out). */
  names(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    return this.organisation.names(ids);
  }

  /** The team's active coordinators, by name: whom a task or a caseload can go to. */
  coordinators(teamId: string): Promise<Person[]> {
    return this.organisation.coordinatorsOf(teamId);
  }

  /**
   * What each approval on the board is about, from the read model's fact log (never by asking the
   * workflows, which may be busy or without a worker): the decision it decides (plan or measure,
   * who proposed it, when), or the clock-change request (which task, pause or extension, until when).
   */
  async approvalDetails(
    items: { taskId: string; kind: string; caseId: string | null; measureId: string | null; subjectId: string | null }[],
  ): Promise<Map<string, ApprovalDetail>> {
    const details = new Map<string, ApprovalDetail>();
    const caseIds = [...new Set(items.map((i) => i.caseId).filter((id): id is string => !!id))];
    if (caseIds.length === 0) return details;
    // By case (the events' case index), then the few proposal and request events among them.
    const rows = await this.events.approvalSubjects(caseIds);
    const decisions = new Map<string, DecisionView>();
    const requests = new Map<string, ClockChangeRequestView>();
    for (const r of rows) {
      const at = new Date(r.occurred_at).toISOString();
      if (r.type === 'task.clock-change-requested' && typeof r.data.approvalTaskId === 'string')
        requests.set(r.data.approvalTaskId, {
          requestId: String(r.data.requestId),
          taskId: String(r.data.taskId),
          change: r.data.change as ClockChangeRequestView['change'],
          until: String(r.data.until),
          reasonKind: r.data.reasonKind as ClockChangeRequestView['reasonKind'],
          requestedBy: r.actor,
          requestedAt: at,
          approvalTaskId: r.data.approvalTaskId,
        });
      else if (typeof r.data.decisionId === 'string')
        decisions.set(r.data.decisionId, {
          decisionId: r.data.decisionId,
          kind: r.type === 'plan.submitted' ? 'plan' : 'measure',
          status: 'pending',
          proposedBy: r.actor,
          proposedAt: at,
        });
    }
    for (const item of items) {
      const decision = item.kind === 'approval' && item.subjectId ? decisions.get(item.subjectId) : undefined;
      if (decision) details.set(item.taskId, { decision });
      const clock = item.kind === 'clock-change-approval' ? requests.get(item.taskId) : undefined;
      if (clock) details.set(item.taskId, { clock });
    }
    return details;
  }

  /** How a handover goes (the same answer as GET /handovers/:id). */
  async handover(handoverId: string): Promise<HandoverProgress> {
    return this.temporal.handover(handoverId);
  }
}
