import {
  BadRequestException,
  ConflictException,
  Controller,
  ForbiddenException,
  Headers,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { v5 as uuidv5 } from 'uuid';
import type { z } from 'zod';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { POLICIES } from '../../../../libs/policy/case-policy';
import { createFamilySchema, registerInquirySchema } from '../../../../workflows/command-schemas';
import {
  familyViewQuery,
  familyWorkflowId,
  type FamilyWorkflowInput,
  inquiryReceivedSignal,
  MAX_OPEN_INQUIRIES,
  setFamilyCoordinatorUpdate,
} from '../../../../workflows/contract';
import { AccessService } from '../auth/access.service';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { withoutActor } from '../cases/commands';
import { WorkflowCommandsService } from '../cases/workflow-commands.service';
import { TemporalGateway } from '../temporal/temporal.gateway';
import { IDEMPOTENCY_HEADER } from '../common/request-checks';
import { ValidBody } from '../common/valid-body.decorator';

// Fixed namespaces for name-based UUIDs: the same Idempotency-Key always maps to the same family or inquiry.
const FAMILY_NAMESPACE = '3b8f1c2e-7d4a-4e9b-a6c5-1f2e3d4c5b6a';
const INQUIRY_NAMESPACE = '9c7e5a3b-1d2f-4a6b-8e9c-0a1b2c3d4e5f';

/** What a person sends to register a family: who registers it is the signed-in person. */
const createFamilyBody = withoutActor(createFamilySchema);
type CreateFamilyBody = z.infer<typeof createFamilyBody>;
type InquiryBody = z.infer<typeof registerInquirySchema>;

/** Families (the household around one or more child cases): registering one, and the inquiries it sends. */
@ApiTags('families')
@Controller('families')
export class FamiliesController {
  constructor(
    private readonly temporal: TemporalGateway,
    @Inject(CONFIG) private readonly config: Config,
    private readonly commands: WorkflowCommandsService,
    private readonly access: AccessService,
  ) {}

  @Post()
  @HttpCode(201)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @RequirePermission('family:create')
  @ApiCreatedResponse({ description: 'The family, with its one contact person when one was given' })
  @ApiOperation({ summary: 'Register a family; with coordinatorId and teamId it gets its contact person at once' })
  async create(
    @ValidBody(createFamilyBody) cmd: CreateFamilyBody,
    @CurrentUser() me: Principal,
    @Headers('idempotency-key') header?: string,
  ) {
    // Checked before the family is started: a refused request leaves no family behind.
    if (!cmd.coordinatorId !== !cmd.teamId)
      throw new BadRequestException({ statusCode: 400, error: 'InvalidCommand', message: 'coordinatorId and teamId go together' });
    if (cmd.coordinatorId && cmd.teamId) {
      // A coordinator registers a family as its own contact person; anyone else is assigned by the team's lead.
      if (cmd.coordinatorId !== me.userId && !(await this.access.leadsTeam(me, cmd.teamId)))
        throw new ForbiddenException("a family's contact person other than yourself is assigned by the team's supervisor or the head");
      await this.access.requireCoordinatorOf(cmd.coordinatorId, cmd.teamId, 'coordinatorId');
    }
    const key = this.commands.idempotencyKey(header);
    const familyId = uuidv5(key, FAMILY_NAMESPACE);
    const workflowId = familyWorkflowId(familyId);
    const input: FamilyWorkflowInput = { familyId, policy: POLICIES[this.config.casePolicyVersion] };
    await this.temporal.start('familyWorkflow', workflowId, input);
    if (cmd.coordinatorId && cmd.teamId) {
      await this.temporal.update(
        workflowId,
        setFamilyCoordinatorUpdate,
        {
          actor: me.userId,
          coordinatorId: cmd.coordinatorId,
          teamId: cmd.teamId,
          ...(cmd.deputyId ? { deputyId: cmd.deputyId } : {}),
          ...(cmd.contactEmail ? { contactEmail: cmd.contactEmail } : {}),
        },
        `${key}:contact`,
        `family ${familyId}`,
      );
    }
    const state = await this.commands.query(workflowId, familyViewQuery, `family ${familyId}`);
    return { ...state, familyId, workflowId };
  }

  @Post(':familyId/inquiries')
  @HttpCode(202)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @RequirePermission('family:write', { family: 'familyId', audit: 'family.inquiry' })
  @ApiAcceptedResponse({ description: 'The inquiry is registered; it is due by the end of the next weekday' })
  @ApiOperation({ summary: 'Register an inquiry (henvendelse) from the family: phone, SMS, email or letter' })
  async registerInquiry(
    @Param('familyId') familyId: string,
    @ValidBody(registerInquirySchema) { channel, receivedAt }: InquiryBody,
    @Headers('idempotency-key') header?: string,
  ) {
    const key = this.commands.idempotencyKey(header);
    const workflowId = familyWorkflowId(familyId);
    if ((await this.commands.status(workflowId)) !== 'running') throw new NotFoundException(`family ${familyId} was not found`);
    const family = await this.commands.query(workflowId, familyViewQuery, `family ${familyId}`);
    if (family.inquiries.filter((i) => !i.answeredAt).length >= MAX_OPEN_INQUIRIES)
      throw new ConflictException({
        statusCode: 409,
        error: 'WrongPhase',
        message: `the family has ${MAX_OPEN_INQUIRIES} unanswered inquiries: answer some first`,
      });
    const inquiryId = uuidv5(`${familyId}:${key}`, INQUIRY_NAMESPACE);
    const now = new Date().toISOString();
    // A time in the future is taken as now: the clock cannot start later than the inquiry arrived.
    const at = receivedAt && Date.parse(receivedAt) < Date.parse(now) ? new Date(receivedAt).toISOString() : now;
    await this.temporal.signal(workflowId, inquiryReceivedSignal, { inquiryId, channel, receivedAt: at });
    return { familyId, inquiryId, channel, receivedAt: at };
  }
}
