import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { OrganisationRepository } from '../../../../libs/read-model/organisation.repository';
import { type TaskRow, TasksRepository } from '../../../../libs/read-model/tasks.repository';
import { CommandRejection } from '../../../../workflows/contract';

export type { TaskRow } from '../../../../libs/read-model/tasks.repository';

/** What the task routes read: the task, whether its assignee is away, who may take it. */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly organisation: OrganisationRepository,
  ) {}

  /** The task's row: 404 when it is not in the read model yet, 409 once it is done or cancelled. */
  async openTask(taskId: string): Promise<TaskRow> {
    const row = await this.tasks.find(taskId);
    if (!row) throw new NotFoundException(`task ${taskId} was not found`);
    if (row.status !== 'open')
      throw new ConflictException({ statusCode: 409, error: CommandRejection.WrongPhase, message: `task ${taskId} is ${row.status}` });
    return row;
  }

  /** The person's absence now, with its stand-in (null: present). */
  absenceNow(userId: string) {
    return this.organisation.absenceAt(userId);
  }

  /** A supervisor's, deputy's or head's task goes to an active person with that role (in the team, but for the head). */
  async requirePersonOf(userId: string, role: string, teamId: string | null, field: string): Promise<void> {
    if (!(await this.organisation.isActiveInRole(userId, role, teamId)))
      throw new BadRequestException({
        statusCode: 400,
        error: CommandRejection.InvalidCommand,
        message: `${field} ${userId} is not an active ${role} of team ${teamId}`,
      });
  }
}
