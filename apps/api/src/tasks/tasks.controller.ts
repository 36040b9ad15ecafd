import { ConflictException, Controller, ForbiddenException, Headers, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { claimTaskSchema, reassignTaskSchema } from '../../../../workflows/command-schemas';
import {
  caseViewQuery,
  caseWorkflowId,
  COMMAND_ROUTES,
  CommandRejection,
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
import { specOf } from '../cases/commands';
import { WorkflowCommandsService } from '../cases/workflow-commands.service';
import { IDEMPOTENCY_HEADER } from '../common/request-checks';
import { ValidBody } from '../common/valid-body.decorator';
import { type TaskRow, TasksService } from './tasks.service';

/** What a supervisor sends to give a task to someone: the person and why. */
const reassignBody = reassignTaskSchema.omit({ actor: true, taskId: true });
type ReassignBody = z.infer<typeof reassignBody>;
type ClaimBody = z.infer<typeof claimTaskSchema>;

/** The workflow command both routes become; the API fills in the task, the person and the reason. */
const REASSIGN_TASK = specOf(COMMANDS.reassignTask, 'task-reassign');
const CLAIM = COMMAND_ROUTES['task-claim'];
const REASSIGN = COMMAND_ROUTES['task-reassign'];

/** The reason a claim is recorded with when the coordinator gives none. */
const CLAIMED = 'claimed';

/**
 * Claiming and reassigning a task within its team (the team's inbox). The guard has found the task's
 * case, measure or family, checked the person's reach to it (404 otherwise) and holds the audit
 * record; here the team's rules are checked, and the change goes to the workflow that owns the task
 * (a measure's tasks to the measure, family tasks to the family, the rest to the case) as the
 * reassignTask command: idempotent by Idempotency-Key, refused by the workflow when its state
 * rules it out (409).
 */
@ApiTags('tasks')
@Controller('tasks')
export class TasksController {
  constructor(
    private readonly commands: WorkflowCommandsService,
    private readonly access: AccessService,
    private readonly tasks: TasksService,
  ) {}

  @Post(':taskId/claim')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @RequirePermission(CLAIM.permission, { task: 'taskId', audit: CLAIM.audit })
  @ApiOperation({ summary: COMMANDS.reassignTask.routes['task-claim'] })
  async claim(
    @Param('taskId') taskId: string,
    @ValidBody(claimTaskSchema, { optional: true }) { reason }: ClaimBody,
    @CurrentUser() me: Principal,
    @Req() req: GuardedRequest,
    @Headers('idempotency-key') header?: string,
  ) {
    const key = this.commands.idempotencyKey(header);
    const task = await this.tasks.openTask(taskId);
    if (task.assignee_role !== 'coordinator')
      throw conflict(CommandRejection.WrongPhase, `task ${taskId} is a ${task.assignee_role}'s task: only coordinator tasks are claimed`);
    // Already theirs: the workflow answers (the first answer again for a repeated Idempotency-Key).
    if (task.assignee_id !== me.userId) {
      const away = task.assignee_id ? await this.tasks.absenceNow(task.assignee_id) : null;
      const standsIn = away?.standInId === me.userId;
      const ofTeam = me.roles.includes('coordinator') && !!req.caseAccess?.teamId && me.teamId === req.caseAccess.teamId;
      if (!ofTeam && !standsIn) throw new ForbiddenException(`task ${taskId} is not a task of your team`);
      if (task.assignee_id && !away)
        throw conflict(
          CommandRejection.WrongPhase,
          `task ${taskId} is assigned to someone who is not away: ask the team's supervisor to reassign it`,
        );
    }
    return this.send(task, { taskId, assigneeId: me.userId, reason: reason ?? CLAIMED }, me, key);
  }

  @Post(':taskId/reassign')
  @HttpCode(200)
  @ApiHeader(IDEMPOTENCY_HEADER)
  @RequirePermission(REASSIGN.permission, { task: 'taskId', audit: REASSIGN.audit })
  @ApiOperation({ summary: COMMANDS.reassignTask.routes['task-reassign'] })
  async reassign(
    @Param('taskId') taskId: string,
    @ValidBody(reassignBody) { assigneeId, reason }: ReassignBody,
    @CurrentUser() me: Principal,
    @Req() req: GuardedRequest,
    @Headers('idempotency-key') header?: string,
  ) {
    const key = this.commands.idempotencyKey(header);
    const teamId = req.caseAccess?.teamId ?? null;
    if (!(await this.access.leadsTeam(me, teamId))) throw new ForbiddenException(`task ${taskId} is not a task of a team you lead`);
    const task = await this.tasks.openTask(taskId);
    if (task.assignee_role === 'partner')
      throw conflict(CommandRejection.WrongPhase, `task ${taskId} belongs to a partner department: it is not given to a person here`);
    if (task.assignee_role === 'coordinator') await this.access.requireCoordinatorOf(assigneeId, teamId ?? '', 'assigneeId');
    else await this.tasks.requirePersonOf(assigneeId, task.assignee_role, teamId, 'assigneeId');
    return this.send(task, { taskId, assigneeId, reason }, me, key);
  }

  private async send(task: TaskRow, body: { taskId: string; assigneeId: string; reason: string }, me: Principal, key: string) {
    const answer = task.measure_id
      ? await this.commands.execute(
          measureWorkflowId(task.measure_id),
          REASSIGN_TASK,
          body,
          me.userId,
          key,
          `measure ${task.measure_id}`,
          measureViewQuery,
        )
      : task.case_id
        ? await this.commands.execute(
            caseWorkflowId(task.case_id),
            REASSIGN_TASK,
            body,
            me.userId,
            key,
            `case ${task.case_id}`,
            caseViewQuery,
          )
        : await this.commands.execute(
            familyWorkflowId(task.family_id!),
            REASSIGN_TASK,
            body,
            me.userId,
            key,
            `family ${task.family_id}`,
            familyViewQuery,
          );
    // The task as it is now, not the whole case: the person asked about one task.
    return { taskId: task.id, kind: task.kind, assignee: task.assignee_role, assigneeId: body.assigneeId, result: answer.result };
  }
}

function conflict(error: string, message: string): ConflictException {
  return new ConflictException({ statusCode: 409, error, message });
}
