import {
  applyDecorators,
  BadRequestException,
  Controller,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  caseViewQuery,
  caseWorkflowId,
  COMMAND_ROUTES,
  COMMANDS,
  familyViewQuery,
  familyWorkflowId,
  measureViewQuery,
  measureWorkflowId,
} from '../../../../workflows/contract';
import type { GuardedRequest } from '../auth/access.guard';
import { AccessService } from '../auth/access.service';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { IDEMPOTENCY_HEADER } from '../common/request-checks';
import { type BodyChoice, ValidBody } from '../common/valid-body.decorator';
import { CaseOutcomeService } from './case-outcome.service';
import { CASE_COMMANDS, type CommandSpec, FAMILY_COMMANDS, MEASURE_COMMANDS } from './commands';
import { WorkflowCommandsService } from './workflow-commands.service';

/** A command's body, chosen by the command's name in the path (404 for a name not in the registry's table). */
const commandBody = (table: Record<string, CommandSpec>): BodyChoice => ({ param: 'command', bodies: table });

/** What every command route answers (each command is published under its own path: ValidBody). */
const CommandRoute = (idParam: string) =>
  applyDecorators(
    HttpCode(200),
    ApiHeader(IDEMPOTENCY_HEADER),
    ApiParam({ name: idParam, format: 'uuid' }),
    ApiOkResponse({ description: 'Applied: the current state, with `result` saying what the command changed' }),
    ApiBadRequestResponse({ description: 'Bad data: the message names the field' }),
    ApiNotFoundResponse({ description: 'No such case, measure or family' }),
    ApiConflictResponse({ description: 'Not allowed in the current state: the message says why' }),
  );

const ACCESS_REASON = {
  name: 'X-Access-Reason',
  required: false,
  description: "Why you open a colleague's case without a registered absence (recorded and shown to your supervisor)",
};

/**
 * Thin HTTP access to the workflows: the current state (a query) and the commands (updates), as the
 * signed-in person. The guard has checked the person's reach to the case and recorded the use in the
 * audit trail; each command's body is checked against its schema (published in OpenAPI per command)
 * and again by the workflow with the case's rules: 400 (bad data, naming the field) or 409 (not
 * allowed in the current state).
 */
@ApiTags('cases')
@ApiHeader(ACCESS_REASON)
@Controller()
export class CasesController {
  constructor(
    private readonly commands: WorkflowCommandsService,
    private readonly outcomes: CaseOutcomeService,
    private readonly access: AccessService,
  ) {}

  @Get('cases/:caseId')
  @RequirePermission('case:read', { case: 'caseId', audit: 'case.read' })
  @ApiOperation({ summary: 'The current state of a child case (børnesag)' })
  getCase(@Param('caseId') caseId: string) {
    return this.commands.query(caseWorkflowId(caseId), caseViewQuery, `case ${caseId}`);
  }

  @Get('cases/:caseId/outcome')
  @RequirePermission('case:read', { case: 'caseId', audit: 'case.outcome' })
  @ApiOperation({ summary: 'The outcome snapshot of a closed case: reason, measures, goal progress, coordinator changes' })
  getOutcome(@Param('caseId') caseId: string) {
    return this.outcomes.outcome(caseId);
  }

  @Get('cases/:caseId/timeline')
  @RequirePermission('case:read', { case: 'caseId', audit: 'case.timeline' })
  @ApiOperation({
    summary:
      "The case timeline: the recorded events, oldest first, a page at a time (`cursor` = the previous page's `next`; `limit` 1-200)",
  })
  timeline(@Param('caseId') caseId: string, @Query('cursor') cursor?: unknown, @Query('limit') limit?: unknown) {
    return this.outcomes.timeline(caseId, { cursor, limit });
  }

  @Post('cases/:caseId/commands/:command')
  @CommandRoute('caseId')
  @RequirePermission(COMMAND_ROUTES.case.permission, { case: 'caseId', audit: COMMAND_ROUTES.case.audit })
  @ApiOperation({ summary: 'A command on a case (each command and its body are listed under its own path)' })
  async caseCommand(
    @Param('caseId') caseId: string,
    @Param('command') command: string,
    @ValidBody(commandBody(CASE_COMMANDS)) body: object,
    @CurrentUser() me: Principal,
    @Req() req: GuardedRequest,
    @Headers('idempotency-key') key?: string,
  ) {
    const spec = known(CASE_COMMANDS, command);
    await this.checkSender(me, req.caseAccess!.teamId, spec, body);
    return this.commands.execute(
      caseWorkflowId(caseId),
      spec,
      body,
      me.userId,
      this.commands.idempotencyKey(key),
      `case ${caseId}`,
      caseViewQuery,
    );
  }

