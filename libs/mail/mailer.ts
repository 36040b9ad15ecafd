import nodemailer from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  /** Deterministic per outbox row, so a receiving system can spot a resend. */
  messageId: string;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  close(): void;
}

/** SMTP through nodemailer. `smtpUrl` is e.g. smtp://localhost:1025 or smtps://user:pass@host:465. */
export function createSmtpMailer(smtpUrl: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl, {
    // Fail fast when the SMTP server is down: the activity retries with backoff.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Record<string, unknown>);
  return {
    async send(mail) {
      const info = await transport.sendMail({ ...mail });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
