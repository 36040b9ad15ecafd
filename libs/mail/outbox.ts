import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { ReadModel } from '../read-model/read-model';
import { type Mailer, SmtpTimeoutError } from './mailer';

/**
 * How long a delivery owns an outbox message: longer than one SMTP attempt can take
 * (SMTP_TIMEOUTS.attemptTimeoutMs, 20 s), so a claim runs out only when its holder is gone.
 */
export const OUTBOX_LEASE_SECONDS = 60;

/**
 * Mail through the outbox. The outbox row is keyed by the message's idempotency key. A delivery
 * claims it with one UPDATE (not sent, lease free or run out) that sets a lease, talks to SMTP
 * outside any transaction, and then marks it sent: no transaction and no row lock is held while the
 * SMTP server takes its time, so nothing else that touches the row waits for it. A second delivery
 * of the same message finds it claimed (and retries later) or sent (and sends nothing).
 * The one gap no SMTP client can close: a process that dies after the SMTP server accepted the
 * message but before the row is marked sent will send once more when the lease has run out; the
 * deterministic Message-ID lets the receiving side recognise that copy.
 */
export function createOutbox({ dataSource, mailer, mailFrom }: { dataSource: DataSource; mailer: Mailer; mailFrom: string }) {
  const readModel = ReadModel.of(dataSource);
  const outbox = readModel.mailOutbox;

  /** Sends one outbox message unless it was sent before; true when it had already been sent. */
  async function deliver(outboxId: string): Promise<boolean> {
    const row = await outbox.claim(outboxId, OUTBOX_LEASE_SECONDS);
    if (!row) {
      const current = await outbox.status(outboxId);
      if (!current) throw ApplicationFailure.nonRetryable(`Outbox message ${outboxId} does not exist`, 'OutboxMessageMissing');
      if (current.status === 'sent') return true;
      // Another delivery holds it right now: it sends it, or its lease runs out and a retry takes over.
      throw ApplicationFailure.retryable(`Outbox message ${outboxId} is being delivered by another attempt`, 'OutboxMessageClaimed');
    }
    const messageId = `<${outboxId.replace(/[^A-Za-z0-9.-]/g, '.')}@closer.local>`;
    try {
      await mailer.send({ from: mailFrom, to: row.toAddress, subject: row.subject, text: row.bodyText, messageId });
    } catch (err) {
      // Refused or failed for sure: free the claim, so the next attempt need not wait for the lease.
      // An attempt cut off by its own deadline keeps the claim: the server may still take the message.
      if (!(err instanceof SmtpTimeoutError)) await outbox.release(outboxId);
      // Retryable: the SMTP server may be down for a while. The reason is logged by Temporal,
      // encrypted by the failure converter, never the message content.
      throw ApplicationFailure.retryable(`SMTP delivery failed: ${(err as Error).message}`, 'SmtpDeliveryFailed');
    }
    await readModel.transaction(async (tx) => {
      await tx.mailOutbox.markSent(outboxId, messageId);
      if (row.caseId || row.familyId) {
        await tx.caseEvents.append({
          caseId: row.caseId,
          familyId: row.familyId,
          // A person told of a task's step, or a mail to someone outside (a receipt, a family's new contact).
          type: row.kind === 'notification' ? 'notification.sent' : 'mail.sent',
          actor: 'system',
          occurredAt: new Date(),
          data: { outboxId },
          dedupeKey: `mail.sent:${outboxId}`,
        });
      }
    });
    return false;
  }

  return { deliver };
}

export type Outbox = ReturnType<typeof createOutbox>;
