import {
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { v5 as uuidv5 } from 'uuid';
import type { z } from 'zod';
import { startHandoverSchema } from '../../../../workflows/command-schemas';
import { type HandoverInput, handoverWorkflowId } from '../../../../workflows/contract';
import { AccessService } from '../auth/access.service';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { withoutActor } from '../cases/commands';
import { WorkflowCommandsService } from '../cases/workflow-commands.service';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { IDEMPOTENCY_HEADER } from '../common/request-checks';
import { ValidBody } from '../common/valid-body.decorator';

const HANDOVER_NAMESPACE = '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c';

const startHandoverBody = withoutActor(startHandoverSchema);
type HandoverBody = z.infer<typeof startHandoverBody>;

/**
 * A coordinator leaves or is away for long: every family and lone case they hold moves to another
 * coordinator, durably (a handover workflow). Cases that cannot move (a full caseload, a closed case)
 * are reported as refused, and stay visible here and on the family.
 */
@ApiTags('handovers')
@Controller('handovers')
export class HandoversController {
  constructor(
    private readonly temporal: TemporalGateway,
    private readonly commands: WorkflowCommandsService,
    private readonly access: AccessService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @RequirePermission('handover:manage')
  @ApiAcceptedResponse({ description: 'The handover runs; follow it at statusUrl' })
  @ApiOperation({
    summary:
      'Hand every family and case of a coordinator (or only those named in caseIds/familyIds) to another, with their open tasks (sick leave, a coordinator leaving)',
  })
  async start(@ValidBody(startHandoverBody) cmd: HandoverBody, @CurrentUser() me: Principal, @Headers('idempotency-key') header?: string) {
    if (cmd.fromCoordinatorId === cmd.toCoordinatorId)
      throw new BadRequestException({
        statusCode: 400,
        error: 'InvalidCommand',
        message: 'toCoordinatorId must differ from fromCoordinatorId',
      });
    if (!(await this.access.leadsTeam(me, cmd.teamId))) throw new ForbiddenException(`teamId ${cmd.teamId} is not a team you lead`);
    // The caseload handed over is a team's the actor leads too (the coordinator may have left it since: their last team counts).
    if (!(await this.access.leadsTeamOf(me, cmd.fromCoordinatorId)))
      throw new ForbiddenException(`fromCoordinatorId ${cmd.fromCoordinatorId} is not a coordinator of a team you lead`);
    await this.access.requireCoordinatorOf(cmd.toCoordinatorId, cmd.teamId, 'toCoordinatorId');
    const handoverId = uuidv5(this.commands.idempotencyKey(header), HANDOVER_NAMESPACE);
    const input: HandoverInput = { handoverId, ...cmd, actor: me.userId };
    await this.temporal.start('handoverWorkflow', handoverWorkflowId(handoverId), input);
    return { handoverId, workflowId: handoverWorkflowId(handoverId), statusUrl: `/handovers/${handoverId}` };
  }

  @Get(':handoverId')
  @RequirePermission('handover:manage')
  @ApiOperation({ summary: 'How a handover went: families and cases moved, and the ones refused with the reason' })
  async status(@Param('handoverId') handoverId: string) {
    this.commands.requireId(handoverId, 'handoverId');
    const progress = await this.temporal.handover(handoverId);
    if (progress.status === 'missing') throw new NotFoundException(`handover ${handoverId} was not found`);
    return progress;
  }
}
