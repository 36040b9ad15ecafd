import { BadRequestException, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { DIGEST_TIME, NOTIFICATION_MODES } from '../../../../libs/notifications/notification-rules';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { ValidBody } from '../common/valid-body.decorator';
import { NotificationSettingsService } from './notification-settings.service';

const settingsSchema = z.strictObject({
  mode: z.enum(NOTIFICATION_MODES as [string, ...string[]]),
  digestTime: z.string().regex(DIGEST_TIME, 'must be HH:MM (00:00-23:59), Danish time').optional(),
});

/**
 * A person's own notification choice (each step by mail at once, or one digest a day at a chosen
 * time) and the steps they have been told of. Everyone signed in has their own, and only their own.
 */
@ApiTags('notifications')
@Controller('me')
export class NotificationSettingsController {
  constructor(private readonly notifications: NotificationSettingsService) {}

  @Get('notification-settings')
  @RequirePermission('signed-in')
  @ApiOperation({ summary: 'How I hear of my tasks: immediate mail or a daily digest, and what always goes at once' })
  async settings(@CurrentUser() me: Principal) {
    return this.notifications.settings(me);
  }

  @Put('notification-settings')
  @RequirePermission('signed-in')
  @ApiOperation({
    summary: 'Choose immediate mail or a daily digest at a time (HH:MM, Danish time)',
    description: 'Escalations to a supervisor or head of department and the 24-hour clock always go at once.',
  })
  @ApiBadRequestResponse({ description: 'mode or digestTime is wrong; the message names the field' })
  async choose(@CurrentUser() me: Principal, @ValidBody(settingsSchema) choice: z.infer<typeof settingsSchema>) {
    return this.notifications.choose(me, choice);
  }

  @Get('notifications')
  @RequirePermission('signed-in')
  @ApiOperation({ summary: 'The task steps I have been told of, newest first (ids and kinds only), key-paged' })
  @ApiOkResponse({ description: '{ items, next }: pass `next` as `cursor` for the following page' })
  async told(@CurrentUser() me: Principal, @Query('cursor') cursor?: string, @Query('limit') limitText?: string) {
    const limit = limitText === undefined ? 50 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new BadRequestException('limit must be a whole number from 1 to 200');
    return this.notifications.told(me, { cursor, limit });
  }
}
