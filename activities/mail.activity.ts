import { ApplicationFailure } from '@temporalio/activity';
import { MailOutboxEntity, ReportEntity } from '../libs/db/entities';
import { receiptMail } from '../libs/mail/templates/receipt.template';
import type { ActivityDeps } from './deps';
import { appendCaseEvent } from './support/case-events';

export interface SendReceiptInput {
  caseId: string;
  reportId: string;
}

export interface SendReceiptResult {
  outboxId: string;
  /** True when an earlier attempt had already sent it: nothing went out this time. */
  alreadySent: boolean;
}

/**
 * Mail through the outbox. The outbox row is keyed by the message's idempotency key and locked
 * while it is sent, so a retried or duplicated activity finds it marked sent and sends nothing.
 * The one gap no SMTP client can close: a process that dies after the SMTP server accepted the
 * message but before the row is marked sent will send once more; the deterministic Message-ID
 * lets the receiving side recognise that copy.
 */
export function createOutbox({ dataSource, mailer, mailFrom }: Pick<ActivityDeps, 'dataSource' | 'mailer' | 'mailFrom'>) {
  /** Sends one outbox message unless it was sent before; true when it had already been sent. */
  async function deliver(outboxId: string): Promise<boolean> {
    return dataSource.transaction(async (em) => {
      const repo = em.getRepository(MailOutboxEntity);
      const row = await repo.findOne({ where: { id: outboxId }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw ApplicationFailure.nonRetryable(`Outbox message ${outboxId} does not exist`, 'OutboxMessageMissing');
      if (row.status === 'sent') return true;
      const messageId = `<${outboxId.replace(/[^A-Za-z0-9.-]/g, '.')}@closer.local>`;
      try {
        await mailer.send({ from: mailFrom, to: row.toAddress, subject: row.subject, text: row.bodyText, messageId });
      } catch (err) {
        // Retryable: the SMTP server may be down for a while. The reason is logged by Temporal,
        // encrypted by the failure converter, never the message content.
        throw ApplicationFailure.retryable(`SMTP delivery failed: ${(err as Error).message}`, 'SmtpDeliveryFailed');
      }
      await repo.update({ id: outboxId }, { status: 'sent', sentAt: new Date(), messageId, attempts: row.attempts + 1 });
      if (row.caseId || row.familyId) {
        await appendCaseEvent(em, {
          caseId: row.caseId,
          familyId: row.familyId,
          type: 'mail.sent',
          actor: 'system',
          occurredAt: new Date(),
          data: { outboxId },
          dedupeKey: `mail.sent:${outboxId}`,
        });
      }
      return false;
    });
  }

  return { deliver };
}

export type Outbox = ReturnType<typeof createOutbox>;

export function createMailActivities(deps: ActivityDeps, { deliver }: Outbox = createOutbox(deps)) {
  const { dataSource } = deps;
  return {
    async sendReceipt({ caseId, reportId }: SendReceiptInput): Promise<SendReceiptResult> {
      const report = await dataSource.getRepository(ReportEntity).findOneBy({ id: reportId });
      if (!report) throw ApplicationFailure.nonRetryable(`Report ${reportId} is not recorded`, 'ReportNotFound');
      const outboxId = `receipt:${reportId}`;
      const mail = receiptMail({ reporterName: report.reporterName, receivedAt: report.receivedAt, reportId });
      await dataSource
        .createQueryBuilder()
        .insert()
        .into(MailOutboxEntity)
        .values({ id: outboxId, caseId, toAddress: report.reporterEmail, subject: mail.subject, bodyText: mail.text })
        .orIgnore()
        .execute();
      const alreadySent = await deliver(outboxId);
      return { outboxId, alreadySent };
    },
  };
}
