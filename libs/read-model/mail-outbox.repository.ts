import type { Client } from 'pg';
import { MailOutboxEntity } from '../db/entities';
import type { Db } from './db';

/** The channel the relay LISTENs on: a message written is announced on it when its transaction commits. */
export const OUTBOX_CHANNEL = 'closer_mail_outbox';

/** The NOTIFY payload: the relay queue and the outbox id (an id is at most a few hundred bytes). */
export const outboxNotice = (relayQueue: string | null, outboxId: string): string => JSON.stringify([relayQueue, outboxId]);

/** Starts listening on a connection of its own (outside the pool) for messages written. */
export async function listenForOutbox(connection: Client): Promise<void> {
  await connection.query(`LISTEN ${OUTBOX_CHANNEL}`);
}

/** An outbox row as a delivery claims it. */
export type ClaimedMail = Pick<MailOutboxEntity, 'id' | 'kind' | 'caseId' | 'familyId' | 'toAddress' | 'subject' | 'bodyText'>;

/**
 * `mail_outbox`: every mail Closer sends, keyed by its idempotency key, claimed by one delivery at a
 * time with a lease and marked sent once (libs/mail/outbox.ts).
 */
export class MailOutboxRepository {
  constructor(private readonly db: Db) {}

  /** Writes the message once: a message with this id is left as it is. */
  async add(
    mail: Pick<MailOutboxEntity, 'id' | 'toAddress' | 'subject' | 'bodyText'> & Partial<Pick<MailOutboxEntity, 'caseId' | 'familyId'>>,
  ): Promise<void> {
    await this.db.createQueryBuilder().insert().into(MailOutboxEntity).values(mail).orIgnore().execute();
  }

  /** A notification or digest for the outbox relay of `relayQueue`, written once. */
  async addForRelay(mail: {
    id: string;
    kind: 'notification' | 'digest';
    userId: string;
    caseId?: string | null;
    familyId?: string | null;
    toAddress: string | null;
    subject: string;
    bodyText: string;
    relayQueue: string | null;
  }): Promise<void> {
    if (mail.kind === 'digest')
      await this.db.query(
        `INSERT INTO mail_outbox (id, kind, user_id, to_address, subject, body_text, relay_queue)
         VALUES ($1, 'digest', $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
        [mail.id, mail.userId, mail.toAddress, mail.subject, mail.bodyText, mail.relayQueue],
      );
    else
      await this.db.query(
        `INSERT INTO mail_outbox (id, kind, user_id, case_id, family_id, to_address, subject, body_text, relay_queue)
         VALUES ($1, 'notification', $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`,
        [mail.id, mail.userId, mail.caseId ?? null, mail.familyId ?? null, mail.toAddress, mail.subject, mail.bodyText, mail.relayQueue],
      );
  }

  /** Wakes the relay of `relayQueue` for this message when the transaction commits (never for one rolled back). */
  async wakeRelay(relayQueue: string | null, outboxId: string): Promise<void> {
    await this.db.query('SELECT pg_notify($1, $2)', [OUTBOX_CHANNEL, outboxNotice(relayQueue, outboxId)]);
  }

  /** Claims the message for `leaseSeconds` unless it is sent or another delivery holds it; the row when claimed. */
  async claim(outboxId: string, leaseSeconds: number): Promise<ClaimedMail | undefined> {
    const claimed = (await this.db.query(
      `UPDATE mail_outbox
          SET lease_until = now() + make_interval(secs => $2), attempts = attempts + 1
        WHERE id = $1 AND status <> 'sent' AND (lease_until IS NULL OR lease_until < now())
        RETURNING id, kind, case_id AS "caseId", family_id AS "familyId", to_address AS "toAddress", subject, body_text AS "bodyText"`,
      [outboxId, leaseSeconds],
    )) as [ClaimedMail[], number];
    return claimed[0][0];
  }

  status(outboxId: string): Promise<Pick<MailOutboxEntity, 'id' | 'status'> | null> {
    return this.db.getRepository(MailOutboxEntity).findOne({ where: { id: outboxId }, select: { id: true, status: true } });
  }

  /** Frees a claim, so the next attempt need not wait for the lease. */
  async release(outboxId: string): Promise<void> {
    await this.db.query(`UPDATE mail_outbox SET lease_until = NULL WHERE id = $1 AND status <> 'sent'`, [outboxId]);
  }

  async markSent(outboxId: string, messageId: string): Promise<void> {
    await this.db
      .getRepository(MailOutboxEntity)
      .update({ id: outboxId }, { status: 'sent', sentAt: new Date(), messageId, leaseUntil: null });
  }

  /** The relay's messages that are due now and held by no delivery, most overdue first. */
  async due(relayQueue: string): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT id FROM mail_outbox
        WHERE status = 'pending' AND kind <> 'activity' AND relay_queue = $1 AND next_attempt_at <= now()
          AND (lease_until IS NULL OR lease_until < now())
        ORDER BY next_attempt_at LIMIT 500`,
      [relayQueue],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** How often delivery of the message was attempted (1 when it cannot be read). */
  async attempts(outboxId: string): Promise<number> {
    const rows = (await this.db.query('SELECT attempts FROM mail_outbox WHERE id = $1', [outboxId]).catch(() => [])) as {
      attempts: number;
    }[];
    return rows[0]?.attempts ?? 1;
  }

  /** The next attempt of a pending message waits `seconds`. */
  async postpone(outboxId: string, seconds: number): Promise<void> {
    await this.db.query(
      `UPDATE mail_outbox SET next_attempt_at = now() + make_interval(secs => $2)
        WHERE id = $1 AND status = 'pending'`,
      [outboxId, seconds],
    );
  }
}
