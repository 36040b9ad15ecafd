// The audit lists and the family file export over real HTTP: an admin lists a case's or a person's
// records newest first, page by page; bad query parameters answer 400 naming the field; a family's
// export carries its cases and is itself recorded.
import { randomUUID } from 'node:crypto';
import { DEMO_IDS, DEMO_TEAMS } from '../../libs/organisation/demo-organisation';
import { sql } from '../support/database';
import { postJson, sampleReport } from '../support/reports';
import { eventually } from '../support/test-env';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('audit', ['admin', 'sofie', 'hanne', 'anna', 'jonas']);

interface Seed {
  actorId?: string;
  actorRole?: string;
  action?: string;
  command?: string | null;
  caseId?: string | null;
  familyId?: string | null;
  outOfScope?: boolean;
  reason?: string | null;
  teamId?: string | null;
}

/** One record, written with the INSERT AuditService uses (each its own statement, so its own time). */
async function seed(s: Seed): Promise<string> {
  const [row] = await sql<{ id: string }>(
    `INSERT INTO audit_records (actor_id, actor_role, action, command, case_id, family_id, measure_id, outcome, out_of_scope, reason, team_id, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, NULL, 'allowed', $7, $8, $9, NULL) RETURNING id::text AS id`,
    [
      s.actorId ?? DEMO_IDS.anna,
      s.actorRole ?? 'coordinator',
      s.action ?? 'case.read',
      s.command ?? null,
      s.caseId ?? null,
      s.familyId ?? null,
      s.outOfScope ?? false,
      s.reason ?? null,
      s.teamId === undefined ? 'team-north' : s.teamId,
    ],
  );
  return row.id;
}

it("lists a case's records for an admin newest first, page by page, and only that case's", async () => {
  const { admin } = h.as;
  const caseId = randomUUID();
  const ids: string[] = [];
  ids.push(await seed({ caseId, action: 'case.read' }));
  ids.push(await seed({ caseId, action: 'case.timeline', actorId: DEMO_IDS.supervisorNorth, actorRole: 'supervisor' }));
  ids.push(
    await seed({ caseId, action: 'case.command', command: 'decide-approval', actorId: DEMO_IDS.supervisorNorth, actorRole: 'supervisor' }),
  );
  ids.push(await seed({ caseId, action: 'case.read', outOfScope: true, reason: 'Dækker for Anna', actorId: DEMO_IDS.mikkel }));
  ids.push(await seed({ caseId, action: 'case.read' }));
  await seed({ caseId: randomUUID() }); // another case: never listed
  const newestFirst = [...ids].reverse();

  const all = await admin.get(`/admin/audit?caseId=${caseId}`);
  expect(all.status).toBe(200);
  expect(all.body.items.map((r: { id: string }) => r.id)).toEqual(newestFirst);
  expect(all.body.nextAfter).toBeUndefined();
  expect(all.body.items[2]).toMatchObject({
    caseId,
    actorId: DEMO_IDS.supervisorNorth,
    actorRole: 'supervisor',
    action: 'case.command',
    command: 'decide-approval',
    outcome: 'allowed',
    outOfScope: false,
    teamId: 'team-north',
  });
  expect(all.body.items[1]).toMatchObject({ actorId: DEMO_IDS.mikkel, outOfScope: true, reason: 'Dækker for Anna' });
  const times = all.body.items.map((r: { at: string }) => Date.parse(r.at));
  expect(times).toEqual([...times].sort((a, b) => b - a));

  const pages: string[][] = [];
  let after: string | undefined;
  do {
    const page = await admin.get(`/admin/audit?caseId=${caseId}&limit=2${after ? `&after=${after}` : ''}`);
    expect(page.status).toBe(200);
    pages.push(page.body.items.map((r: { id: string }) => r.id));
    after = page.body.nextAfter;
  } while (after && pages.length < 10);
  expect(pages).toEqual([newestFirst.slice(0, 2), newestFirst.slice(2, 4), newestFirst.slice(4)]);

  // The same list where the case's supervisor asks "who has looked at this child" (a case not in the
  // read model is the intake team's, Team Nord's); her asking is itself recorded first.
  const { sofie } = h.as;
  const forTeam = await sofie.get(`/cases/${caseId}/audit?limit=3`);
  expect(forTeam.status).toBe(200);
  expect(forTeam.body.items[0]).toMatchObject({ caseId, actorId: DEMO_IDS.supervisorNorth, action: 'case.audit', outcome: 'allowed' });
  expect(forTeam.body.items.slice(1).map((r: { id: string }) => r.id)).toEqual(newestFirst.slice(0, 2));
  expect(forTeam.body.nextAfter).toBe(newestFirst[1]);
  // An admin reads audits through /admin/audit: the case itself is out of an admin's reach.
  expect((await admin.get(`/cases/${caseId}/audit`)).status).toBe(404);
});

