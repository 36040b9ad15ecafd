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

/**
 * How long one delivery attempt may take. The mail activities run with a startToCloseTimeout of
 * 30 s (the receipt, workflows/case/handlers/intake.handlers.ts) or 1 minute (the family's new contact,
 * workflows/family/handlers/contact.handlers.ts): an attempt must end well inside that, with time left for the
 * outbox's own statements, or Temporal would start a second attempt while the first is still
 * talking to the server.
 */
export const SMTP_TIMEOUTS = {
  /** DNS lookup, TCP connect and the server's greeting together (nodemailer bounds the greeting by this too). */
  connectionTimeoutMs: 10_000,
  greetingTimeoutMs: 10_000,
  /** Silence on an open connection (a server that stops answering mid-conversation). */
  socketTimeoutMs: 10_000,
  /**
   * The whole attempt, however the time is spent (a server that answers every command just before
   * the socket timeout): 20 s, 10 s inside the activity's 30 s.
   */
  attemptTimeoutMs: 20_000,
} as const;

export class SmtpTimeoutError extends Error {
  constructor(ms: number) {
    super(`SMTP attempt did not finish within ${ms} ms`);
    this.name = 'SmtpTimeoutError';
  }
}

/**
 * SMTP through nodemailer. `smtpUrl` is e.g. smtp://localhost:1025 or smtps://user:pass@host:465.
 * With `pool`, that many connections are kept open and reused (the outbox relay).
 */
export function createSmtpMailer(smtpUrl: string, { pool }: { pool?: number } = {}): Mailer {
  // The URL goes inside the options: a second argument to createTransport would be taken as
  // defaults for each message, and the timeouts silently ignored (nodemailer then waits 2 minutes
  // to connect and 10 minutes on a silent socket).
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    // Fail fast when the SMTP server is down or hangs: the activity retries with backoff.
    connectionTimeout: SMTP_TIMEOUTS.connectionTimeoutMs,
    greetingTimeout: SMTP_TIMEOUTS.greetingTimeoutMs,
    socketTimeout: SMTP_TIMEOUTS.socketTimeoutMs,
    // The outbox relay sends many messages: it keeps up to `pool` connections open and reuses them.
    ...(pool ? { pool: true, maxConnections: pool, maxMessages: 1000 } : {}),
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    async send(mail) {
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new SmtpTimeoutError(SMTP_TIMEOUTS.attemptTimeoutMs)), SMTP_TIMEOUTS.attemptTimeoutMs);
      });
      try {
        const info = await Promise.race([transport.sendMail({ ...mail }), deadline]);
        return { messageId: info.messageId };
      } finally {
        clearTimeout(timer);
      }
    },
    close: () => transport.close(),
  };
}
