import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  caseViewQuery,
  caseWorkflowId,
  familyViewQuery,
  familyWorkflowId,
  measureViewQuery,
  measureWorkflowId,
} from '../../../../workflows/contract';
import { CASE_COMMANDS, FAMILY_COMMANDS, MEASURE_COMMANDS } from './commands';
import { WorkflowCommandsService } from './workflow-commands.service';

/**
 * Thin HTTP access to the workflows: the current state (a query) and the commands (updates).
 * The workflow validates each command and names the field; a refusal comes back as 400 (bad
 * data) or 409 (not allowed in the current phase). Roles and the audit of reads come with the
 * people's side.
 */
@ApiTags('cases')
@Controller()
export class CasesController {
  constructor(private readonly commands: WorkflowCommandsService) {}

  @Get('cases/:caseId')
  @ApiOperation({ summary: 'The current state of a child case (børnesag)' })
  getCase(@Param('caseId') caseId: string) {
    this.commands.requireId(caseId, 'caseId');
    return this.commands.query(caseWorkflowId(caseId), caseViewQuery, `case ${caseId}`);
  }

  @Post('cases/:caseId/commands/:command')
  @HttpCode(200)
  @ApiOperation({ summary: `A command on a case: ${Object.keys(CASE_COMMANDS).join(', ')}` })
  caseCommand(@Param('caseId') caseId: string, @Param('command') command: string, @Body() body: unknown) {
    this.commands.requireId(caseId, 'caseId');
    return this.commands.execute(caseWorkflowId(caseId), known(CASE_COMMANDS, command), body, `case ${caseId}`);
  }

  @Get('measures/:measureId')
  @ApiOperation({ summary: 'The current state of a measure (foranstaltning)' })
  getMeasure(@Param('measureId') measureId: string) {
    this.commands.requireId(measureId, 'measureId');
    return this.commands.query(measureWorkflowId(measureId), measureViewQuery, `measure ${measureId}`);
  }

  @Post('measures/:measureId/commands/:command')
  @HttpCode(200)
  @ApiOperation({ summary: `A command on a measure: ${Object.keys(MEASURE_COMMANDS).join(', ')}` })
  measureCommand(@Param('measureId') measureId: string, @Param('command') command: string, @Body() body: unknown) {
    this.commands.requireId(measureId, 'measureId');
    return this.commands.execute(measureWorkflowId(measureId), known(MEASURE_COMMANDS, command), body, `measure ${measureId}`);
  }

  @Get('families/:familyId')
  @ApiOperation({ summary: 'The current state of a family' })
  getFamily(@Param('familyId') familyId: string) {
    this.commands.requireId(familyId, 'familyId');
    return this.commands.query(familyWorkflowId(familyId), familyViewQuery, `family ${familyId}`);
  }

  @Post('families/:familyId/commands/:command')
  @HttpCode(200)
  @ApiOperation({ summary: `A command on a family: ${Object.keys(FAMILY_COMMANDS).join(', ')}` })
  familyCommand(@Param('familyId') familyId: string, @Param('command') command: string, @Body() body: unknown) {
    this.commands.requireId(familyId, 'familyId');
    return this.commands.execute(familyWorkflowId(familyId), known(FAMILY_COMMANDS, command), body, `family ${familyId}`);
  }
}

function known<T>(table: Record<string, T>, command: string): T {
  const found = Object.prototype.hasOwnProperty.call(table, command) ? table[command] : undefined;
  if (!found) throw new NotFoundException(`unknown command "${command}"; known: ${Object.keys(table).join(', ')}`);
  return found;
}
