import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { Client, isGrpcServiceError, ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { QueryDefinition } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { schemaIssue } from '../../../../workflows/command-schemas';
import { CommandRejection, type CommandResult } from '../../../../workflows/contract';
import { TEMPORAL_CLIENT } from '../temporal.provider';
import type { CommandSpec } from './commands';
import { requireUuid } from '../common/request-checks';

/** What an Idempotency-Key may look like: it becomes the Temporal update id, so it is bounded and plain. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{8,200}$/;

/** Rejections that mean "not now, not in this state" (409), as opposed to bad data (400). */
const CONFLICTS: string[] = [
  CommandRejection.WrongPhase,
  CommandRejection.ChildConversationMissing,
  CommandRejection.NotNewToCase,
  CommandRejection.CaseloadCapReached,
  CommandRejection.AlreadyAssigned,
  CommandRejection.CommandFailed,
];

/** A command's answer: the workflow's small result beside the state as it is now. */
export type CommandAnswer = Record<string, unknown> & { result: CommandResult };

/**
 * Sends a person's command to a workflow as an update. The body is checked against the command's
 * schema here (400 naming the field) and again by the workflow's validator; the Idempotency-Key
 * becomes the update id, so a retried request gets the first answer and changes nothing.
 */
@Injectable()
export class WorkflowCommandsService {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly temporal: Client) {}

  requireId(id: string, field: string): void {
    requireUuid(id, field);
  }

  /** The request's Idempotency-Key, checked; a new one when the caller sent none. */
  idempotencyKey(header: string | string[] | undefined): string {
    if (header === undefined) return randomUUID();
    if (Array.isArray(header) || !IDEMPOTENCY_KEY.test(header))
      throw new BadRequestException('Idempotency-Key must be 8-200 characters of letters, digits, . _ : -');
    return header;
  }

  /** A request body checked against its schema: 400 naming the first field that is wrong. */
  parse<T>(schema: z.ZodType<T>, body: unknown): T {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new BadRequestException('the request body must be a JSON object');
    const issue = schemaIssue(schema, body);
    // The field and the kind of problem besides the sentence: a page says it next to the field, in its own language.
    if (issue) throw new BadRequestException({ statusCode: 400, error: CommandRejection.InvalidCommand, ...issue });
    return body as T;
  }

  async query<T>(workflowId: string, query: QueryDefinition<T>, what: string): Promise<T> {
    try {
      return await this.temporal.workflow.getHandle(workflowId).query(query);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`${what} was not found`);
      throw err;
    }
  }

  /** Whether the workflow exists, and whether it still runs. */
  async status(workflowId: string): Promise<'running' | 'closed' | 'missing'> {
    try {
      const d = await this.temporal.workflow.getHandle(workflowId).describe();
      return d.status.name === 'RUNNING' ? 'running' : 'closed';
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return 'missing';
      throw err;
    }
  }

  /** Sends `body` (checked against the command's schema) as the signed-in `actor`'s command. */
  async execute<T>(
    workflowId: string,
    command: CommandSpec,
    body: unknown,
    actor: string,
    key: string,
    what: string,
    view: QueryDefinition<T>,
  ): Promise<CommandAnswer> {
    const args = { ...(this.parse(command.schema, body) as object), actor };
    let result: CommandResult;
    try {
      result = await whenReady(() =>
        this.temporal.workflow.getHandle(workflowId).executeUpdate(command.update, { args: [args], updateId: key }),
      );
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw await this.notRunning(workflowId, what);
      if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
        const type = err.cause.type ?? CommandRejection.InvalidCommand;
        const statusCode = CONFLICTS.includes(type) ? 409 : 400;
        const answer = { statusCode, error: type, message: err.cause.message };
        throw statusCode === 409 ? new ConflictException(answer) : new BadRequestException(answer);
      }
      throw err;
    }
    // The state as it is now, from a query: it is not stored in the workflow's history as a result would be.
    const state = await this.temporal.workflow
      .getHandle(workflowId)
      .query(view)
      .catch(() => undefined);
    return { ...(state as Record<string, unknown> | undefined), result };
  }

  /**
   * Why an update found no workflow. Closed: 409. Missing: 404. Still running: the server lost the
   * update it had taken in (it drops the updates in flight when a write of the workflow fails, and
   * then answers "update not found"), so the command may or may not have been applied: 503, and
   * the same request again (same Idempotency-Key) applies it once. When Temporal cannot say, the
   * error goes on (503 when it is unavailable), never a 404 for a case that exists.
   */
  private async notRunning(workflowId: string, what: string): Promise<Error> {
    const status = await this.status(workflowId);
    if (status === 'closed')
      return new ConflictException({ statusCode: 409, error: CommandRejection.WrongPhase, message: `${what} is closed` });
    if (status === 'running')
      return new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The workflow engine lost the command before it was done; send it again with the same Idempotency-Key',
      });
    return new NotFoundException(`${what} was not found`);
  }
}

/** gRPC FAILED_PRECONDITION: the server gave up on an update because the workflow task carrying it failed. */
const FAILED_PRECONDITION = 9;
const NOT_READY_ATTEMPTS = 5;

/**
 * Sends an update again when the server answers "workflow not ready": it does so when the workflow
 * task that carried the update failed, e.g. because it raced a continue-as-new (UnhandledCommand),
 * and asks the caller to retry. The update id (the Idempotency-Key) makes the retry apply it once.
 */
async function whenReady<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const cause = err instanceof ServiceError ? err.cause : undefined;
      const notReady = isGrpcServiceError(cause) && cause.code === FAILED_PRECONDITION;
      if (!notReady || attempt >= NOT_READY_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}
