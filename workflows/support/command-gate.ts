/**
 * The one way commands and events enter a workflow. A command (update) is
 *  - checked against its schema and the workflow's rules in the validator, so a refused command
 *    leaves no trace in the history;
 *  - applied one at a time, and checked again against the state as it is when its turn comes, so
 *    two concurrent commands that conflict give one effect and one refusal (handlers change state
 *    only after an await, so validators alone cannot see each other);
 *  - idempotent by its update id (the HTTP Idempotency-Key): the first answer is remembered and
 *    travels through continue-as-new, where the server's own deduplication does not reach;
 *  - confined: an unexpected error fails that command only, never the workflow task, so no input
 *    can wedge the workflow's timers.
 * An event (signal) that does not match its schema is dropped with a warning (no personal data is
 * logged), and an error while handling it is logged, never thrown: a signal cannot be refused.
 * Schemas are named, not passed: they are built when the first command or event comes
 * (support/schemas.ts), not at every start of the workflow.
 */
import { ActivityFailure, ApplicationFailure, currentUpdateInfo, log, setHandler } from '@temporalio/workflow';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { schemaProblem } from '../schema-basics';
import { CommandRejection } from '../contract';
import { type Accepted, type SchemaName, schemaNamed } from './schemas';
import { rejectCommand } from './validation';

/** A command applied in this or an earlier run, and the answer it got. */
export interface AppliedCommand {
  updateId: string;
  result: unknown;
}

/** How many answers a workflow remembers for repeated commands (each is small). */
const REMEMBERED_COMMANDS = 100;

export class CommandGate {
  private turn: Promise<unknown> = Promise.resolve();
  private busy = 0;

  constructor(private readonly applied: AppliedCommand[]) {}

  /** True while a command is being applied (the workflow waits for this before continuing as new). */
  get idle(): boolean {
    return this.busy === 0;
  }

  /** Installs a command of the registry (workflows/command-registry.ts): its update, checked against its schema and `rules`. */
  command<K extends SchemaName, R, A extends Accepted<K> = Accepted<K>>(
    command: { readonly schema: K; readonly update: UpdateDefinition<R, [A]> },
    rules: (cmd: A) => void,
    apply: (cmd: A) => Promise<R> | R,
  ): void {
    setHandler(command.update, (cmd: A) => this.enqueue(currentUpdateInfo()?.id, cmd, rules, apply), {
      validator: (cmd: A) => {
        const problem = schemaProblem(schemaNamed(command.schema), cmd);
        if (problem) rejectCommand(CommandRejection.InvalidCommand, problem);
        if (this.answered(currentUpdateInfo()?.id)) return; // a repeat: it gets the first answer
        rules(cmd);
      },
    });
  }

  /**
   * `inTurn: false` for an event whose handling cannot interleave badly with a command (it only
   * appends to the state, or passes the event on) and must not wait behind one, like a report.
   */
  signal<K extends SchemaName, A extends Accepted<K> = Accepted<K>>(
    def: SignalDefinition<[A]>,
    schema: K,
    apply: (event: A) => Promise<void> | void,
    { inTurn = true }: { inTurn?: boolean } = {},
  ): void {
    setHandler(def, async (event: A) => {
      const problem = schemaProblem(schemaNamed(schema), event);
      if (problem) {
        log.warn(`Dropped a ${def.name} event that does not match its schema: ${problem.split(' ')[0]}`);
        return;
      }
      const handle = async () => {
        try {
          await apply(event);
        } catch (err) {
          log.error(`Handling a ${def.name} event failed: ${(err as Error)?.name ?? 'error'}`);
        }
      };
      // In turn with the commands, so an event never interleaves with a command half-way through.
      await (inTurn ? this.inTurn(handle) : handle());
    });
  }

  private answered(updateId: string | undefined): AppliedCommand | undefined {
    return updateId ? this.applied.find((a) => a.updateId === updateId) : undefined;
  }

  private enqueue<A, R>(updateId: string | undefined, cmd: A, rules: (cmd: A) => void, apply: (cmd: A) => Promise<R> | R): Promise<R> {
    return this.inTurn(() => this.applyOnce(updateId, cmd, rules, apply));
  }

  /** Runs `fn` once everything queued before it has finished. */
  private inTurn<R>(fn: () => Promise<R>): Promise<R> {
    this.busy++;
    const mine = this.turn.then(fn);
    this.turn = mine.then(
      () => this.busy--,
      () => this.busy--,
    );
    return mine;
  }

  private async applyOnce<A, R>(
    updateId: string | undefined,
    cmd: A,
    rules: (cmd: A) => void,
    apply: (cmd: A) => Promise<R> | R,
  ): Promise<R> {
    const seen = this.answered(updateId);
    if (seen) return seen.result as R;
    rules(cmd); // the state may have changed since the validator ran: a refusal now changes nothing
    let result: R;
    try {
      result = await apply(cmd);
    } catch (err) {
      if (err instanceof ApplicationFailure) throw err;
      if (err instanceof ActivityFailure && err.cause instanceof ApplicationFailure && err.cause.nonRetryable) throw err.cause;
      log.error(`A command failed unexpectedly: ${(err as Error)?.name ?? 'error'}`);
      throw ApplicationFailure.create({
        type: CommandRejection.CommandFailed,
        message: 'the command could not be completed; try again or ask an administrator',
        nonRetryable: true,
      });
    }
    if (updateId) {
      this.applied.push({ updateId, result });
      if (this.applied.length > REMEMBERED_COMMANDS) this.applied.splice(0, this.applied.length - REMEMBERED_COMMANDS);
    }
    return result;
  }
}
