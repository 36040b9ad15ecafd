import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import {
  Client,
  isGrpcServiceError,
  ServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition, type SignalDefinition, type UpdateDefinition, type Workflow } from '@temporalio/common';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { applyDigestChoice, type DigestChoice } from '../../../../libs/notifications/digest-schedules';
import { isTemporalUnavailable } from '../../../../libs/temporal/errors';
import { CommandRejection, type HandoverInput, type HandoverResult, handoverWorkflowId } from '../../../../workflows/contract';
import { isUuid } from '../common/request-checks';
import { RetryLaterException } from '../common/retry-later.exception';
import { TEMPORAL_CLIENT } from './temporal.provider';

export type WorkflowStatus = 'running' | 'closed' | 'missing';

/** How a handover goes: running, missing (no such handover), completed with what moved, or how it ended otherwise. */
export type HandoverProgress =
  { handoverId: string; status: 'running' | 'missing' | string } | ({ handoverId: string; status: 'completed' } & HandoverResult);

/** Rejections that mean "not now, not in this state" (409), as opposed to bad data (400). */
const CONFLICTS: string[] = [
  CommandRejection.WrongPhase,
  CommandRejection.ChildConversationMissing,
  CommandRejection.NotNewToCase,
  CommandRejection.CaseloadCapReached,
  CommandRejection.AlreadyAssigned,
  CommandRejection.CommandFailed,
];

/**
 * A Temporal service that restarts serves again within seconds (a frontend in about 2 s, a history
 * service with its shards in a few more): the Retry-After of every 503 that Temporal causes.
 */
const RETRY_AFTER_SECONDS = 2;

/**
 * The API's one way to Temporal: it alone holds the client, and it alone turns what Temporal says
 * into HTTP answers, so every route answers the same for the same trouble:
 *  - Temporal unreachable, overloaded, or an update that ran out of time or was lost on the server:
 *    503 with Retry-After (nothing is known to be done; the same request again, with the same
 *    Idempotency-Key, applies it once);
 *  - no such workflow: 404; a workflow that has closed: 409;
 *  - a command the workflow refused: 409 for its state, 400 for its data, with the workflow's words.
 */
@Injectable()
export class TemporalGateway {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** A query of a workflow; 404 naming `what` when there is no such workflow. */
  query<T, A extends unknown[]>(workflowId: string, query: QueryDefinition<T, A>, what: string, ...args: A): Promise<T> {
    return this.call(async () => {
      try {
        return await this.client.workflow.getHandle(workflowId).query(query, ...args);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw new NotFoundException(`${what} was not found`);
        throw err;
      }
    });
  }

  /**
   * A query that must be answered before `deadline` (epoch ms): a query needs a worker, and without
   * one it would wait for its full RPC deadline. Throws when it cannot be answered in time.
   */
  queryBefore<T, A extends unknown[]>(deadline: number, workflowId: string, query: QueryDefinition<T, A>, ...args: A): Promise<T> {
    return this.call(() =>
      this.client.connection.withDeadline(deadline, () => this.client.workflow.getHandle(workflowId).query(query, ...args)),
    );
  }

  /** Whether the workflow exists, and whether it still runs. */
  status(workflowId: string): Promise<WorkflowStatus> {
    return this.call(async () => {
      try {
        const d = await this.client.workflow.getHandle(workflowId).describe();
        return d.status.name === 'RUNNING' ? 'running' : 'closed';
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return 'missing';
        throw err;
      }
    });
  }

