// The commands every aggregate with tasks takes alike, without a server: a task done by hand, given
// to another person, and its statutory clock paused or extended with a supervisor's approval.
import { STATUTORY_POLICY } from '../../../libs/policy/case-policy';
import type { ClockChangeRequestView } from '../../../workflows/contract';
import {
  clockChangeDecisionRefusal,
  clockChangeRequestRefusal,
  completeTaskRefusal,
  reassignTaskRefusal,
} from '../../../workflows/support/task.rules';
import { at, byId, refusal, task } from './builders';

const policy = STATUTORY_POLICY; // pauses and extensions of at most 3 months
const now = at('2026-03-02T09:00:00Z');
const due = at('2026-03-09T09:00:00Z');

const open = () => task('preliminary-assessment', { taskId: 't1', dueAt: due, assigneeId: 'anna' });
const done = () => ({ ...task('read-in', { taskId: 't2' }), status: 'done' as const });
const approval = () => task('approval', { taskId: 't3', assignee: 'supervisor' });
const partner = () => task('agreed-action', { taskId: 't4', assignee: 'partner', assigneeId: 'jobcenter' });
const paused = () => ({
  ...task('plan', { taskId: 't5' }),
  clock: {
    state: 'paused' as const,
    changedAt: now.toISOString(),
    pausedUntil: '2026-04-01T00:00:00.000Z',
    reasonKind: 'family-circumstances' as const,
  },
});
const tasks = () => byId(open(), done(), approval(), partner(), paused());

describe('completing a task by hand', () => {
  it('an open task of this case or measure, of a kind with no command of its own', () => {
    const kinds = ['preliminary-assessment', 'read-in'] as const;
    expect(completeTaskRefusal(tasks(), 't2', kinds, 'case')).toEqual(
      refusal('InvalidCommand', 'taskId t2 is not an open task of this case'),
    );
    expect(completeTaskRefusal(tasks(), 't3', kinds, 'measure')).toEqual(
      refusal('WrongPhase', 'a approval task is done through its own command'),
    );
    expect(completeTaskRefusal(tasks(), 't1', kinds, 'case')).toBeUndefined();
  });
});

describe('giving a task to another person', () => {
  it('a known, open task of a person, not the one who has it', () => {
    expect(reassignTaskRefusal(tasks(), { taskId: 'tx', assigneeId: 'omar' }, 'family')).toEqual(
      refusal('InvalidCommand', 'taskId tx is not an open task of this family'),
    );
    expect(reassignTaskRefusal(tasks(), { taskId: 't2', assigneeId: 'omar' }, 'case')).toEqual(refusal('WrongPhase', 'task t2 is done'));
    expect(reassignTaskRefusal(tasks(), { taskId: 't4', assigneeId: 'omar' }, 'measure')).toEqual(
      refusal('WrongPhase', 'task t4 belongs to a partner department: it is not given to a person here'),
    );
    expect(reassignTaskRefusal(tasks(), { taskId: 't1', assigneeId: 'anna' }, 'case')).toEqual(
      refusal('AlreadyAssigned', 'assigneeId anna already has task t1'),
    );
    expect(reassignTaskRefusal(tasks(), { taskId: 't1', assigneeId: 'omar' }, 'case')).toBeUndefined();
  });
});

describe("asking to change a task's clock", () => {
  const ask = (taskId: string, change: 'pause' | 'extend', until: string, requests: ClockChangeRequestView[] = []) =>
    clockChangeRequestRefusal(tasks(), requests, { taskId, change, until }, now, policy);

  it('of an open task with a statutory clock', () => {
    expect(ask('t2', 'pause', '2026-03-20T00:00:00Z')).toEqual(refusal('InvalidCommand', 'taskId t2 is not an open task here'));
    expect(ask('t3', 'pause', '2026-03-20T00:00:00Z')).toEqual(
      refusal('InvalidCommand', 'taskId t3: a approval task has no statutory clock'),
    );
  });

  it('one request at a time, and not while it is paused', () => {
    const waiting = [{ requestId: 'r1', taskId: 't1' } as ClockChangeRequestView];
    expect(ask('t1', 'pause', '2026-03-20T00:00:00Z', waiting)).toEqual(
      refusal('WrongPhase', 'a request to change the clock of task t1 is already waiting for a supervisor'),
    );
    expect(ask('t5', 'extend', '2026-05-01T00:00:00Z')).toEqual(refusal('WrongPhase', 'the clock of task t5 is already paused'));
  });

  it('a pause ends in the future, within the longest pause the policy allows', () => {
    expect(ask('t1', 'pause', '2026-03-01T00:00:00Z')).toEqual(refusal('InvalidCommand', 'until must be in the future'));
    expect(ask('t1', 'pause', '2026-07-01T00:00:00Z')).toEqual(
      refusal('InvalidCommand', 'until is further away than the longest pause the policy allows'),
    );
    expect(ask('t1', 'pause', '2026-04-01T00:00:00Z')).toBeUndefined();
  });

  it('an extension moves the due time later, within the policy', () => {
    expect(ask('t1', 'extend', '2026-03-08T00:00:00Z')).toEqual(
      refusal('InvalidCommand', 'until must be after the current due time and in the future'),
    );
    expect(ask('t1', 'extend', '2026-07-01T00:00:00Z')).toEqual(
      refusal('InvalidCommand', 'until moves the due time further than the policy allows'),
    );
    expect(ask('t1', 'extend', '2026-04-01T00:00:00Z')).toBeUndefined();
  });
});

describe('deciding on a clock change', () => {
  const request = (o: Partial<ClockChangeRequestView> = {}): ClockChangeRequestView => ({
    requestId: 'r1',
    taskId: 't1',
    change: 'pause',
    until: '2026-04-01T00:00:00.000Z',
    reasonKind: 'family-circumstances',
    requestedBy: 'anna',
    requestedAt: now.toISOString(),
    approvalTaskId: 't-approval',
    ...o,
  });
  const decide = (r: ClockChangeRequestView, actor = 'sofie', approved = true, when = now) =>
    clockChangeDecisionRefusal(tasks(), [r], { actor, requestId: 'r1', approved }, when);

  it('a pending request, by someone other than the one who asked (four eyes)', () => {
    expect(clockChangeDecisionRefusal(tasks(), [], { actor: 'sofie', requestId: 'r1', approved: true }, now)).toEqual(
      refusal('InvalidCommand', 'requestId r1 is not a pending clock change here'),
    );
    expect(decide(request(), 'anna')).toEqual(
      refusal('WrongPhase', 'a clock change is approved by someone other than the one who asked for it (four eyes)'),
    );
  });

  it('an approval must still change the clock; a refusal always may', () => {
    expect(decide(request({ taskId: 't2' }))).toEqual(refusal('WrongPhase', 'task t2 is no longer open: refuse the request instead'));
    expect(decide(request(), 'sofie', true, at('2026-04-02T00:00:00Z'))).toEqual(
      refusal('WrongPhase', 'the pause would already be over: refuse the request instead'),
    );
    expect(decide(request({ change: 'extend', until: '2026-03-08T00:00:00.000Z' }))).toEqual(
      refusal('WrongPhase', 'the task is already due later than the extension: refuse the request instead'),
    );
    expect(decide(request({ taskId: 't2' }), 'sofie', false)).toBeUndefined();
    expect(decide(request())).toBeUndefined();
  });
});
