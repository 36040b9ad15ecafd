import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { CommandRejection } from '../../../../workflows/contract';
import { TEMPORAL_CLIENT } from '../temporal.provider';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rejections that mean "not now, not in this state" (409), as opposed to bad data (400). */
const CONFLICTS: string[] = [
  CommandRejection.WrongPhase,
  CommandRejection.ChildConversationMissing,
  CommandRejection.NotNewToCase,
  CommandRejection.CaseloadCapReached,
  CommandRejection.AlreadyAssigned,
];

/** Sends a person's command to a workflow as an update and turns a refusal into 400 or 409. */
@Injectable()
export class WorkflowCommandsService {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  requireId(id: string, field: string): void {
    if (!UUID.test(id)) throw new BadRequestException(`${field} must be a UUID`);
  }

  async query<T>(workflowId: string, query: QueryDefinition<T>, what: string): Promise<T> {
    try {
      return await this.temporal.workflow.getHandle(workflowId).query(query);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`${what} was not found`);
      throw err;
    }
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async execute(workflowId: string, update: UpdateDefinition<any, [any]>, body: unknown, what: string): Promise<unknown> {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('the request body must be a JSON object');
    try {
      return await this.temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [body] });
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`${what} was not found or is closed`);
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const type = err.cause.type ?? CommandRejection.InvalidCommand;
        const statusCode = CONFLICTS.includes(type) ? 409 : 400;
        const answer = { statusCode, error: type, message: err.cause.message };
        throw statusCode === 409 ? new ConflictException(answer) : new BadRequestException(answer);
      }
      throw err;
    }
  }
}
