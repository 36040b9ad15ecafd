// What is computed from a task record alone (the step its timers wait for, a pause, a new due
// time), which holdings a handover moves, and how a child's intake routes its reports: no server.
import { STATUTORY_POLICY } from '../../../libs/policy/case-policy';
import { caseGone, newIntakeState, openCaseId, requeueReturned, route, routeOf } from '../../../workflows/child-intake/child-intake.state';
import type { ReportOfConcern } from '../../../workflows/contract';
import { handoverSelection, NOT_HELD } from '../../../workflows/handover/handover.rules';
import { nextStep, pauseRecord, rescheduleRecord } from '../../../workflows/support/task-record';
import { at, cal, task } from './builders';

describe('a task record', () => {
  it('the assessment reminds weekly once all its steps have fired, until it is done', () => {
    const opened = at('2026-03-02T09:00:00Z');
    const rec = task('assessment', { openedAt: opened, dueAt: at('2026-07-02T08:00:00Z'), rule: STATUTORY_POLICY.assessment });
    expect(rec.steps.map((s) => s.type)).toEqual(['reminder', 'reminder', 'reminder', 'due', 'escalation']);
    rec.fired = rec.steps.length;
    expect(nextStep(rec, cal)).toEqual({ at: '2026-07-09T08:00:00.000Z', type: 'reminder', to: 'assignee', level: 0 });
    rec.repeats = 1;
    rec.escalationLevel = 1;
    expect(nextStep(rec, cal)).toEqual({ at: '2026-07-16T08:00:00.000Z', type: 'reminder', to: 'assignee', level: 1 });
  });

  it('a pause moves the due time and every step on by its length, and starts a new generation', () => {
    const rec = task('plan', { openedAt: at('2026-03-02T09:00:00Z'), dueAt: at('2026-03-09T09:00:00Z') });
    const steps = rec.steps.map((s) => Date.parse(s.at));
    pauseRecord(rec, at('2026-03-12T09:00:00Z'), 'child-unavailable', at('2026-03-05T09:00:00Z'));
    expect(rec.dueAt).toBe('2026-03-16T09:00:00.000Z');
    expect(rec.steps.map((s) => Date.parse(s.at) - 7 * 86_400_000)).toEqual(steps);
    expect(rec.clock).toMatchObject({ state: 'paused', pausedUntil: '2026-03-12T09:00:00.000Z' });
    expect(rec.generation).toBe(1);
  });

  it('a new due time lays out its steps again from now, and none has fired', () => {
    const rec = task('agreed-action', { openedAt: at('2026-03-02T09:00:00Z'), dueAt: at('2026-03-09T09:00:00Z') });
    rec.fired = 2;
    rescheduleRecord(rec, at('2026-04-09T08:00:00Z'), STATUTORY_POLICY.measure.agreedAction, at('2026-03-09T09:00:00Z'), cal);
    expect(rec).toMatchObject({ fired: 0, repeats: 0, generation: 1, dueAt: '2026-04-09T08:00:00.000Z' });
    expect(rec.steps.find((s) => s.type === 'due')?.at).toBe('2026-04-09T08:00:00.000Z');
  });
});

describe('a handover', () => {
  const held = { familyIds: ['f1', 'f2'], caseIds: ['c1', 'c2'] };

  it('moves everything the coordinator holds when nothing is named', () => {
    expect(handoverSelection(held, undefined, undefined)).toEqual({ familyIds: ['f1', 'f2'], caseIds: ['c1', 'c2'], refused: [] });
  });

  it('moves only what is named and held; named ones not held are refused', () => {
    expect(handoverSelection(held, ['c2', 'c9'], ['f8'])).toEqual({
      familyIds: [],
      caseIds: ['c2'],
      refused: [
        { caseId: 'family:f8', reason: NOT_HELD },
        { caseId: 'c9', reason: NOT_HELD },
      ],
    });
  });
});

describe("a child's intake", () => {
  const report = (reportId: string, receivedAt: string) => ({ reportId, receivedAt }) as ReportOfConcern;
  let next = 0;
  const newId = () => `case-${++next}`;

  it('sends reports waiting for a case that closed to the next case', () => {
    const s = newIntakeState('child-1');
    const first = openCaseId(s, newId);
    s.queue.push(report('r1', '2026-03-02T09:00:00Z'));
    route(s, 'r1', first);
    caseGone(s, first, newId);
    expect(s.closedCaseIds).toEqual([first]);
    expect(routeOf(s, 'r1')?.caseId).toBe(s.openCase!.caseId);
    expect(s.openCase!.caseId).not.toBe(first);
  });

  it('queues a report handed back in the order the reports were received', () => {
    const s = newIntakeState('child-1');
    s.queue.push(report('r1', '2026-03-02T09:00:00Z'), report('r3', '2026-03-04T09:00:00Z'));
    requeueReturned(s, report('r2', '2026-03-03T09:00:00Z'));
    expect(s.queue.map((r) => r.reportId)).toEqual(['r1', 'r2', 'r3']);
  });
});
