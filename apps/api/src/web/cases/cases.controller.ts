import { Controller, Get, Logger, NotFoundException, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  caseViewQuery,
  caseWorkflowId,
  type CaseView,
  measureViewQuery,
  measureWorkflowId,
  type MeasureView,
} from '../../../../../workflows/contract';
import { AccessService } from '../../auth/access.service';
import { RequirePermission } from '../../auth/permissions';
import { CaseOutcomeService } from '../../cases/case-outcome.service';
import { WorkflowCommandsService } from '../../cases/workflow-commands.service';
import { WorkListsService } from '../../work-lists/work-lists.service';
import { layout } from '../layout';
import { Page, type PageContext } from '../page-context';
import { sendPage } from '../send-page';
import { caseListBody, type CaseListFilters, type CaseListItem, caseListTitle } from './case-list.page';
import { CasePageService, type CaseRow } from './case-page.service';
import { caseBody, type CasePageData, caseTitle, type TimelineEvent } from './case.page';

/** Events read for the timeline at most (pages of the oldest-first timeline); the newest of them are shown. */
const TIMELINE_PAGES = 50;
const TIMELINE_PAGE_SIZE = 200;
const TIMELINE_SHOWN = 100;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The case list and the case page (server-rendered; every form posts to the JSON API). */
@ApiExcludeController()
@Controller('app/cases')
export class CasesPageController {
  private readonly log = new Logger(CasesPageController.name);

  constructor(
    private readonly lists: WorkListsService,
    private readonly commands: WorkflowCommandsService,
    private readonly outcomes: CaseOutcomeService,
    private readonly access: AccessService,
    private readonly data: CasePageService,
  ) {}

  @Get()
  @RequirePermission('case:read')
  async list(@Page() ctx: PageContext, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const f: CaseListFilters = {
      phase: str(query.phase),
      overdue: str(query.overdue),
      closed: str(query.closed),
      cursor: str(query.cursor),
    };
    const page = (await this.lists.cases(ctx.me, { ...f, limit: '50' })) as { items: CaseListItem[]; next?: string };
    const [users, teams] = await Promise.all([this.data.userNames(page.items.map((c) => c.coordinatorId)), this.data.teams()]);
    const body = caseListBody(ctx, page, f, { users, teams: new Map(teams.map((x) => [x.id, x.name])) });
    sendPage(res, layout(ctx, caseListTitle(ctx), body, { active: 'cases' }));
  }

  @Get(':caseId')
  @RequirePermission('case:read', { case: 'caseId', audit: 'case.read' })
  async page(@Page() ctx: PageContext, @Res() res: Response, @Param('caseId') caseId: string) {
    const row = await this.data.caseRow(caseId);
    const view = await this.caseView(caseId, row);
    const [measureRows, goals, followUps, actions, partners, teams, intake, timeline] = await Promise.all([
      this.data.measures(caseId),
      this.data.goals(caseId),
      this.data.followUps(caseId),
      this.data.agreedActions(caseId),
      this.data.partnerDepartments(),
      this.data.teams(),
      this.data.intakeTeam(),
      this.timeline(caseId),
    ]);
    // The workflow's measures, and those only the read model still knows (a workflow past its retention).
    const measureIds = [...new Set([...view.measures.map((m) => m.measureId), ...measureRows.map((m) => m.measureId)])];
    const measures = await Promise.all(
      measureIds.map(async (measureId) => ({
        measureId,
        row: measureRows.find((m) => m.measureId === measureId) ?? null,
        view: await this.measureView(measureId),
      })),
    );
    const teamId = view.teamId ?? row?.teamId ?? intake;
    const [mayApprove, leadsTeam, coordinators] = await Promise.all([
      this.access.mayApprove(ctx.me, view.teamId ?? row?.teamId ?? null),
      this.access.leadsTeam(ctx.me, view.teamId ?? row?.teamId ?? null),
      teamId ? this.data.coordinatorsOf(teamId) : Promise.resolve([]),
    ]);
    const scoredGoals = new Map<string, string[]>();
    for (const f of followUps)
      if (f.scores.length)
        scoredGoals.set(
          f.measureId,
          f.scores.map((s) => s.goalId),
        );
    const names = await this.data.userNames([
      view.coordinatorId,
      ...view.decisions.flatMap((d) => [d.proposedBy, d.decidedBy]),
      ...view.openTasks.map((x) => x.assigneeId),
      ...measures.flatMap((m) => m.view?.openTasks.map((x) => x.assigneeId) ?? []),
      ...actions.map((a) => a.owner),
      ...timeline.events.map((e) => e.actor),
    ]);
    const d: CasePageData = {
      caseId,
      view,
      row,
      goals,
      measures,
      partners,
      coordinators,
      teamId,
      mayApprove,
      leadsTeam,
      scoredGoals,
      names,
      teamNames: new Map(teams.map((x) => [x.id, x.name])),
      followUps,
      actions,
      timeline: timeline.events,
      timelineTruncated: timeline.truncated,
    };
    sendPage(res, layout(ctx, caseTitle(ctx, caseId), caseBody(ctx, d), { active: 'cases' }));
  }

  /** The case's state from its workflow; for a case whose workflow is gone, what the read model keeps. */
  private async caseView(caseId: string, row: CaseRow | null): Promise<CaseView> {
    try {
      return await this.commands.query(caseWorkflowId(caseId), caseViewQuery, `case ${caseId}`);
    } catch (err) {
      if (!(err instanceof NotFoundException) || !row) throw err;
      return {
        caseId,
        phase: row.phase as CaseView['phase'],
        policyVersion: row.policyVersion,
        coordinatorId: row.coordinatorId ?? undefined,
        teamId: row.teamId ?? undefined,
        coordinatorChanges: 0,
        reportIds: [],
        receiptsSent: [],
        childConversations: 0,
        decisions: [],
        goalProgress: [],
        measures: [],
        openTasks: [],
        escalationLevel: 0,
        ...(row.closedAt ? { closure: { reason: '', at: row.closedAt.toISOString() } } : {}),
        runs: 0,
      };
    }
  }

  private async measureView(measureId: string): Promise<MeasureView | null> {
    try {
      return await this.commands.query(measureWorkflowId(measureId), measureViewQuery, `measure ${measureId}`);
    } catch (err) {
      // A measure whose workflow is gone still shows from the read model.
      if (err instanceof NotFoundException) return null;
      this.log.warn(`measure view unavailable: ${(err as Error).name}`);
      return null;
    }
  }

  /** The newest events of the case, newest first (the timeline is paged oldest first). */
  private async timeline(caseId: string): Promise<{ events: TimelineEvent[]; truncated: boolean }> {
    const all: TimelineEvent[] = [];
    let cursor: string | undefined;
    let complete = false;
    let seen = 0;
    for (let i = 0; i < TIMELINE_PAGES && !complete; i++) {
      let page: { events: TimelineEvent[]; complete: boolean; next?: string };
      try {
        page = await this.outcomes.timeline(caseId, { cursor, limit: String(TIMELINE_PAGE_SIZE) });
      } catch (err) {
        // A case just opened from a report may not be in the read model yet.
        if (err instanceof NotFoundException) return { events: [], truncated: false };
        throw err;
      }
      all.push(...page.events);
      if (all.length > TIMELINE_SHOWN) all.splice(0, all.length - TIMELINE_SHOWN);
      seen += page.events.length;
      complete = page.complete;
      cursor = page.next;
    }
    return { events: all.reverse(), truncated: !complete || seen > TIMELINE_SHOWN };
  }
}