it('lists what one person did, across cases, newest first', async () => {
  const { admin } = h.as;
  const person = randomUUID();
  const first = await seed({ actorId: person, caseId: randomUUID() });
  const second = await seed({ actorId: person, action: 'family.read', familyId: randomUUID(), teamId: null });
  await seed({ caseId: randomUUID() }); // someone else

  const res = await admin.get(`/admin/audit?userId=${person}`);
  expect(res.status).toBe(200);
  expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([second, first]);
  expect(res.body.items[0]).toMatchObject({ action: 'family.read', caseId: null, teamId: null });
});

it('answers bad query parameters with 400 naming the field', async () => {
  const { admin, sofie } = h.as;
  const id = randomUUID();
  for (const [path, field] of [
    ['/admin/audit', 'caseId'],
    ['/admin/audit', 'userId'],
    [`/admin/audit?caseId=${id}&userId=${id}`, 'caseId'],
    [`/admin/audit?caseId=${id}&userId=${id}`, 'userId'],
    ['/admin/audit?caseId=not-a-uuid', 'caseId'],
    ['/admin/audit?userId=nope', 'userId'],
    [`/admin/audit?caseId=${'a'.repeat(5000)}`, 'caseId'],
    [`/admin/audit?caseId=${id}&limit=0`, 'limit'],
    [`/admin/audit?caseId=${id}&limit=201`, 'limit'],
    [`/admin/audit?caseId=${id}&limit=many`, 'limit'],
    [`/admin/audit?caseId=${id}&after=0`, 'after'],
    [`/admin/audit?caseId=${id}&after=-3`, 'after'],
    [`/admin/audit?caseId=${id}&after=1e3`, 'after'],
    [`/admin/audit?caseId=${id}&after=${'9'.repeat(40)}`, 'after'],
    [`/admin/audit?caseId=${id}&after=1&after=2`, 'after'],
    [`/admin/audit?caseId=${id}&sort=asc`, 'sort'],
    ['/cases/not-a-uuid/audit', 'caseId'],
    // Another case: the supervisor's asking is recorded (before the parameters are read), and this id's list stays empty.
    [`/cases/${randomUUID()}/audit?limit=-1`, 'limit'],
  ] as const) {
    // A case's own audit list is the supervisor's; the lists of all are the admin's.
    const res = await (path.startsWith('/cases/') ? sofie : admin).get(path);
    expect({ path: path.slice(0, 120), status: res.status }).toEqual({ path: path.slice(0, 120), status: 400 });
    expect(JSON.stringify(res.body.message)).toContain(field);
  }
  // The largest page there is, and a page key past every record: an empty page, not an error.
  const unseen = randomUUID();
  expect((await admin.get(`/admin/audit?caseId=${unseen}&limit=200`)).body).toEqual({ items: [] });
  expect((await admin.get(`/admin/audit?caseId=${unseen}&after=1`)).body).toEqual({ items: [] });
});

/** A family of Team Nord (anna its contact person) with one child case linked to it, both in the read model. */
async function familyWithCase(teamId: 'team-north') {
  // Registered and linked by the team's supervisor; the report comes in through the public form.
  const { sofie } = h.as;
  const post = (path: string, body: unknown) => sofie.post(path, body);
  const report = sampleReport();
  const { body: opened } = await postJson(`${h.api.url}/reports`, report);
  const caseId: string = await eventually(
    async () => {
      if (opened.caseId) return opened.caseId as string;
      return (await sql<{ case_id: string }>('SELECT case_id FROM reports WHERE id = $1', [opened.reportId]))[0]?.case_id;
    },
    { what: 'the case of the report' },
  );
  const family = await post('/families', { coordinatorId: DEMO_IDS.anna, teamId });
  expect(family.status).toBe(201);
  const familyId: string = family.body.familyId;
  await eventually(async () => (await sql('SELECT id FROM cases WHERE id = $1', [caseId])).length === 1, { what: 'the case row' });
  expect((await post(`/families/${familyId}/commands/link-child-case`, { caseId })).status).toBe(200);
  await eventually(
    async () =>
      (await sql('SELECT id FROM families WHERE id = $1', [familyId])).length === 1 &&
      (await sql('SELECT id FROM cases WHERE family_id = $1', [familyId])).length === 1,
    { what: 'the family and its case in the read model' },
  );
  return { familyId, caseId, report };
}

