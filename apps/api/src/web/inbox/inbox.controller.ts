import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../../auth/permissions';
import { WorkListsService } from '../../work-lists/work-lists.service';
import { layout } from '../layout';
import { Page, type PageContext, queryText } from '../page-context';
import { sendPage } from '../send-page';
import { inboxBody, inboxRegion, inboxTitle } from './inbox.page';

/** The coordinator's inbox page: the same list as GET /inbox, live. */
@ApiExcludeController()
@Controller('app/inbox')
export class InboxPageController {
  constructor(private readonly lists: WorkListsService) {}

  @Get()
  @RequirePermission('case:read')
  async inbox(@Page() ctx: PageContext, @Res() res: Response, @Query() query: Record<string, unknown>) {
    const f = {
      kind: queryText(query.kind),
      state: queryText(query.state),
      cursor: queryText(query.cursor),
      caseId: queryText(query.caseId),
    };
    const page = await this.lists.myInbox(ctx.me, { ...f, limit: '50' });
    if (ctx.partial) return sendPage(res, inboxRegion(ctx, page, f));
    sendPage(res, layout(ctx, inboxTitle(ctx), inboxBody(ctx, page, f), { active: 'inbox' }));
  }
}
