import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { isUuid } from '../../common/request-checks';
import { PERMISSION_ROLES, RequirePermission } from '../../auth/permissions';
import { WorkListsService } from '../../work-lists/work-lists.service';
import { layout } from '../layout';
import { Page, type PageContext } from '../page-context';
import { sendPage } from '../send-page';
import { type BoardView, boardBody, boardRegion, boardTitle, chooseBody, chooseTitle } from './board.page';
import { BoardPageService } from './board.service';

/** The supervisor's board: the team's deadlines, escalations, approvals and caseload, live. */
@ApiExcludeController()
@Controller('app')
export class BoardPageController {
  constructor(
    private readonly lists: WorkListsService,
    private readonly pages: BoardPageService,
  ) {}

  /** A supervisor goes to their team's board; the head of department (or a deputy) chooses a team. */
  @Get('board')
  @RequirePermission('case:read')
  async choose(@Page() ctx: PageContext, @Res() res: Response) {
    const { me } = ctx;
    if (me.roles.includes('supervisor') && me.teamId && !me.roles.includes('head-of-department'))
      return res.redirect(303, `/app/teams/${encodeURIComponent(me.teamId)}/board`);
    const teams = await this.pages.teamsFor(me);
    if (teams.length === 1 && !me.roles.includes('head-of-department'))
      return res.redirect(303, `/app/teams/${encodeURIComponent(teams[0].id)}/board`);
    sendPage(res, layout(ctx, chooseTitle(ctx), chooseBody(ctx, teams), { active: 'board' }));
  }

  @Get('teams/:teamId/board')
  @RequirePermission('case:read')
  async board(@Page() ctx: PageContext, @Res() res: Response, @Param('teamId') teamId: string, @Query() query: Record<string, unknown>) {
    const { me } = ctx;
    const handover = typeof query.handover === 'string' && isUuid(query.handover) ? query.handover : undefined;
    // One case's tasks only (to see them on the board and reassign them), when the page is opened from a case.
    const caseId = typeof query.caseId === 'string' && isUuid(query.caseId) ? query.caseId : undefined;
    // Answers 404 for a team out of the person's standing, 403 for a coordinator of the team.
    const board = await this.lists.board(me, teamId, caseId ? { caseId } : {});
    const may = (permission: keyof typeof PERMISSION_ROLES) => PERMISSION_ROLES[permission].some((r) => me.roles.includes(r));
    const [openTasks, coordinators, teamName, progress] = await Promise.all([
      this.lists.teamInbox(me, teamId, { limit: '50', ...(caseId ? { caseId } : {}) }),
      this.pages.coordinators(teamId),
      this.pages.teamName(teamId),
      handover && may('handover:manage') ? this.pages.handover(handover) : Promise.resolve(undefined),
    ]);
    const approvals = await this.pages.approvalDetails(board.approvalQueue.items);
    const items = [
      ...board.overdue.items,
      ...board.escalations.flatMap((l) => l.items),
      ...board.approvalQueue.items,
      ...board.urgencyAssessments.items,
      ...openTasks.items,
    ];
    const names = await this.pages.names([
      ...items.map((i) => i.assignee.userId),
      ...board.caseload.map((c) => c.coordinatorId),
      ...coordinators.map((c) => c.id),
      ...[...approvals.values()].map((a) => a.decision?.proposedBy ?? a.clock?.requestedBy),
    ]);
    const view: BoardView = {
      teamId,
      teamName: teamName ?? teamId,
      board,
      openTasks,
      names,
      coordinators,
      approvals,
      handover: progress,
      caseId,
      mayReassign: may('task:reassign'),
      mayHandover: may('handover:manage'),
    };
    if (ctx.partial) return sendPage(res, boardRegion(ctx, view));
    sendPage(res, layout(ctx, boardTitle(ctx, view.teamName), boardBody(ctx, view), { active: 'board' }));
  }
}
