// Fault (c): Temporal's PostgreSQL and the read model's PostgreSQL (two servers, as a municipality
// may run them) are stopped together for 30 s while deadlines fall due and commands are sent, then
// started again. Without its database Temporal keeps no time: the steps due meanwhile fire once it
// can write again, once each and in order. The API answers 503 with Retry-After until both are back;
// every command is then applied once, and every mail goes once.
import { fastRule } from '../support/test-policy';
import { eventually } from '../support/test-env';
import { describeFault, expectOutageRiddenOut, useFaultStack } from './fault-stack';

const CASES = 6;
// Reminder at 15 s, overdue and the supervisor at 30 s, the head of department at 40 s; both
// databases are down from about 8 s to 38 s after the cases open.
const urgency = fastRule(30, { escalateEvery: 10 });

describeFault("Temporal's and the read model's PostgreSQL restarted", () => {
  const stack = useFaultStack('postgres-restarted', { users: ['sofie', 'anna'], separateTemporalPostgres: true });

  it('fires the deadlines that fell due while both were down once they are back, once and in order, applies each command once and mails once', async () => {
    const commands = await expectOutageRiddenOut(stack, urgency, {
      fault: 'postgres-restarted',
      title: "Fault (c): Temporal's and the read model's PostgreSQL stopped for 30 s and started again",
      what: { down: 'both stopped', back: 'accepting connections again' },
      cases: CASES,
      outageMs: 30_000,
      // Everything so far is in the read model: each case's task and receipt.
      beforeOutage: (caseIds) =>
        eventually(
          async () =>
            (await stack.sql(`SELECT 1 FROM mail_outbox WHERE case_id = ANY($1) AND kind = 'activity' AND status = 'sent'`, [caseIds]))
              .length === CASES,
          { what: 'every receipt to be sent' },
        ),
      takeDown: async () => {
        await Promise.all([stack.temporalPg.stop(), stack.readPg.stop()]);
        return Date.now();
      },
      bringBack: async () => {
        await Promise.all([stack.temporalPg.start(), stack.readPg.start()]);
        return Date.now();
      },
      stepsTimeoutMs: 120_000,
    });
    // Without its database the API cannot tell who asks: it says to come back in 5 s.
    expect(commands.flatMap((c) => c.retryAfter)).toContain('5');
    // An outage is no reason to park anything: every write waited and went through.
    expect(await stack.sql('SELECT id FROM dead_letters')).toEqual([]);
  }, 300_000);
});
