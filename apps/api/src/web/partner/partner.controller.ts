import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../../auth/permissions';
import { PartnerActionsService } from '../../partners/partner-actions.service';
import { layout } from '../layout';
import { Page, type PageContext, queryText } from '../page-context';
import { sendPage } from '../send-page';
import { partnerBody, partnerTitle } from './partner.page';

/**
 * A partner's page: their department's agreed actions (aftalte handlinger), the same list as
 * GET /partner/actions (read by that endpoint's own service), and a button that posts to
 * POST /partner/actions/:actionId/done. Nothing else of the case.
 */
@ApiExcludeController()
@Controller('app/partner')
export class PartnerPageController {
  constructor(private readonly actions: PartnerActionsService) {}

  @Get()
  @RequirePermission('partner:actions')
  async partner(@Page() ctx: PageContext, @Res() res: Response, @Query('cursor') cursor?: unknown) {
    const c = queryText(cursor);
    const page = await this.actions.list(ctx.me, { cursor: c, limit: 50 });
    sendPage(res, layout(ctx, partnerTitle(ctx), partnerBody(ctx, page, c), { active: 'partner' }));
  }
}
