import { BadRequestException, Injectable } from '@nestjs/common';
import type { QueryDefinition } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { IDEMPOTENCY_KEY } from '../../../../workflows/command-schemas';
import type { CommandResult } from '../../../../workflows/contract';
import { checkBody } from '../common/valid-body.decorator';
import { TemporalGateway, type WorkflowStatus } from '../temporal/temporal.gateway';
import type { CommandSpec } from './commands';
import { requireUuid } from '../common/request-checks';

/** A command's answer: the workflow's small result beside the state as it is now. */
export type CommandAnswer = Record<string, unknown> & { result: CommandResult };

/**
 * Sends a person's command to a workflow as an update, through the Temporal gateway. The body is
 * checked against the command's schema (400 naming the field: the route's ValidBody, and here for
 * bodies the API builds) and again by the workflow's validator; the Idempotency-Key becomes the
 * update id, so a retried request gets the first answer and changes nothing.
 */
@Injectable()
export class WorkflowCommandsService {
  constructor(private readonly temporal: TemporalGateway) {}

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

  /** A workflow's state (a query); 404 naming `what` when there is no such workflow. */
  query<T>(workflowId: string, query: QueryDefinition<T>, what: string): Promise<T> {
    return this.temporal.query(workflowId, query, what);
  }

  /** Whether the workflow exists, and whether it still runs. */
  status(workflowId: string): Promise<WorkflowStatus> {
    return this.temporal.status(workflowId);
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
    const args = { ...checkBody(command.schema, body), actor };
    const result = await this.temporal.update(workflowId, command.update, args, key, what);
    // The state as it is now, from a query: it is not stored in the workflow's history as a result would be.
    const state = await this.temporal.query(workflowId, view, what).catch(() => undefined);
    return { ...(state as Record<string, unknown> | undefined), result };
  }
}