const exportRows = (familyId: string) =>
  sql<{ actor_id: string; actor_role: string; case_id: string | null; outcome: string }>(
    `SELECT actor_id, actor_role, case_id, outcome FROM audit_records WHERE family_id = $1 AND action = 'family.export' ORDER BY case_id NULLS FIRST`,
    [familyId],
  );

it("exports a family's file with its case and who looked at it, and records the export before answering", async () => {
  const { hanne: head } = h.as;
  const { familyId, caseId, report } = await familyWithCase('team-north');
  const looked = await seed({ caseId, actorId: DEMO_IDS.anna, action: 'case.read' });

  const res = await head.get(`/families/${familyId}/export`);
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.body.family).toMatchObject({ id: familyId, coordinatorId: DEMO_IDS.anna, teamId: 'team-north' });
  expect(Date.parse(res.body.exportedAt)).toBeGreaterThan(Date.now() - 60_000);
  expect(res.body.cases).toHaveLength(1);
  const [file] = res.body.cases;
  expect(file.case).toMatchObject({ id: caseId, familyId });
  expect(file.events.length).toBeGreaterThan(0);
  expect(file.events.every((e: { caseId: string }) => e.caseId === caseId)).toBe(true);
  expect(file.audit).toEqual([expect.objectContaining({ id: looked, actorId: DEMO_IDS.anna, action: 'case.read' })]);
  // The report is named, not quoted: its reporter and concern stay out of the export.
  expect(file.reports).toHaveLength(1);
  expect(Object.keys(file.reports[0]).sort()).toEqual(['caseId', 'id', 'receivedAt']);
  expect(res.text).not.toContain(report.reporter.name);
  expect(res.text).not.toContain(report.concern);

  // Recorded: one row for the family, one for its case, as the head who asked.
  expect(await exportRows(familyId)).toEqual([
    { actor_id: DEMO_IDS.head, actor_role: 'head-of-department', case_id: null, outcome: 'allowed' },
    { actor_id: DEMO_IDS.head, actor_role: 'head-of-department', case_id: caseId, outcome: 'allowed' },
  ]);
  // The next export shows the first one among those who looked at the file.
  const again = await head.get(`/families/${familyId}/export`);
  expect(again.body.cases[0].audit.map((r: { action: string }) => r.action)).toEqual(['case.read', 'family.export']);
  // The family's own records: the supervisor linking the case, the first export, and this one (the
  // guard records it before the file is read).
  expect(again.body.audit.map((r: { action: string; actorId: string; caseId: string | null }) => [r.action, r.actorId, r.caseId])).toEqual([
    ['family.command', DEMO_IDS.supervisorNorth, null],
    ['family.export', DEMO_IDS.head, null],
    ['family.export', DEMO_IDS.head, null],
  ]);

  expect((await head.get(`/families/${randomUUID()}/export`)).status).toBe(404);
});

it('refuses a coordinator the export and the audit lists, and records no export for them', async () => {
  const { anna } = h.as;
  const { familyId, caseId } = await familyWithCase('team-north');
  expect([403, 404]).toContain((await anna.get(`/families/${familyId}/export`)).status);
  expect([403, 404]).toContain((await anna.get(`/cases/${caseId}/audit`)).status);
  expect((await anna.get('/audit/flagged')).status).toBe(403);
  expect((await anna.get(`/admin/audit?caseId=${caseId}`)).status).toBe(403);
  expect((await exportRows(familyId)).filter((r) => r.outcome === 'allowed')).toEqual([]);
});

