import { randomUUID } from 'node:crypto';
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { familyViewQuery, familyWorkflowId } from '../../../../../workflows/contract';
import { RequirePermission } from '../../auth/permissions';
import { WorkflowCommandsService } from '../../cases/workflow-commands.service';
import { layout } from '../layout';
import { Page, type PageContext } from '../page-context';
import { sendPage } from '../send-page';
import { familyBody, familyTitle } from './family.page';
import { FamilyPageService } from './family.service';

/** A family (the household around one or more child cases): its contact person, cases, inquiries and appointments. */
@ApiExcludeController()
@Controller('app/families')
export class FamilyPageController {
  constructor(
    private readonly commands: WorkflowCommandsService,
    private readonly pages: FamilyPageService,
  ) {}

  @Get(':familyId')
  @RequirePermission('family:read', { family: 'familyId', audit: 'family.read' })
  async family(@Page() ctx: PageContext, @Res() res: Response, @Param('familyId') familyId: string) {
    const family = await this.commands.query(familyWorkflowId(familyId), familyViewQuery, `family ${familyId}`);
    const [names, teamName, cases] = await Promise.all([
      this.pages.names([family.coordinatorId, family.deputyId]),
      this.pages.teamName(family.teamId),
      this.pages.cases(family.childCaseIds),
    ]);
    const body = familyBody(ctx, { family, names, teamName, cases, newAppointmentId: randomUUID() });
    sendPage(res, layout(ctx, familyTitle(ctx, familyId), body, { active: 'cases' }));
  }
}
