import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { MAX_LIMIT } from './page-key';
import { WorkListsService } from './work-lists.service';

const CURSOR = { name: 'cursor', required: false, description: 'The `next` of the previous page, unchanged' };
const LIMIT = { name: 'limit', required: false, description: `Items per page, 1 to ${MAX_LIMIT} (default 50)` };
const TASK_FILTERS = [
  { name: 'kind', required: false, description: 'Only tasks of this kind (e.g. urgency-assessment)' },
  {
    name: 'state',
    required: false,
    enum: ['open', 'overdue', 'escalated'],
    description: 'open: all (default); overdue: past due; escalated: level > 0',
  },
  { name: 'caseId', required: false, description: "Only this case's tasks" },
];

/**
 * The lists people work from, read from the read model (never from workflows) and paged by key.
 * They show ids, kinds, times and marks — no names or case content. Each read is recorded in the
 * audit trail (task-list.read, case-list.read) with the team it concerns.
 */
@ApiTags('work lists')
@Controller()
export class WorkListsController {
  constructor(private readonly lists: WorkListsService) {}

  @Get('inbox')
  @RequirePermission('case:read')
  @ApiOperation({
    summary:
      "My open tasks: assigned to me, of colleagues away for whom I stand in, my role's unassigned tasks in my team, and those escalated to me; by due time, with counts (each stops at 1,000; `counts.capped` names those that did)",
  })
  @ApiQuery(CURSOR)
  @ApiQuery(LIMIT)
  @ApiQuery(TASK_FILTERS[0])
  @ApiQuery(TASK_FILTERS[1])
  @ApiQuery(TASK_FILTERS[2])
  @ApiBadRequestResponse({ description: 'A parameter is invalid; the message names it' })
  inbox(@CurrentUser() me: Principal, @Query() query: Record<string, unknown>) {
    return this.lists.myInbox(me, query);
  }

  @Get('teams/:teamId/inbox')
  @RequirePermission('case:read')
  @ApiOperation({
    summary: "The team's open tasks, by due time, with counts up to 1,000 (its coordinators, supervisor and deputy, the head)",
  })
  @ApiParam({ name: 'teamId' })
  @ApiQuery(CURSOR)
  @ApiQuery(LIMIT)
  @ApiQuery(TASK_FILTERS[0])
  @ApiQuery(TASK_FILTERS[1])
  @ApiQuery(TASK_FILTERS[2])
  @ApiBadRequestResponse({ description: 'A parameter is invalid; the message names it' })
  teamInbox(@CurrentUser() me: Principal, @Param('teamId') teamId: string, @Query() query: Record<string, unknown>) {
    return this.lists.teamInbox(me, teamId, query);
  }

  @Get('teams/:teamId/board')
  @RequirePermission('case:read')
  @ApiOperation({
    summary:
      "The supervisor's board: overdue now, escalations by level, the approval queue, reports waiting for an urgency assessment with their remaining hours, caseload per coordinator against the target",
  })
  @ApiParam({ name: 'teamId' })
  @ApiQuery({ name: 'caseId', required: false, description: "Only this case's tasks, in every list of the board" })
  board(@CurrentUser() me: Principal, @Param('teamId') teamId: string, @Query() query: Record<string, unknown>) {
    return this.lists.board(me, teamId, query);
  }

  @Get('cases')
  @RequirePermission('case:read')
  @ApiOperation({ summary: 'The cases I reach without giving a reason, by next deadline' })
  @ApiQuery(CURSOR)
  @ApiQuery(LIMIT)
  @ApiQuery({ name: 'phase', required: false })
  @ApiQuery({ name: 'coordinatorId', required: false })
  @ApiQuery({ name: 'teamId', required: false })
  @ApiQuery({ name: 'overdue', required: false, enum: ['true', 'false'] })
  @ApiQuery({ name: 'policyVersion', required: false })
  @ApiQuery({ name: 'closed', required: false, enum: ['true', 'false'] })
  @ApiBadRequestResponse({ description: 'A parameter is invalid; the message names it' })
  cases(@CurrentUser() me: Principal, @Query() query: Record<string, unknown>) {
    return this.lists.cases(me, query);
  }
}