it("shows a supervisor the out-of-scope reads on their own team's cases only, and the head all of them", async () => {
  // The organisation tables come with migration 1795600000000 and the demo teams with its seed;
  // without them (this branch alone) a minimal teams table with the demo teams stands in.
  const [{ present }] = await sql<{ present: boolean }>(`SELECT to_regclass('public.teams') IS NOT NULL AS present`);
  if (!present) {
    await sql(`CREATE TABLE teams (id text PRIMARY KEY, name text NOT NULL, supervisor_id uuid NOT NULL, deputy_id uuid)`);
    for (const t of DEMO_TEAMS) await sql(`INSERT INTO teams VALUES ($1, $2, $3, $4)`, [t.id, t.name, t.supervisorId, t.deputyId]);
  }
  const north = await seed({
    caseId: randomUUID(),
    teamId: 'team-north',
    outOfScope: true,
    reason: 'Dækker for Anna',
    actorId: DEMO_IDS.omar,
  });
  const south = await seed({
    caseId: randomUUID(),
    teamId: 'team-south',
    outOfScope: true,
    reason: 'Akut henvendelse',
    actorId: DEMO_IDS.anna,
  });
  const inScope = await seed({ caseId: randomUUID(), teamId: 'team-north' });
  const listed = async (username: 'sofie' | 'jonas' | 'hanne') => {
    const res = await h.as[username].get('/audit/flagged?limit=200');
    expect(res.status).toBe(200);
    return res.body.items.map((r: { id: string }) => r.id) as string[];
  };
  const sofie = await listed('sofie'); // supervisor of team-north
  expect(sofie).toContain(north);
  expect(sofie).not.toContain(south);
  expect(sofie).not.toContain(inScope);
  const jonas = await listed('jonas'); // supervisor of team-south
  expect(jonas).toContain(south);
  expect(jonas).not.toContain(north);
  const hanne = await listed('hanne'); // the head
  expect(hanne.indexOf(south)).toBeGreaterThanOrEqual(0);
  expect(hanne.indexOf(south)).toBeLessThan(hanne.indexOf(north)); // newest first
  expect(hanne).not.toContain(inScope);
  const bad = await h.as.sofie.get('/audit/flagged?after=x');
  expect(bad.status).toBe(400);
  expect(JSON.stringify(bad.body.message)).toContain('after');
});

const SECRET_CONCERN = `Bekymring ${randomUUID()}`;

/** A family with two child cases and every kind of row a case file holds, written as the projections write them. */
async function seededFamily() {
  const familyId = randomUUID();
  const [caseA, caseB, measureId, followUpId, actionId] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  await sql(`INSERT INTO families (id, coordinator_id, team_id, contact_email) VALUES ($1, $2, 'team-north', 'familie@example.dk')`, [
    familyId,
    DEMO_IDS.anna,
  ]);
  for (const [id, openedAt] of [
    [caseA, '2026-01-05T10:00:00Z'],
    [caseB, '2026-03-01T10:00:00Z'],
  ]) {
    await sql(
      `INSERT INTO cases (id, phase, policy_version, opened_at, family_id, coordinator_id, team_id) VALUES ($1, 'measures', 'p', $2, $3, $4, 'team-north')`,
      [id, openedAt, familyId, DEMO_IDS.anna],
    );
  }
  await sql(
    `INSERT INTO reports (id, case_id, received_at, reporter_type, reporter_name, reporter_email, child_reference, concern)
     VALUES ($1, $2, '2026-01-05T09:00:00Z', 'citizen', 'Nabo Nielsen', 'nabo@example.dk', '010199xxxx', $3)`,
    [randomUUID(), caseA, SECRET_CONCERN],
  );
  await sql(
    `INSERT INTO case_events (case_id, family_id, type, actor, occurred_at, data, dedupe_key) VALUES ($1, $2, 'case.opened', 'intake', now(), '{}', $3)`,
    [caseA, familyId, `opened:${caseA}`],
  );
  await sql(
    `INSERT INTO case_events (family_id, type, actor, occurred_at, data, dedupe_key) VALUES ($1, 'family.inquiry-received', 'x', now(), '{"channel":"letter"}', $2)`,
    [familyId, `inquiry:${familyId}`],
  );
  await sql(
    `INSERT INTO tasks (id, case_id, kind, assignee_role, assignee_id, status, opened_at, due_at) VALUES ($1, $2, 'child-conversation', 'coordinator', $3, 'open', now(), now())`,
    [randomUUID(), caseA, DEMO_IDS.anna],
  );
  await sql(
    `INSERT INTO tasks (id, family_id, kind, assignee_role, status, opened_at, due_at) VALUES ($1, $2, 'inquiry-response', 'coordinator', 'open', now(), now())`,
    [randomUUID(), familyId],
  );
  await sql(
    `INSERT INTO measures (id, case_id, decision_id, type, ladder_step, provider, monthly_cost, start_date, planned_end, status)
     VALUES ($1, $2, $3, 'home-support', 2, 'Familiehuset', 12000.50, '2026-02-01', '2026-08-01', 'active')`,
    [measureId, caseA, randomUUID()],
  );
  await sql(
    `INSERT INTO goals (case_id, goal_id, description, owner_department, success_measure) VALUES ($1, 'g1', 'Trives i skolen', 'skole', 'Fremmøde')`,
    [caseA],
  );
  await sql(
    `INSERT INTO follow_ups (id, measure_id, case_id, held_at, on_time, decision, scores, actions_not_done) VALUES ($1, $2, $3, now(), true, 'continue', '[]', '[]')`,
    [followUpId, measureId, caseA],
  );
  await sql(
    `INSERT INTO agreed_actions (id, follow_up_id, measure_id, case_id, description, owner, due_at, status) VALUES ($1, $2, $3, $4, 'Møde med skolen', 'skole', now(), 'open')`,
    [actionId, followUpId, measureId, caseA],
  );
  const looked = await seed({ caseId: caseA, actorId: DEMO_IDS.anna, action: 'case.read' });
  return { familyId, caseA, caseB, measureId, followUpId, actionId, looked };
}

