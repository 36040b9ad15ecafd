import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../../auth/permissions';
import { NotificationSettingsService } from '../../notifications/notification-settings.service';
import { layout } from '../layout';
import { Page, type PageContext, queryText } from '../page-context';
import { sendPage } from '../send-page';
import { type NotificationSettings, notificationsBody, notificationsTitle, type ToldItem } from './notifications.page';

/**
 * Everyone's own notification page: the choice (immediate mail or a daily digest at a time), saved
 * by PUT /me/notification-settings, and what the person was told, read by the service behind
 * GET /me/notification-settings and GET /me/notifications.
 */
@ApiExcludeController()
@Controller('app/notifications')
export class NotificationsPageController {
  constructor(private readonly notifications: NotificationSettingsService) {}

  @Get()
  @RequirePermission('signed-in')
  async page(@Page() ctx: PageContext, @Res() res: Response, @Query('cursor') cursor?: unknown) {
    const c = queryText(cursor);
    const settings = (await this.notifications.settings(ctx.me)) as NotificationSettings;
    const told = (await this.notifications.told(ctx.me, { cursor: c, limit: 50 })) as { items: ToldItem[]; next: string | null };
    sendPage(res, layout(ctx, notificationsTitle(ctx), notificationsBody(ctx, settings, told, c), { active: 'notifications' }));
  }
}
