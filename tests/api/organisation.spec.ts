// The organisation's admin endpoints over real HTTP: the demo organisation as seeded, users with their
// absences and stand-ins, teams, the department and partner departments. Bad bodies answer 400
// naming the field, unknown ids 404, duplicates 409; random bodies never get a 5xx or leave a half
// written row. Only rows this file creates are changed: other test files read the demo organisation.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DEMO_DEPARTMENT, DEMO_IDS } from '../../libs/organisation/demo-organisation';
import { send, tokenFor } from '../support/auth';
import { sql } from '../support/database';
import { dayFromNow } from '../support/dates';
import { describeRequest, type FuzzRequest, fuzzBodies, type Tree } from '../support/fuzz-bodies';
import { useSignedInApi } from '../support/workflow-harness';

jest.setTimeout(10 * 60_000);

const h = useSignedInApi('organisation', ['admin', 'anna', 'sofie'], { worker: false });
const { admin } = h.as;

const tag = () => randomUUID().slice(0, 8);
const newUser = (extra: Record<string, unknown> = {}) => {
  const t = tag();
  return {
    username: `test-${t}`,
    displayName: `Test ${t}`,
    email: `test-${t}@closer.test`,
    roles: ['coordinator'],
    teamId: 'team-south',
    ...extra,
  };
};

async function created(path: string, body: unknown) {
  const res = await admin.post(path, body);
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
  return res.body;
}

/** Refused (400 unless said otherwise) with a message that begins with the field's name. */
async function refused(answer: Promise<{ status: number; body: any }>, field: string, status = 400) {
  const res = await answer;
  const message: unknown = res.body?.message;
  expect({ status: res.status, namesField: typeof message === 'string' && message.startsWith(`${field} `), message }).toEqual({
    status,
    namesField: true,
    message,
  });
}

describe('reading the organisation', () => {
  it('lists the demo organisation: people, teams, the department and partners with their contact people', async () => {
    const users = await admin.get('/admin/users');
    expect(users.status).toBe(200);
    expect(users.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: DEMO_IDS.anna,
          username: 'anna',
          displayName: 'Anna Kjær',
          email: 'anna@closer.test',
          roles: ['coordinator'],
          teamId: 'team-north',
          caseloadTarget: 25,
          active: true,
        }),
        expect.objectContaining({ id: DEMO_IDS.admin, roles: ['admin'] }),
      ]),
    );
    const teams = await admin.get('/admin/teams');
    expect(teams.body).toEqual(
      expect.arrayContaining([{ id: 'team-north', name: 'Team Nord', supervisorId: DEMO_IDS.supervisorNorth, deputyId: DEMO_IDS.mikkel }]),
    );
    expect((await admin.get('/admin/department')).body).toEqual({
      id: DEMO_DEPARTMENT.id,
      name: DEMO_DEPARTMENT.name,
      headId: DEMO_IDS.head,
      intakeTeamId: 'team-north',
    });
    const partners = await admin.get('/admin/partner-departments');
    expect(partners.body).toEqual(
      expect.arrayContaining([
        {
          id: 'partner-jobcenter',
          kind: 'jobcenter',
          name: 'Jobcenter',
          email: 'jobcenter@closer.test',
          contacts: [{ id: DEMO_IDS.lene, displayName: 'Lene Jobcenter', email: 'lene@closer.test', active: true }],
        },
      ]),
    );
    const anna = await admin.get(`/admin/users/${DEMO_IDS.anna}`);
    expect(anna.body).toMatchObject({ id: DEMO_IDS.anna, subject: DEMO_IDS.anna, absentNow: null });
  });
});