  @Get('measures/:measureId')
  @RequirePermission('case:read', { measure: 'measureId', audit: 'measure.read' })
  @ApiOperation({ summary: 'The current state of a measure (foranstaltning)' })
  getMeasure(@Param('measureId') measureId: string) {
    return this.commands.query(measureWorkflowId(measureId), measureViewQuery, `measure ${measureId}`);
  }

  @Post('measures/:measureId/commands/:command')
  @CommandRoute('measureId')
  @RequirePermission(COMMAND_ROUTES.measure.permission, { measure: 'measureId', audit: COMMAND_ROUTES.measure.audit })
  @ApiOperation({ summary: 'A command on a measure (each command and its body are listed under its own path)' })
  async measureCommand(
    @Param('measureId') measureId: string,
    @Param('command') command: string,
    @ValidBody(commandBody(MEASURE_COMMANDS)) body: object,
    @CurrentUser() me: Principal,
    @Req() req: GuardedRequest,
    @Headers('idempotency-key') key?: string,
  ) {
    const spec = known(MEASURE_COMMANDS, command);
    await this.checkSender(me, req.caseAccess?.teamId ?? null, spec, body);
    return this.commands.execute(
      measureWorkflowId(measureId),
      spec,
      body,
      me.userId,
      this.commands.idempotencyKey(key),
      `measure ${measureId}`,
      measureViewQuery,
    );
  }

  @Get('families/:familyId')
  @RequirePermission('family:read', { family: 'familyId', audit: 'family.read' })
  @ApiOperation({ summary: 'The current state of a family' })
  getFamily(@Param('familyId') familyId: string) {
    return this.commands.query(familyWorkflowId(familyId), familyViewQuery, `family ${familyId}`);
  }

  @Post('families/:familyId/commands/:command')
  @CommandRoute('familyId')
  @RequirePermission(COMMAND_ROUTES.family.permission, { family: 'familyId', audit: COMMAND_ROUTES.family.audit })
  @ApiOperation({ summary: 'A command on a family (each command and its body are listed under its own path)' })
  async familyCommand(
    @Param('familyId') familyId: string,
    @Param('command') command: string,
    @ValidBody(commandBody(FAMILY_COMMANDS)) body: object,
    @CurrentUser() me: Principal,
    @Req() req: GuardedRequest,
    @Headers('idempotency-key') key?: string,
  ) {
    const spec = known(FAMILY_COMMANDS, command);
    const idempotencyKey = this.commands.idempotencyKey(key);
    await this.checkSender(me, req.caseAccess!.teamId, spec, body);
    if (spec.command === COMMANDS.linkChildCase) {
      // A reference that must exist and that the person reaches: the case is a real one, not any UUID.
      const { caseId } = body as { caseId: string };
      const reach = (await this.access.toCase(me, caseId)).reach;
      if (reach === 'none' || reach === 'colleague' || (await this.commands.status(caseWorkflowId(caseId))) === 'missing')
        throw new BadRequestException({ statusCode: 400, error: 'InvalidCommand', message: `caseId ${caseId} is not a known case` });
    }
    return this.commands.execute(familyWorkflowId(familyId), spec, body, me.userId, idempotencyKey, `family ${familyId}`, familyViewQuery);
  }

  /** Who alone may send the command, beyond the route's permission (the registry's `only`); `teamId` holds the case or family now. */
  private async checkSender(me: Principal, teamId: string | null, spec: CommandSpec, body: object): Promise<void> {
    // Four eyes on identities: the workflow refuses the person who asked; only a supervisor of the case's team or the head approves.
    if (spec.command.only === 'approver' && !(await this.access.mayApprove(me, teamId)))
      throw new ForbiddenException(
        `only a supervisor of the case's team, or the head of department, approves ${spec.command.approves} (four eyes)`,
      );
    if (spec.command.only === 'team-lead') await this.checkAssignment(me, teamId, body);
  }

  /** Who holds a case or family is decided by the team's lead, and only a coordinator of that team can hold it. */
  private async checkAssignment(me: Principal, currentTeamId: string | null, body: object): Promise<void> {
    // The lead of the team that holds it now (for a new report: the intake team's) may give it to any team.
    if (!(await this.access.leadsTeam(me, currentTeamId)))
      throw new ForbiddenException("a coordinator is assigned by the team's supervisor or the head of department");
    // The body's form is checked (ValidBody): the refusal below quotes the ids, bounded ones.
    const { coordinatorId, teamId } = body as { coordinatorId: string; teamId: string };
    await this.access.requireCoordinatorOf(coordinatorId, teamId, 'coordinatorId');
  }
}

function known(table: Record<string, CommandSpec>, command: string): CommandSpec {
  const found = Object.prototype.hasOwnProperty.call(table, command) ? table[command] : undefined;
  if (!found) throw new NotFoundException(`unknown command "${command}"; known: ${Object.keys(table).join(', ')}`);
  return found;
}
