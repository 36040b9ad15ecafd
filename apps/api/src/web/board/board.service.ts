import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  caseViewQuery,
  caseWorkflowId,
  type ClockChangeRequestView,
  type DecisionView,
  type HandoverInput,
  type HandoverResult,
  handoverWorkflowId,
  measureViewQuery,
  measureWorkflowId,
} from '../../../../../workflows/contract';
import type { Principal } from '../../auth/principal';
import { WorkflowCommandsService } from '../../cases/workflow-commands.service';
import { isUuid } from '../../common/request-checks';
import { TEMPORAL_CLIENT } from '../../temporal.provider';

/** At most this many cases and measures are asked about the approvals on one board. */
const APPROVAL_DETAILS_MAX = 20;

export interface ApprovalDetail {
  decision?: DecisionView;
  clock?: ClockChangeRequestView;
}

export interface TeamChoice {
  id: string;
  name: string;
}

export interface Person {
  id: string;
  name: string;
}

export type HandoverProgress =
  { handoverId: string; status: 'running' | 'missing' | string } | ({ handoverId: string; status: 'completed' } & HandoverResult);

/** What the board page needs beyond the board itself: names, teams, a clock-change request's id, a handover's progress. */
@Injectable()
export class BoardPageService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly commands: WorkflowCommandsService,
  ) {}

  /** The teams a person may open the board of: every team for the head, the teams they lead otherwise. */
  async teamsFor(me: Principal): Promise<TeamChoice[]> {
    if (me.roles.includes('head-of-department'))
      return (await this.db.query('SELECT id, name FROM teams ORDER BY name, id')) as TeamChoice[];
    return (await this.db.query(
      `SELECT id, name FROM teams WHERE ($2 AND supervisor_id::text = $1) OR deputy_id::text = $1 ORDER BY name, id`,
      [me.userId, me.roles.includes('supervisor')],
    )) as TeamChoice[];
  }

  async teamName(teamId: string): Promise<string | null> {
    const [row] = (await this.db.query('SELECT name FROM teams WHERE id = $1', [teamId])) as { name: string }[];
    return row?.name ?? null;
  }

  /** Display names of staff by id (ids that are not a user's are left out). */
  async names(ids: (string | null | undefined)[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.filter((id): id is string => !!id && isUuid(id)))];
    if (wanted.length === 0) return new Map();
    const rows = (await this.db.query('SELECT id::text AS id, display_name FROM users WHERE id = ANY($1::uuid[])', [wanted])) as {
      id: string;
      display_name: string;
    }[];
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  /** The team's active coordinators, by name: whom a task or a caseload can go to. */
  async coordinators(teamId: string): Promise<Person[]> {
    return (await this.db.query(
      `SELECT id::text AS id, display_name AS name FROM users
        WHERE team_id = $1 AND active AND 'coordinator' = ANY(roles) ORDER BY display_name, id`,
      [teamId],
    )) as Person[];
  }

  /**
   * What each approval on the board is about, from its case's (or measure's) state: the decision
   * (plan or measure, who proposed it), or the clock-change request. One query per workflow, for the
   * first few approvals only (the rest show with a link to their case).
   */
  async approvalDetails(
    items: { taskId: string; kind: string; caseId: string | null; measureId: string | null; subjectId: string | null }[],
  ): Promise<Map<string, ApprovalDetail>> {
    const details = new Map<string, ApprovalDetail>();
    const views = new Map<string, Promise<{ decisions?: DecisionView[]; clockChangeRequests?: ClockChangeRequestView[] } | null>>();
    const view = (kind: 'case' | 'measure', id: string) => {
      const key = `${kind}:${id}`;
      if (!views.has(key)) {
        if (views.size >= APPROVAL_DETAILS_MAX) return Promise.resolve(null);
        const q =
          kind === 'case'
            ? this.commands.query(caseWorkflowId(id), caseViewQuery, `case ${id}`)
            : this.commands.query(measureWorkflowId(id), measureViewQuery, `measure ${id}`);
        // A workflow that does not answer now: the approval is shown with a link to its case instead.
        views.set(
          key,
          q.catch(() => null),
        );
      }
      return views.get(key)!;
    };
    for (const item of items) {
      if (item.kind === 'approval' && item.caseId && item.subjectId) {
        const decision = (await view('case', item.caseId))?.decisions?.find((d) => d.decisionId === item.subjectId);
        if (decision) details.set(item.taskId, { decision });
      } else if (item.kind === 'clock-change-approval') {
        const owner = item.measureId ? view('measure', item.measureId) : item.caseId ? view('case', item.caseId) : Promise.resolve(null);
        const request = (await owner)?.clockChangeRequests?.find((r) => r.approvalTaskId === item.taskId);
        if (request) details.set(item.taskId, { clock: request });
      }
    }
    return details;
  }

  /** How a handover goes (the same answer as GET /handovers/:id). */
  async handover(handoverId: string): Promise<HandoverProgress> {
    if (!isUuid(handoverId)) return { handoverId, status: 'missing' };
    const handle = this.temporal.workflow.getHandle<(i: HandoverInput) => Promise<HandoverResult>>(handoverWorkflowId(handoverId));
    try {
      const d = await handle.describe();
      if (d.status.name === 'RUNNING') return { handoverId, status: 'running' };
      if (d.status.name !== 'COMPLETED') return { handoverId, status: d.status.name.toLowerCase() };
      return { handoverId, status: 'completed', ...(await handle.result()) };
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return { handoverId, status: 'missing' };
      throw err;
    }
  }
}
