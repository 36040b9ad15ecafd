// The outbox holds no transaction or row lock while it talks to SMTP: a delivery claims the message
// with a lease, sends outside any transaction, then marks it sent.
import 'reflect-metadata';
import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createOutbox, OUTBOX_LEASE_SECONDS } from '../../activities/mail.activity';
import { dataSourceOptions } from '../../libs/db/data-source-options';
import { createSmtpMailer, SMTP_TIMEOUTS } from '../../libs/mail/mailer';
import { MailCatcher } from '../support/mail-catcher';
import { eventually, testEnv } from '../support/test-env';

/** The receipt activity's startToCloseTimeout (workflows/case/handlers/intake.handlers.ts). */
const ACTIVITY_START_TO_CLOSE_MS = 30_000;

let ds: DataSource;
let mail: MailCatcher;
beforeAll(async () => {
  ds = await new DataSource(dataSourceOptions(testEnv().databaseUrl)).initialize();
  mail = await MailCatcher.start();
});
afterAll(async () => {
  await ds?.destroy();
  await mail?.stop();
});

async function newMessage(to: string): Promise<string> {
  const id = `test:${randomUUID()}`;
  await ds.query(`INSERT INTO mail_outbox (id, to_address, subject, body_text) VALUES ($1, $2, 'Kvittering', 'Tak for din underretning')`, [
    id,
    to,
  ]);
  return id;
}

const row = async (id: string) =>
  (
    (await ds.query('SELECT status, attempts, lease_until FROM mail_outbox WHERE id = $1', [id])) as {
      status: string;
      attempts: number;
      lease_until: Date | null;
    }[]
  )[0];

it('sends a message once when two deliveries of it run at the same moment', async () => {
  const to = `laerer.${randomUUID().slice(0, 8)}@skole.example.dk`;
  const id = await newMessage(to);
  const mailer = createSmtpMailer(mail.smtpUrl);
  const { deliver } = createOutbox({ dataSource: ds, mailer, mailFrom: 'Closer <no-reply@closer.local>' });
  try {
    const results = await Promise.allSettled([deliver(id), deliver(id)]);
    // One sent it; the other found it claimed (a retryable failure: its retry finds it sent) or already sent.
    const sent = results.filter((r) => r.status === 'fulfilled' && r.value === false);
    expect(sent).toHaveLength(1);
    for (const other of results.filter((r) => !(r.status === 'fulfilled' && r.value === false))) {
      if (other.status === 'fulfilled') expect(other.value).toBe(true);
      else expect(other.reason).toMatchObject({ type: 'OutboxMessageClaimed', nonRetryable: false });
    }
    await expect(deliver(id)).resolves.toBe(true); // the retry
    await eventually(async () => (await mail.messagesTo(to)).length >= 1, { what: 'the mail' });
    expect(await mail.messagesTo(to)).toHaveLength(1);
    expect(await row(id)).toMatchObject({ status: 'sent', lease_until: null });
  } finally {
    mailer.close();
  }
});

it('gives up on an SMTP server that accepts the connection but never answers within its timeout, holding no lock meanwhile', async () => {
  // The timeouts fit inside the activity's, with room for the outbox's own statements.
  expect(SMTP_TIMEOUTS.attemptTimeoutMs).toBeLessThanOrEqual(ACTIVITY_START_TO_CLOSE_MS - 5_000);
  expect(OUTBOX_LEASE_SECONDS * 1000).toBeGreaterThan(SMTP_TIMEOUTS.attemptTimeoutMs);

  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => sockets.push(socket)); // never greets
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const port = (silent.address() as net.AddressInfo).port;
  const mailer = createSmtpMailer(`smtp://127.0.0.1:${port}`);
  const id = await newMessage('hanne@skole.example.dk');
  try {
    const started = Date.now();
    const attempt = createOutbox({ dataSource: ds, mailer, mailFrom: 'Closer <no-reply@closer.local>' })
      .deliver(id)
      .then(
        () => ({ ok: true as const, at: Date.now() }),
        (err: unknown) => ({ ok: false as const, err, at: Date.now() }),
      );
    let settled = false;
    void attempt.then(() => (settled = true));
    await eventually(async () => sockets.length > 0, { what: 'the SMTP connection' });

    // While the delivery waits for the server, the row is claimed but not locked: another
    // transaction updates it at once (it would wait, then fail after 1 s, if a lock were held).
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await row(id)).lease_until!.getTime()).toBeGreaterThan(Date.now());
    const qr = ds.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query(`SET LOCAL lock_timeout = '1s'`);
      await qr.query(`UPDATE mail_outbox SET subject = 'Kvittering (rettet)' WHERE id = $1`, [id]);
      await qr.commitTransaction();
      // … and did so while the delivery was still waiting for the server.
      expect(settled).toBe(false);
    } finally {
      await qr.release();
    }
    expect(sockets.length).toBeGreaterThan(0);

    const result = await attempt;
    expect(result.ok).toBe(false);
    expect(result).toMatchObject({ err: { type: 'SmtpDeliveryFailed', nonRetryable: false } });
    const took = result.at - started;
    expect(took).toBeGreaterThanOrEqual(SMTP_TIMEOUTS.greetingTimeoutMs - 1_000); // it waited for the greeting, then gave up
    // … on one of nodemailer's own timeouts (greeting, connection and socket are all 10 s, so any of
    // them may fire first), which fit inside the attempt's and the activity's (checked above): the
    // attempt's 20 s backstop (SmtpTimeoutError) never had to end it.
    const message = (result as { err: Error }).err.message;
    expect(message).toMatch(/Greeting never received|Connection timeout|Timeout/);
    expect(message).not.toContain('SMTP attempt did not finish');
    // The claim is freed for the next attempt, and the edit made meanwhile is kept.
    expect(await row(id)).toMatchObject({ status: 'pending', attempts: 1, lease_until: null });
    expect(await ds.query('SELECT subject FROM mail_outbox WHERE id = $1', [id])).toEqual([{ subject: 'Kvittering (rettet)' }]);
  } finally {
    mailer.close();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => silent.close(resolve));
  }
});
