import { Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { IDEMPOTENCY_HEADER, requireUuid } from '../common/request-checks';
import { pageLimit } from '../work-lists/page-key';
import { PartnerActionsService } from './partner-actions.service';

/**
 * A partner department (jobcenter, school, health, adult social services) sees the actions agreed at
 * follow-up meetings that are assigned to it, and marks them done — nothing else of the case.
 */
@ApiTags('partners')
@Controller('partner/actions')
@RequirePermission('partner:actions')
export class PartnerActionsController {
  constructor(private readonly actions: PartnerActionsService) {}

  @Get()
  @ApiOperation({
    summary:
      "My department's agreed actions (aftalte handlinger), open first, by due time; paged by key (`cursor` = the previous page's `next`, `limit` 1-200)",
  })
  async list(@CurrentUser() me: Principal, @Query('cursor') cursor?: unknown, @Query('limit') limit?: unknown) {
    // 200 when not asked: what the list gave before it was paged.
    const n = limit === undefined ? 200 : pageLimit(limit);
    return this.actions.list(me, { cursor, limit: n });
  }

  @Post(':actionId/done')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'Report an agreed action done' })
  async done(@Param('actionId') actionId: string, @CurrentUser() me: Principal, @Headers('idempotency-key') key?: string) {
    requireUuid(actionId, 'actionId');
    return this.actions.done(actionId, me, key);
  }
}