describe('users', () => {
  it('adds a user, changes them, and reads back what was saved', async () => {
    const body = newUser({ email: 'Mixed.Case-' + tag() + '@Closer.Test', caseloadTarget: 20 });
    const user = await created('/admin/users', body);
    expect(user).toMatchObject({
      username: body.username,
      displayName: body.displayName,
      email: (body.email as string).toLowerCase(),
      roles: ['coordinator'],
      teamId: 'team-south',
      partnerDepartmentId: null,
      caseloadTarget: 20,
      active: true,
    });
    expect(user.subject).toBe(user.id);

    const changed = await admin.patch(`/admin/users/${user.id}`, {
      displayName: 'Nyt Navn',
      roles: ['coordinator', 'supervisor'],
      teamId: null,
      caseloadTarget: null,
      active: false,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      id: user.id,
      displayName: 'Nyt Navn',
      roles: ['coordinator', 'supervisor'],
      teamId: null,
      caseloadTarget: null,
      active: false,
    });
    expect((await admin.get(`/admin/users/${user.id}`)).body).toMatchObject({ displayName: 'Nyt Navn', active: false, email: user.email });

    const partner = await created('/admin/users', newUser({ roles: ['partner'], teamId: null, partnerDepartmentId: 'partner-health' }));
    const health = (await admin.get('/admin/partner-departments')).body.find((p: any) => p.id === 'partner-health');
    expect(health.contacts.map((c: any) => c.id)).toContain(partner.id);
  });

  it('answers 409 for a username, email (in any case) or subject another user has, and changes nothing', async () => {
    const first = await created('/admin/users', newUser({ subject: `sub-${tag()}` }));
    await refused(admin.post('/admin/users', newUser({ username: first.username })), 'username', 409);
    await refused(admin.post('/admin/users', newUser({ email: first.email.toUpperCase() })), 'email', 409);
    await refused(admin.post('/admin/users', newUser({ subject: first.subject })), 'subject', 409);
    await refused(admin.post('/admin/users', newUser({ username: 'anna' })), 'username', 409);

    const second = await created('/admin/users', newUser());
    await refused(admin.patch(`/admin/users/${second.id}`, { email: first.email, displayName: 'Må ikke gemmes' }), 'email', 409);
    expect((await admin.get(`/admin/users/${second.id}`)).body).toMatchObject({ email: second.email, displayName: second.displayName });
  });

  it('answers 400 naming the field for a bad body, and creates nobody', async () => {
    const before = await sql(`SELECT count(*)::int AS n FROM users`);
    const base = newUser();
    await refused(admin.post('/admin/users', { ...base, nickname: 'x' }), 'nickname');
    await refused(admin.post('/admin/users', { ...base, email: undefined }), 'email');
    await refused(admin.post('/admin/users', { ...base, email: 'not-an-address' }), 'email');
    await refused(admin.post('/admin/users', { ...base, roles: [] }), 'roles');
    await refused(admin.post('/admin/users', { ...base, roles: ['boss'] }), 'roles[0]');
    await refused(admin.post('/admin/users', { ...base, displayName: 'x'.repeat(201) }), 'displayName');
    await refused(admin.post('/admin/users', { ...base, displayName: 'a\u0000b' }), 'displayName');
    await refused(admin.post('/admin/users', { ...base, username: 'Has Spaces' }), 'username');
    await refused(admin.post('/admin/users', { ...base, caseloadTarget: 2.5 }), 'caseloadTarget');
    await refused(admin.post('/admin/users', { ...base, teamId: 'team-nowhere' }), 'teamId');
    await refused(admin.post('/admin/users', { ...base, roles: ['partner'], teamId: null }), 'partnerDepartmentId');
    await refused(admin.post('/admin/users', { ...base, partnerDepartmentId: 'partner-school' }), 'partnerDepartmentId');
    await refused(
      admin.post('/admin/users', { ...base, roles: ['partner'], partnerDepartmentId: 'partner-nowhere' }),
      'partnerDepartmentId',
    );
    expect((await admin.post('/admin/users', [base])).status).toBe(400);
    expect((await send(`${h.api.url}/admin/users`, 'POST', '{"username": "x",', {})).status).toBe(400);
    expect(await sql(`SELECT count(*)::int AS n FROM users`)).toEqual(before);
  });

  it('answers 404 for a user that does not exist, and 400 for an id that cannot be one', async () => {
    const unknown = randomUUID();
    expect((await admin.get(`/admin/users/${unknown}`)).status).toBe(404);
    expect((await admin.patch(`/admin/users/${unknown}`, { displayName: 'X' })).status).toBe(404);
    expect((await admin.get(`/admin/users/${unknown}/absences`)).status).toBe(404);
    await refused(admin.get('/admin/users/anna'), 'userId');
  });

  it('keeps a supervisor who leads a team from losing the role or leaving until another is appointed', async () => {
    const supervisor = await created('/admin/users', newUser({ roles: ['supervisor'] }));
    const team = await created('/admin/teams', { id: `team-${tag()}`, name: 'Team Post', supervisorId: supervisor.id });
    expect((await admin.patch(`/admin/users/${supervisor.id}`, { roles: ['coordinator'] })).status).toBe(409);
    expect((await admin.patch(`/admin/users/${supervisor.id}`, { active: false })).status).toBe(409);
    expect((await admin.patch(`/admin/teams/${team.id}`, { supervisorId: null })).status).toBe(200);
    expect((await admin.patch(`/admin/users/${supervisor.id}`, { active: false })).body).toMatchObject({ active: false });
  });
});

