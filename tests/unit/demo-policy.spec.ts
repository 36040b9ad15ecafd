// The demo policy (CASE_POLICY=demo): the statutory process in minutes, clearly not statutory, so a
// newcomer sees reminders, escalations and their mails within minutes of a report.
import { loadConfig } from '../../libs/config/config';
import { DEMO_POLICY, POLICIES, STATUTORY_POLICY } from '../../libs/policy/case-policy';
import { deadlineSteps, dueAfter } from '../../libs/policy/deadline-schedule';

/** Every span of a policy, with where it is. */
function spans(value: unknown, path = ''): { path: string; span: Record<string, number> }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => spans(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  if (keys.length === 1 && ['seconds', 'clockHours', 'calendarDays', 'weekdays', 'calendarMonths'].includes(keys[0]))
    return [{ path, span: value as Record<string, number> }];
  return Object.entries(value)
    .filter(([k]) => k !== 'calendar')
    .flatMap(([k, v]) => spans(v, `${path}.${k}`));
}

/** The policy's shape without its durations: the steps, chains and who each goes to. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value === null || typeof value !== 'object') return value;
  if (spans(value).length === 1 && spans(value)[0].path === '') return 'span';
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, ['version', 'description', 'moveToWeekday'].includes(k) ? '·' : shape(v)]),
  );
}

it('is chosen with CASE_POLICY=demo and says plainly that it is not statutory', () => {
  expect(
    loadConfig({ PAYLOAD_KEYS: `k:${Buffer.alloc(32).toString('base64')}`, DATABASE_URL: 'postgres://x/y', CASE_POLICY: 'demo' })
      .casePolicyVersion,
  ).toBe('demo');
  expect(POLICIES.demo).toBe(DEMO_POLICY);
  expect(DEMO_POLICY.description).toMatch(/^DEMO — NOT STATUTORY/);
});

it('keeps every step and escalation chain of the statutory policy, with every duration in seconds', () => {
  expect(shape(DEMO_POLICY)).toEqual(shape(STATUTORY_POLICY));
  const all = spans(DEMO_POLICY);
  expect(all.length).toBe(spans(STATUTORY_POLICY).length);
  expect(all.filter((s) => !('seconds' in s.span))).toEqual([]);
  // Nothing waits more than an hour, and no due time is moved to a weekday.
  expect(Math.max(...all.map((s) => s.span.seconds))).toBeLessThanOrEqual(3600);
  expect(JSON.stringify(DEMO_POLICY)).not.toContain('"moveToWeekday":true');
});

it('brings the 24-hour urgency assessment due in 4 minutes, escalated the moment it is due, on a Sunday too', () => {
  const sunday = new Date('2026-11-22T10:00:00Z');
  const due = dueAfter(sunday, DEMO_POLICY.urgencyAssessment, DEMO_POLICY.calendar);
  expect(due.getTime() - sunday.getTime()).toBe(4 * 60_000);
  const steps = deadlineSteps(sunday, due, DEMO_POLICY.urgencyAssessment, DEMO_POLICY.calendar);
  const last = steps.at(-1)!;
  expect(new Date(last.at).getTime() - sunday.getTime()).toBeLessThanOrEqual(60 * 60_000);
  expect(steps.map((s) => s.type)).toContain('escalation');
  // The 6-month follow-up cadence becomes 30 minutes; the 4-month assessment 20.
  expect(DEMO_POLICY.measure.followUpCadence).toEqual({ seconds: 1800 });
  expect(dueAfter(sunday, DEMO_POLICY.assessment, DEMO_POLICY.calendar).getTime() - sunday.getTime()).toBe(20 * 60_000);
});
