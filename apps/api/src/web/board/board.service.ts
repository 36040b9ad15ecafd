import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import {
  caseViewQuery,
  caseWorkflowId,
  type ClockChangeRequestView,
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

  /** The request a clock-change approval task decides, from the case's or the measure's state. */
  async clockChangeRequest(task: {
    taskId: string;
    caseId: string | null;
    measureId: string | null;
  }): Promise<ClockChangeRequestView | null> {
    try {
      const requests = task.measureId
        ? (await this.commands.query(measureWorkflowId(task.measureId), measureViewQuery, `measure ${task.measureId}`)).clockChangeRequests
        : task.caseId
          ? (await this.commands.query(caseWorkflowId(task.caseId), caseViewQuery, `case ${task.caseId}`)).clockChangeRequests
          : undefined;
      return requests?.find((r) => r.approvalTaskId === task.taskId) ?? null;
    } catch {
      // A workflow that does not answer now: the approval is shown with a link to its case instead.
      return null;
    }
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