describe('absences', () => {
  it('registers an absence with a stand-in, shows it while it lasts, and removes it', async () => {
    const away = await created('/admin/users', newUser());
    const standIn = await created('/admin/users', newUser());
    const startsAt = new Date(Date.now() - 3_600_000).toISOString();
    const endsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const absence = await created(`/admin/users/${away.id}/absences`, { startsAt, endsAt, standInId: standIn.id, reason: 'ferie' });
    expect(absence).toMatchObject({ userId: away.id, startsAt, endsAt, standInId: standIn.id, reason: 'ferie' });
    expect((await admin.get(`/admin/users/${away.id}`)).body.absentNow).toEqual(absence);
    expect((await admin.get(`/admin/users/${away.id}/absences`)).body).toEqual([absence]);

    // One absence at a time: another that overlaps it would leave open who stands in.
    const overlap = await admin.post(`/admin/users/${away.id}/absences`, {
      startsAt: endsAt.slice(0, 10),
      endsAt: '2099-01-01',
      standInId: standIn.id,
    });
    expect(overlap.status).toBe(409);

    expect((await admin.delete(`/admin/users/${away.id}/absences/${absence.id}`)).status).toBe(204);
    expect((await admin.get(`/admin/users/${away.id}`)).body.absentNow).toBeNull();
    expect((await admin.delete(`/admin/users/${away.id}/absences/${absence.id}`)).status).toBe(404);
    // Another user's absence is not reachable through this user.
    const other = await created(`/admin/users/${standIn.id}/absences`, { startsAt, endsAt, standInId: away.id });
    expect((await admin.delete(`/admin/users/${away.id}/absences/${other.id}`)).status).toBe(404);
  });

  it('refuses dates in the wrong order and a stand-in who is the same person, unknown or inactive', async () => {
    const away = await created('/admin/users', newUser());
    const inactive = await created('/admin/users', newUser({ active: false }));
    const body = { startsAt: dayFromNow(400), endsAt: dayFromNow(410), standInId: DEMO_IDS.omar };
    await refused(admin.post(`/admin/users/${away.id}/absences`, { ...body, endsAt: dayFromNow(395) }), 'endsAt');
    await refused(admin.post(`/admin/users/${away.id}/absences`, { ...body, endsAt: body.startsAt }), 'endsAt');
    await refused(admin.post(`/admin/users/${away.id}/absences`, { ...body, startsAt: 'tomorrow' }), 'startsAt');
    await refused(admin.post(`/admin/users/${away.id}/absences`, { ...body, standInId: away.id }), 'standInId');
    await refused(admin.post(`/admin/users/${away.id}/absences`, { ...body, standInId: randomUUID() }), 'standInId');
    await refused(admin.post(`/admin/users/${away.id}/absences`, { ...body, standInId: inactive.id }), 'standInId');
    await refused(admin.post(`/admin/users/${away.id}/absences`, { ...body, reason: 'x'.repeat(201) }), 'reason');
    expect((await admin.post(`/admin/users/${randomUUID()}/absences`, body)).status).toBe(404);
    expect((await admin.get(`/admin/users/${away.id}/absences`)).body).toEqual([]);
  });
});