  /** Starts a workflow on the API's task queue, or leaves the one of that id running (the id carries the idempotency). */
  async start(workflowType: string, workflowId: string, input: unknown): Promise<void> {
    await this.call(() =>
      this.client.workflow.start(workflowType, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
  }

  /** Signals a workflow, starting it first (with `input`) when it does not run. */
  async signalWithStart<S>(
    workflowType: string,
    workflowId: string,
    input: unknown,
    signal: SignalDefinition<[S]>,
    event: S,
  ): Promise<void> {
    await this.call(() =>
      this.client.workflow.signalWithStart<Workflow, [unknown]>(workflowType, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        signal: signal as SignalDefinition<[unknown]>,
        signalArgs: [event],
        workflowIdConflictPolicy: 'USE_EXISTING',
      }),
    );
  }

  async signal<A extends unknown[]>(workflowId: string, signal: SignalDefinition<A>, ...args: A): Promise<void> {
    await this.call(() => this.client.workflow.getHandle(workflowId).signal(signal, ...args));
  }

  /**
   * Sends a command (an update) with `updateId` (the Idempotency-Key): a repeat gets the first
   * answer. A refusal by the workflow is 409 (its state) or 400 (its data), in the workflow's words.
   */
  update<R, A>(workflowId: string, update: UpdateDefinition<R, [A]>, arg: A, updateId: string, what: string): Promise<R> {
    return this.call(async () => {
      try {
        return await whenReady(() => this.client.workflow.getHandle(workflowId).executeUpdate(update, { args: [arg], updateId }));
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
    });
  }

  /** How a handover goes: the one answer of GET /handovers/:id and the board. */
  handover(handoverId: string): Promise<HandoverProgress> {
    if (!isUuid(handoverId)) return Promise.resolve({ handoverId, status: 'missing' });
    return this.call(async () => {
      const handle = this.client.workflow.getHandle<(i: HandoverInput) => Promise<HandoverResult>>(handoverWorkflowId(handoverId));
      try {
        const d = await handle.describe();
        if (d.status.name === 'RUNNING') return { handoverId, status: 'running' };
        if (d.status.name !== 'COMPLETED') return { handoverId, status: d.status.name.toLowerCase() };
        return { handoverId, status: 'completed', ...(await handle.result()) };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) return { handoverId, status: 'missing' };
        throw err;
      }
    });
  }

  /** Makes a person's digest schedule match their choice (idempotent). */
  async applyDigestChoice(choice: DigestChoice): Promise<void> {
    await this.call(() => applyDigestChoice(this.client, this.config.temporal.taskQueue, choice));
  }

  /**
   * Whether Temporal answers within `timeoutMs`, for /health. Its own error, not an HTTP answer:
   * the health check names what is down and why.
   */
  async ping(timeoutMs: number): Promise<void> {
    await this.client.connection.withDeadline(Date.now() + timeoutMs, () => this.client.connection.workflowService.getSystemInfo({}));
  }

  /** Runs one call to Temporal; Temporal being unreachable or too busy becomes a 503 with Retry-After. */
  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (isTemporalUnavailable(err) || isTemporalBusy(err))
        throw new RetryLaterException('The workflow engine (Temporal) is unavailable; try again shortly', RETRY_AFTER_SECONDS);
      throw err;
    }
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
      return new RetryLaterException(
        'The workflow engine lost the command before it was done; send it again with the same Idempotency-Key',
        RETRY_AFTER_SECONDS,
      );
    return new NotFoundException(`${what} was not found`);
  }
}

/** gRPC RESOURCE_EXHAUSTED (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
const GRPC_RESOURCE_EXHAUSTED = 8;
/** gRPC FAILED_PRECONDITION: the server gave up on an update because the workflow task carrying it failed. */
const GRPC_FAILED_PRECONDITION = 9;
const NOT_READY_ATTEMPTS = 5;

/**
 * Temporal there but not answering in time: still overloaded after the client's own retries, or an
 * update call that ran out of time (a persistence timeout on the server). Nothing is known to have
 * been done; the same request again (same Idempotency-Key) applies a command once.
 */
function isTemporalBusy(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  return err instanceof ServiceError && (err.cause as { code?: number } | undefined)?.code === GRPC_RESOURCE_EXHAUSTED;
}

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
      const notReady = isGrpcServiceError(cause) && cause.code === GRPC_FAILED_PRECONDITION;
      if (!notReady || attempt >= NOT_READY_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
    }
  }
}
