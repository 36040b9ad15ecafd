import { BadRequestException, Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { requireUuid } from '../common/request-checks';
import { AuditService } from './audit.service';
import { AdminAuditQueryDto, AuditPageDto, AuditPageQueryDto } from './dto/audit.dto';

/**
 * The audit lists: who has looked at a child's case (the supervisor of its team, the head), the
 * reads outside normal scope on a supervisor's teams, and the admin's view per case or per person.
 * They show ids and reasons, never case content; looking at a case's list is itself recorded
 * (by the guard, as for every route on case data), the other lists are not.
 */
@ApiTags('audit')
@Controller()
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('cases/:caseId/audit')
  @RequirePermission('audit:team', { case: 'caseId', audit: 'case.audit' })
  @ApiOperation({ summary: 'Who has looked at or changed this case, newest first; paginated by key (`after` = the previous `nextAfter`)' })
  @ApiParam({ name: 'caseId', format: 'uuid' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ description: 'A parameter is invalid; the message names it' })
  forCase(@Param('caseId') caseId: string, @Query() query: AuditPageQueryDto): Promise<AuditPageDto> {
    return this.audit.forCase(caseId, query);
  }

  @Get('audit/flagged')
  @RequirePermission('audit:team')
  @ApiOperation({
    summary:
      "Reads outside normal scope on the caller's teams' cases (a supervisor: the teams they supervise or deputise for; the head: all), newest first",
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid; the message names it' })
  async flagged(@CurrentUser() principal: Principal, @Query() query: AuditPageQueryDto): Promise<AuditPageDto> {
    const teams = principal.roles.includes('head-of-department') ? 'all' : await this.audit.teamsSupervisedBy(principal.userId);
    return this.audit.flaggedForTeams(teams, query);
  }

  @Get('admin/audit')
  @RequirePermission('audit:all')
  @ApiOperation({ summary: 'The audit of one case (caseId) or of one person (userId), newest first; exactly one of the two' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiBadRequestResponse({ description: 'Neither or both of caseId and userId, or a parameter is invalid; the message names it' })
  forAdmin(@Query() query: AdminAuditQueryDto): Promise<AuditPageDto> {
    const { caseId, userId, ...page } = query;
    if (caseId !== undefined && userId !== undefined)
      throw new BadRequestException('caseId and userId cannot be combined: give one of them');
    if (caseId !== undefined) {
      requireUuid(caseId, 'caseId');
      return this.audit.forCase(caseId, page);
    }
    if (userId !== undefined) {
      requireUuid(userId, 'userId');
      return this.audit.forUser(userId, page);
    }
    throw new BadRequestException('caseId or userId is required');
  }
}
