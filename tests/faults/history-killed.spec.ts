// Fault (a): Temporal's history service is killed (SIGKILL, no draining: its shards and its place in
// the membership ring are left behind) for 30 s while the cases' deadlines fall due, and commands
// are sent meanwhile. Timers live in the history service: the steps that fell due while it was gone
// fire when it is back, late by about the outage, each once and in order; the commands are refused
// with 503 and Retry-After until then and applied once; every mail goes once.
import { fastRule } from '../support/test-policy';
import { describeFault, expectOutageRiddenOut, useFaultStack } from './fault-stack';

// The 24-hour assessment compressed: reminder at 15 s, overdue and the supervisor at 30 s, the head
// of department at 40 s; the history service is gone from about 8 s to 38 s after the cases open.
const urgency = fastRule(30, { escalateEvery: 10 });

describeFault('the history service killed for 30 s', () => {
  const stack = useFaultStack('history-killed', { users: ['sofie', 'anna'] });

  it('fires every deadline that fell due while it was gone once it is back, once and in order, applies each command once and mails once', async () => {
    await expectOutageRiddenOut(stack, urgency, {
      fault: 'history-killed',
      title: 'Fault (a): the history service killed (SIGKILL) for 30 s',
      what: { down: 'history killed', back: 'serving again' },
      cases: 6,
      outageMs: 30_000,
      takeDown: () => stack.temporal.kill('history'),
      bringBack: () => stack.temporal.start('history'),
    });
  }, 300_000);
});
