import { ApplicationFailure } from '@temporalio/activity';
import { createOutbox, type Outbox } from '../libs/mail/outbox';
import { receiptMail } from '../libs/mail/templates/receipt.template';
import { ReadModel } from '../libs/read-model/read-model';
import type { ActivityDeps } from './deps';

/** Mail goes through the outbox (libs/mail/outbox.ts), which the activities and the relay share. */
export { createOutbox, OUTBOX_LEASE_SECONDS, type Outbox } from '../libs/mail/outbox';

export interface SendReceiptInput {
  caseId: string;
  reportId: string;
}

export interface SendReceiptResult {
  outboxId: string;
  /** True when an earlier attempt had already sent it: nothing went out this time. */
  alreadySent: boolean;
}

export function createMailActivities(deps: ActivityDeps, { deliver }: Outbox = createOutbox(deps)) {
  const readModel = ReadModel.of(deps.dataSource);
  return {
    async sendReceipt({ caseId, reportId }: SendReceiptInput): Promise<SendReceiptResult> {
      const report = await readModel.cases.findReport(reportId);
      if (!report) throw ApplicationFailure.nonRetryable(`Report ${reportId} is not recorded`, 'ReportNotFound');
      const outboxId = `receipt:${reportId}`;
      const mail = receiptMail({ reporterName: report.reporterName, receivedAt: report.receivedAt, reportId });
      await readModel.mailOutbox.add({ id: outboxId, caseId, toAddress: report.reporterEmail, subject: mail.subject, bodyText: mail.text });
      const alreadySent = await deliver(outboxId);
      return { outboxId, alreadySent };
    },
  };
}
