import { BadRequestException, Body, Controller, Get, Headers, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  caseViewQuery,
  caseWorkflowId,
  familyViewQuery,
  familyWorkflowId,
  measureViewQuery,
  measureWorkflowId,
} from '../../../../workflows/contract';
import { CASE_COMMANDS, type CommandSpec, FAMILY_COMMANDS, MEASURE_COMMANDS } from './commands';
import { CaseOutcomeService } from './case-outcome.service';
import { WorkflowCommandsService } from './workflow-commands.service';
import { IDEMPOTENCY_HEADER } from '../common/request-checks';

/**
 * Thin HTTP access to the workflows: the current state (a query) and the commands (updates).
 * Each command's body is checked against its schema (published in OpenAPI per command), and the
 * workflow checks it again with the case's rules; a refusal comes back as 400 (bad data, naming the
 * field) or 409 (not allowed in the current state). Roles and the audit of reads come with the
 * people's side.
 */
@ApiTags('cases')
@Controller()
export class CasesController {
  constructor(
    private readonly commands: WorkflowCommandsService,
    private readonly outcomes: CaseOutcomeService,
  ) {}

  @Get('cases/:caseId')
  @ApiOperation({ summary: 'The current state of a child case (børnesag)' })
  getCase(@Param('caseId') caseId: string) {
    this.commands.requireId(caseId, 'caseId');
    return this.commands.query(caseWorkflowId(caseId), caseViewQuery, `case ${caseId}`);
  }

  @Get('cases/:caseId/outcome')
  @ApiOperation({ summary: 'The outcome snapshot of a closed case: reason, measures, goal progress, coordinator changes' })
  getOutcome(@Param('caseId') caseId: string) {
    this.commands.requireId(caseId, 'caseId');
    return this.outcomes.outcome(caseId);
  }

  @Post('cases/:caseId/commands/:command')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'A command on a case (each command and its body are listed under its own path)' })
  async caseCommand(
    @Param('caseId') caseId: string,
    @Param('command') command: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key?: string,
  ) {
    this.commands.requireId(caseId, 'caseId');
    const spec = known(CASE_COMMANDS, command);
    return this.commands.execute(caseWorkflowId(caseId), spec, body, this.commands.idempotencyKey(key), `case ${caseId}`, caseViewQuery);
  }

  @Get('measures/:measureId')
  @ApiOperation({ summary: 'The current state of a measure (foranstaltning)' })
  getMeasure(@Param('measureId') measureId: string) {
    this.commands.requireId(measureId, 'measureId');
    return this.commands.query(measureWorkflowId(measureId), measureViewQuery, `measure ${measureId}`);
  }

  @Post('measures/:measureId/commands/:command')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'A command on a measure (each command and its body are listed under its own path)' })
  measureCommand(
    @Param('measureId') measureId: string,
    @Param('command') command: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key?: string,
  ) {
    this.commands.requireId(measureId, 'measureId');
    const spec = known(MEASURE_COMMANDS, command);
    return this.commands.execute(
      measureWorkflowId(measureId),
      spec,
      body,
      this.commands.idempotencyKey(key),
      `measure ${measureId}`,
      measureViewQuery,
    );
  }

  @Get('families/:familyId')
  @ApiOperation({ summary: 'The current state of a family' })
  getFamily(@Param('familyId') familyId: string) {
    this.commands.requireId(familyId, 'familyId');
    return this.commands.query(familyWorkflowId(familyId), familyViewQuery, `family ${familyId}`);
  }

  @Post('families/:familyId/commands/:command')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiOperation({ summary: 'A command on a family (each command and its body are listed under its own path)' })
  async familyCommand(
    @Param('familyId') familyId: string,
    @Param('command') command: string,
    @Body() body: unknown,
    @Headers('idempotency-key') key?: string,
  ) {
    this.commands.requireId(familyId, 'familyId');
    const spec = known(FAMILY_COMMANDS, command);
    const idempotencyKey = this.commands.idempotencyKey(key);
    if (command === 'link-child-case') {
      // A reference that must exist: the case is a real one, not any UUID.
      const { caseId } = this.commands.parse(spec.schema, body) as { caseId: string };
      if ((await this.commands.status(caseWorkflowId(caseId))) === 'missing')
        throw new BadRequestException({ statusCode: 400, error: 'InvalidCommand', message: `caseId ${caseId} is not a known case` });
    }
    return this.commands.execute(familyWorkflowId(familyId), spec, body, idempotencyKey, `family ${familyId}`, familyViewQuery);
  }
}

function known(table: Record<string, CommandSpec>, command: string): CommandSpec {
  const found = Object.prototype.hasOwnProperty.call(table, command) ? table[command] : undefined;
  if (!found) throw new NotFoundException(`unknown command "${command}"; known: ${Object.keys(table).join(', ')}`);
  return found;
}
