// Each person chooses how they hear of their tasks: each step by mail at once, or a daily digest at a
// time of their choosing (Danish time), kept as a Temporal schedule. Over real HTTP with a real
// Temporal server; bad input answers 400 naming the field and changes nothing.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { digestScheduleId } from '../../libs/notifications/digest-schedules';
import { sql } from '../support/database';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('notification-settings', ['omar'], {
  worker: false,
  cleanUp: ({ as }) => as.omar.put('/me/notification-settings', { mode: 'immediate' }),
});
const { omar } = h.as;
const schedule = async () => h.client.schedule.getHandle(digestScheduleId(DEMO_IDS.omar));

const mode = async () =>
  (
    await sql<{ notification_mode: string; digest_time: string }>('SELECT notification_mode, digest_time FROM users WHERE id = $1', [
      DEMO_IDS.omar,
    ])
  )[0];

it('starts with immediate mail and says what always goes at once', async () => {
  const res = await omar.get('/me/notification-settings');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    mode: 'immediate',
    timezone: 'Europe/Copenhagen',
    alwaysImmediate: {
      escalationsTo: ['supervisor', 'head-of-department'],
      taskKinds: [{ kind: 'urgency-assessment', legalBasis: 'Barnets Lov § 136' }],
    },
  });
});

it('refuses a bad choice with 400 naming the field, and changes nothing', async () => {
  const before = await mode();
  for (const [body, field] of [
    [{ mode: 'weekly' }, 'mode'],
    [{ mode: 'digest', digestTime: '24:00' }, 'digestTime'],
    [{ mode: 'digest', digestTime: '7:30' }, 'digestTime'],
    [{ mode: 'digest', digestTime: 730 }, 'digestTime'],
    [{ mode: 'digest', sendTo: 'x@y.dk' }, 'sendTo'],
    [{}, 'mode'],
  ] as const) {
    const res = await omar.put('/me/notification-settings', body);
    expect({ status: res.status, message: res.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(new RegExp(`^${field}\\b`)),
    });
  }
  expect(await mode()).toEqual(before);
});

it('keeps a digest as a daily schedule at the chosen Danish time, moves it, and removes it for immediate mail', async () => {
  const chosen = await omar.put('/me/notification-settings', { mode: 'digest', digestTime: '06:45' });
  expect(chosen.status).toBe(200);
  expect(chosen.body).toMatchObject({ mode: 'digest', digestTime: '06:45' });
  expect(await mode()).toEqual({ notification_mode: 'digest', digest_time: '06:45' });
  let spec = (await (await schedule()).describe()).spec;
  expect(spec.timezone).toBe('Europe/Copenhagen');
  expect(spec.calendars?.[0]).toMatchObject({ hour: [{ start: 6, end: 6, step: 1 }], minute: [{ start: 45, end: 45, step: 1 }] });

  // The same request again is harmless; a new time moves the schedule.
  expect((await omar.put('/me/notification-settings', { mode: 'digest', digestTime: '06:45' })).status).toBe(200);
  expect((await omar.put('/me/notification-settings', { mode: 'digest', digestTime: '16:05' })).status).toBe(200);
  spec = (await (await schedule()).describe()).spec;
  expect(spec.calendars?.[0]).toMatchObject({ hour: [{ start: 16, end: 16, step: 1 }], minute: [{ start: 5, end: 5, step: 1 }] });

  expect((await omar.put('/me/notification-settings', { mode: 'immediate' })).body).toMatchObject({
    mode: 'immediate',
    digestTime: '16:05',
  });
  await expect((await schedule()).describe()).rejects.toThrow(/not found/i);
});

it('lists only my own notifications, key-paged, and refuses a forged cursor', async () => {
  const res = await omar.get('/me/notifications?limit=2');
  expect(res.status).toBe(200);
  expect(Array.isArray(res.body.items)).toBe(true);
  for (const bad of ['limit=0', 'limit=201', 'limit=x', 'cursor=not-a-cursor'])
    expect((await omar.get(`/me/notifications?${bad}`)).status).toBe(400);
});