describe('teams', () => {
  it('adds a team, appoints its supervisor and deputy, and refuses people who cannot hold the post', async () => {
    const id = `team-${tag()}`;
    const team = await created('/admin/teams', { id, name: 'Team Vest' });
    expect(team).toEqual({ id, name: 'Team Vest', supervisorId: null, deputyId: null });
    await refused(admin.post('/admin/teams', { id, name: 'Igen' }), 'team', 409);

    await refused(admin.patch(`/admin/teams/${id}`, { supervisorId: DEMO_IDS.anna }), 'supervisorId');
    await refused(admin.patch(`/admin/teams/${id}`, { supervisorId: randomUUID() }), 'supervisorId');
    await refused(admin.patch(`/admin/teams/${id}`, { deputyId: 'mikkel' }), 'deputyId');
    const inactive = await created('/admin/users', newUser({ active: false }));
    await refused(admin.patch(`/admin/teams/${id}`, { deputyId: inactive.id }), 'deputyId');

    const supervisor = await created('/admin/users', newUser({ roles: ['supervisor'], teamId: id }));
    const saved = await admin.patch(`/admin/teams/${id}`, { name: 'Team Vest 2', supervisorId: supervisor.id, deputyId: DEMO_IDS.omar });
    expect(saved.body).toEqual({ id, name: 'Team Vest 2', supervisorId: supervisor.id, deputyId: DEMO_IDS.omar });
    expect((await admin.get('/admin/teams')).body).toContainEqual(saved.body);
  });

  it('answers 400 naming the field for a bad body or id, and 404 for a team that does not exist', async () => {
    await refused(admin.post('/admin/teams', { id: 'Team Med Mellemrum', name: 'X' }), 'id');
    await refused(admin.post('/admin/teams', { id: `team-${tag()}` }), 'name');
    await refused(admin.post('/admin/teams', { id: `team-${tag()}`, name: 'X', members: [] }), 'members');
    expect((await admin.patch(`/admin/teams/team-${tag()}`, { name: 'X' })).status).toBe(404);
    await refused(admin.patch('/admin/teams/NOT%20A%20SLUG', { name: 'X' }), 'teamId');
  });
});

describe('the department', () => {
  it('saves the department, and refuses a head who is not one and an intake team that does not exist', async () => {
    const same = { name: DEMO_DEPARTMENT.name, headId: DEMO_IDS.head, intakeTeamId: DEMO_DEPARTMENT.intakeTeamId };
    const saved = await admin.put('/admin/department', same);
    expect(saved).toMatchObject({ status: 200, body: { id: DEMO_DEPARTMENT.id, ...same } });
    await refused(admin.put('/admin/department', { ...same, headId: DEMO_IDS.anna }), 'headId');
    await refused(admin.put('/admin/department', { ...same, headId: randomUUID() }), 'headId');
    await refused(admin.put('/admin/department', { ...same, intakeTeamId: 'team-nowhere' }), 'intakeTeamId');
    await refused(admin.put('/admin/department', { headId: DEMO_IDS.head, intakeTeamId: null }), 'name');
    await refused(admin.put('/admin/department', { ...same, id: 'other' }), 'id');
    expect((await admin.get('/admin/department')).body).toEqual({ id: DEMO_DEPARTMENT.id, ...same });
  });
});

describe('partner departments', () => {
  it('adds and changes a partner department, with 409 for a taken id, 400 naming the field and 404 for an unknown one', async () => {
    const id = `partner-${tag()}`;
    const partner = await created('/admin/partner-departments', { id, kind: 'school', name: 'Skole Øst' });
    expect(partner).toEqual({ id, kind: 'school', name: 'Skole Øst', email: null, contacts: [] });
    await refused(admin.post('/admin/partner-departments', { id, kind: 'school', name: 'Igen' }), 'partner', 409);
    await refused(admin.post('/admin/partner-departments', { id: `partner-${tag()}`, kind: 'police', name: 'X' }), 'kind');
    await refused(admin.patch(`/admin/partner-departments/${id}`, { email: 'nope' }), 'email');
    const changed = await admin.patch(`/admin/partner-departments/${id}`, { email: 'Skole.Oest@Closer.Test', kind: 'health' });
    expect(changed.body).toEqual({ id, kind: 'health', name: 'Skole Øst', email: 'skole.oest@closer.test', contacts: [] });
    expect((await admin.patch(`/admin/partner-departments/partner-${tag()}`, { name: 'X' })).status).toBe(404);
  });
});

