/**
 * Delivers the outbox's notifications and digests: the moment their transaction commits (LISTEN on
 * the channel the projection NOTIFYs), and by a sweep every few seconds for anything a notification
 * did not reach (a relay that was down, a message that failed and waits for its next attempt).
 *
 * Exactly once rests on the outbox, not on the relay: every delivery claims its row with a lease and
 * marks it sent (libs/mail/outbox.ts `deliver`), so two relays (two workers) or a sweep and a
 * notification racing for the same message send it once. A failed delivery backs off (the row's
 * `next_attempt_at`), up to five minutes apart, and goes when SMTP is back.
 */
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { listenForOutbox, type MailOutboxRepository, OUTBOX_CHANNEL } from '../read-model/mail-outbox.repository';
import { ReadModel } from '../read-model/read-model';

export { OUTBOX_CHANNEL, outboxNotice } from '../read-model/mail-outbox.repository';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  /** Sends one message unless sent before (the outbox's `deliver`); throws when it could not. */
  deliver: (outboxId: string) => Promise<boolean>;
  /** For the LISTEN connection: a connection of its own, outside the pool. */
  databaseUrl: string;
  /** The messages this relay sends: those written by the workers of this task queue. */
  relayQueue: string;
  /** Messages in flight at once (the SMTP pool's size is a good value). */
  concurrency?: number;
  sweepEveryMs?: number;
  log?: { warn(message: string): void };
}

/** Backoff after the n-th failed attempt: 2, 4, 8 … seconds, at most 5 minutes. */
export const retryDelaySeconds = (attempts: number): number => Math.min(300, 2 ** Math.max(1, Math.min(attempts, 9)));

export class OutboxRelay {
  private listener?: Client;
  private sweeper?: NodeJS.Timeout;
  private reconnect?: NodeJS.Timeout;
  private readonly queue: string[] = [];
  private readonly queued = new Set<string>();
  private readonly active = new Set<Promise<void>>();
  private stopped = false;
  private readonly outbox: MailOutboxRepository;

  constructor(private readonly o: OutboxRelayOptions) {
    this.outbox = ReadModel.of(o.dataSource).mailOutbox;
  }

  async start(): Promise<void> {
    await this.listen().catch((err: unknown) => this.listenLater(err));
    this.sweeper = setInterval(() => void this.sweep(), this.o.sweepEveryMs ?? 5_000);
    void this.sweep();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    clearTimeout(this.reconnect);
    this.queue.length = 0;
    await this.listener?.end().catch(() => undefined);
    await Promise.allSettled([...this.active]);
  }

  /** Delivers what is due now and not held by another delivery. */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const id of await this.outbox.due(this.o.relayQueue)) this.enqueue(id);
    } catch (err) {
      this.o.log?.warn(`outbox sweep failed: ${describe(err)}`);
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.o.databaseUrl });
    client.on('notification', (m) => {
      if (m.channel !== OUTBOX_CHANNEL || !m.payload) return;
      try {
        const [queue, id] = JSON.parse(m.payload) as [unknown, unknown];
        if (queue === this.o.relayQueue && typeof id === 'string') this.enqueue(id);
      } catch {
        // Not ours: another version's notice. The sweep finds anything that is.
      }
    });
    client.on('error', (err) => this.listenLater(err));
    client.on('end', () => this.listenLater(new Error('connection ended')));
    await client.connect();
    await listenForOutbox(client);
    this.listener = client;
  }

  /** Lost the LISTEN connection (PostgreSQL restarted): the sweep carries on, and we listen again. */
  private listenLater(err: unknown): void {
    if (this.stopped || this.reconnect) return;
    this.o.log?.warn(`outbox relay is not listening (${describe(err)}); retrying, the sweep delivers meanwhile`);
    const old = this.listener;
    this.listener = undefined;
    void old?.end().catch(() => undefined);
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      if (!this.stopped) void this.listen().catch((e: unknown) => this.listenLater(e));
    }, 2_000);
  }

  private enqueue(id: string): void {
    if (this.stopped || this.queued.has(id)) return;
    this.queued.add(id);
    this.queue.push(id);
    this.pump();
  }

  private pump(): void {
    const limit = this.o.concurrency ?? 8;
    while (this.active.size < limit && this.queue.length) {
      const id = this.queue.shift()!;
      const run: Promise<void> = this.deliverOne(id).finally(() => {
        this.active.delete(run);
        this.queued.delete(id);
        this.pump();
      });
      this.active.add(run);
    }
  }

  private async deliverOne(id: string): Promise<void> {
    try {
      await this.o.deliver(id);
    } catch (err) {
      // Held by another delivery right now: that one sends it (or its lease runs out and the sweep retries).
      if ((err as { type?: string }).type === 'OutboxMessageClaimed') return;
      this.o.log?.warn(`outbox message not delivered, will retry: ${describe(err)}`);
      await this.outbox.postpone(id, retryDelaySeconds(await this.outbox.attempts(id))).catch(() => undefined);
    }
  }
}

/** An error's kind and message without its data (messages here name ids, never people). */
const describe = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));