it('exports every part of each child case, reports by date only', async () => {
  const { sofie } = h.as; // supervisor of team-north, the family's team
  const s = await seededFamily();
  const res = await sofie.get(`/families/${s.familyId}/export`);
  expect(res.status).toBe(200);
  const file = res.body;
  expect(file.family).toMatchObject({ id: s.familyId, teamId: 'team-north', contactEmail: 'familie@example.dk' });
  expect(file.events).toEqual([expect.objectContaining({ type: 'family.inquiry-received', caseId: null })]);
  expect(file.tasks).toEqual([expect.objectContaining({ kind: 'inquiry-response', familyId: s.familyId, caseId: null })]);
  expect(file.cases.map((c: { case: { id: string } }) => c.case.id)).toEqual([s.caseA, s.caseB]);

  const [a, b] = file.cases;
  expect(a.events).toEqual([expect.objectContaining({ type: 'case.opened', caseId: s.caseA })]);
  expect(a.tasks).toEqual([expect.objectContaining({ kind: 'child-conversation', caseId: s.caseA })]);
  expect(a.measures).toEqual([expect.objectContaining({ id: s.measureId, type: 'home-support', monthlyCost: '12000.50' })]);
  expect(a.goals).toEqual([expect.objectContaining({ goalId: 'g1', description: 'Trives i skolen' })]);
  expect(a.followUps).toEqual([expect.objectContaining({ id: s.followUpId, decision: 'continue' })]);
  expect(a.agreedActions).toEqual([expect.objectContaining({ id: s.actionId, description: 'Møde med skolen' })]);
  expect(a.audit).toEqual([expect.objectContaining({ id: s.looked, actorId: DEMO_IDS.anna, action: 'case.read' })]);
  // A report is named by id and date only: neither the reporter nor the concern leaves.
  expect(a.reports).toEqual([{ id: expect.any(String), caseId: s.caseA, receivedAt: '2026-01-05T09:00:00.000Z' }]);
  expect(res.text).not.toContain(SECRET_CONCERN);
  expect(res.text).not.toContain('Nabo Nielsen');
  expect(b).toMatchObject({ events: [], tasks: [], measures: [], goals: [], followUps: [], agreedActions: [], reports: [], audit: [] });

  const recorded = await exportRows(s.familyId);
  const row = (caseId: string | null) => ({
    actor_id: DEMO_IDS.supervisorNorth,
    actor_role: 'supervisor',
    case_id: caseId,
    outcome: 'allowed',
  });
  expect(recorded).toHaveLength(3);
  expect(recorded).toEqual(expect.arrayContaining([row(null), row(s.caseA), row(s.caseB)]));
});

it('gives nothing out (503) when the export cannot be recorded in the audit trail', async () => {
  const { sofie } = h.as;
  const s = await seededFamily();
  // The audit trail refuses this family's records only (as a database that is away or full would
  // refuse all): a trigger of this test's own, dropped again at the end.
  const name = `refuse_audit_${randomUUID().replace(/-/g, '')}`;
  await sql(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.family_id = '${s.familyId}' THEN RAISE EXCEPTION 'the audit store is unavailable'; END IF; RETURN NEW; END $$`);
  await sql(`CREATE TRIGGER ${name} BEFORE INSERT ON audit_records FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  try {
    const res = await sofie.get(`/families/${s.familyId}/export`);
    expect(res.status).toBe(503);
    expect(res.body.message).toMatch(/audit trail could not be written/);
    expect(res.text).not.toContain('Trives i skolen');
  } finally {
    await sql(`DROP TRIGGER ${name} ON audit_records`);
    await sql(`DROP FUNCTION ${name}()`);
  }
  expect(await exportRows(s.familyId)).toEqual([]);
});