describe('random bodies', () => {
  const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

  async function fuzz(method: 'POST' | 'PATCH' | 'PUT', path: string, base: Record<string, Tree>, onAnswer?: (status: number) => void) {
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(fuzzBodies(base, Object.keys(base), { keys: fc.constant(undefined) }), async (r: FuzzRequest) => {
        const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor('admin')}` };
        if (r.contentType) headers['content-type'] = r.contentType;
        const res = await fetch(`${h.api.url}${path}`, { method, headers, body: r.text, signal: AbortSignal.timeout(30_000) });
        await res.text();
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        onAnswer?.(res.status);
        if (res.status >= 500) throw new Error(`${res.status} for ${describeRequest(r)}`);
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20_261_124) },
    );
    // Signed in as the admin: the bodies reached the endpoint, not just the sign-in check.
    expect({ path, unauthorized: statuses[401] ?? 0, forbidden: statuses[403] ?? 0 }).toEqual({ path, unauthorized: 0, forbidden: 0 });
    return statuses;
  }

  it('answer every write with 2xx or 4xx, and a refused user is never written', async () => {
    const t = tag();
    let createdUsers = 0;
    await fuzz(
      'POST',
      '/admin/users',
      { username: `fuzz-${t}`, displayName: 'Fuzz', email: `fuzz-${t}@closer.test`, roles: ['coordinator'], teamId: 'team-south' },
      (s) => {
        if (s === 201) createdUsers++;
      },
    );
    // A body that was accepted changed at most one field of the base: the other still carries the tag.
    const [{ n }] = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE username LIKE $1 OR email LIKE $1`, [`%${t}%`]);
    expect(n).toBe(createdUsers);

    const user = await created('/admin/users', newUser());
    await fuzz('PATCH', `/admin/users/${user.id}`, {
      displayName: 'Fuzz',
      roles: ['coordinator'],
      teamId: 'team-south',
      caseloadTarget: 10,
      active: true,
    });
    await fuzz('POST', `/admin/users/${user.id}/absences`, {
      startsAt: dayFromNow(400),
      endsAt: dayFromNow(401),
      standInId: DEMO_IDS.omar,
      reason: 'ferie',
    });
    await fuzz('POST', '/admin/teams', { id: `team-fuzz-${t}`, name: 'Fuzz', supervisorId: DEMO_IDS.supervisorSouth, deputyId: null });
    await fuzz('PATCH', `/admin/teams/team-fuzz-${t}`, { name: 'Fuzz', supervisorId: DEMO_IDS.supervisorSouth, deputyId: user.id });
    await fuzz('POST', '/admin/partner-departments', { id: `partner-fuzz-${t}`, kind: 'health', name: 'Fuzz', email: null });
    await fuzz('PATCH', `/admin/partner-departments/partner-fuzz-${t}`, { kind: 'health', name: 'Fuzz', email: 'fuzz@closer.test' });
  });
});

describe('who may manage the organisation', () => {
  // The bodies change nothing that other tests read (same values, or rows of this test's own).
  it('refuses a coordinator every admin route with 403', async () => {
    const { anna } = h.as;
    const own = await created('/admin/users', newUser());
    const user = `/admin/users/${own.id}`;
    const answers = await Promise.all([
      anna.get('/admin/users'),
      anna.post('/admin/users', newUser()),
      anna.get(user),
      anna.patch(user, { displayName: own.displayName }),
      anna.get(`${user}/absences`),
      anna.post(`${user}/absences`, { startsAt: dayFromNow(400), endsAt: dayFromNow(401), standInId: DEMO_IDS.mikkel }),
      anna.delete(`${user}/absences/${randomUUID()}`),
      anna.get('/admin/teams'),
      anna.post('/admin/teams', { id: `team-${tag()}`, name: 'X' }),
      anna.patch('/admin/teams/team-north', { name: 'Team Nord' }),
      anna.get('/admin/department'),
      anna.put('/admin/department', { name: DEMO_DEPARTMENT.name, headId: DEMO_IDS.head, intakeTeamId: DEMO_DEPARTMENT.intakeTeamId }),
      anna.get('/admin/partner-departments'),
      anna.post('/admin/partner-departments', { id: `partner-${tag()}`, kind: 'school', name: 'X' }),
      anna.patch('/admin/partner-departments/partner-school', { name: 'Skole og PPR' }),
    ]);
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 403));
    expect((await admin.get(`${user}/absences`)).body).toEqual([]);
  });

  it('lets a supervisor read the users and teams, and nothing else of the organisation', async () => {
    const { sofie } = h.as;
    expect((await sofie.get('/admin/users')).status).toBe(200);
    expect((await sofie.get('/admin/teams')).status).toBe(200);
    expect((await sofie.get('/admin/department')).status).toBe(403);
    expect((await sofie.patch('/admin/teams/team-north', { name: 'Team Nord' })).status).toBe(403);
  });
});
