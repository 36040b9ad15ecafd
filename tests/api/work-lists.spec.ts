// The work lists over real HTTP, a real worker and PostgreSQL: my inbox, the team's inbox, the
// supervisor's board and the case list, each read from the read model with the access rules, paged
// by key. Deadlines run on the test policy (seconds), and every state is waited for, not slept for.
import { DEMO_IDS } from '../../libs/organisation/demo-organisation';
import type { ApiClient } from '../support/auth';
import { openCase } from '../support/cases';
import { sql } from '../support/database';
import { DEMO_USERNAMES } from '../support/signed-in-cases';
import { eventually } from '../support/test-env';
import { fastRule, testPolicy } from '../support/test-policy';
import { useSignedInApi } from '../support/workflow-harness';

const h = useSignedInApi('work-lists', DEMO_USERNAMES);
const { as } = h;
const { reportedCase, caseOf, whileAway } = h.cases;

type Item = {
  taskId: string;
  kind: string;
  caseId: string;
  overdue: boolean;
  escalated: boolean;
  escalationLevel: number;
  [k: string]: any;
};

async function tasksOf(who: ApiClient, path: string): Promise<Item[]> {
  const res = await who.get(path);
  expect({ path, status: res.status }).toEqual({ path, status: 200 });
  return res.body.items as Item[];
}

/** Every item of a list, page by page (`limit` per page). */
async function allPages(who: ApiClient, path: string, limit: number): Promise<{ items: any[]; pages: number }> {
  const items: any[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await who.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...res.body.items);
    cursor = res.body.next;
    pages++;
  } while (cursor && pages < 500);
  return { items, pages };
}

it("shows a new report's urgency task to the intake team's coordinators and in the team's inbox, to nobody else's", async () => {
  const caseId = await reportedCase();
  const urgency = await eventually(
    async () => (await tasksOf(as.anna, `/inbox?caseId=${caseId}`)).find((t) => t.kind === 'urgency-assessment'),
    { what: "the urgency task in anna's inbox" },
  );
  expect(urgency).toMatchObject({
    caseId,
    teamId: 'team-north',
    overdue: false,
    escalated: false,
    assignee: { role: 'coordinator', userId: null },
  });
  // Ids and marks only: no names, no report text.
  expect(Object.keys(urgency).sort()).toEqual(
    [
      'assignee',
      'caseId',
      'clock',
      'dueAt',
      'dueSoon',
      'escalated',
      'escalatedTo',
      'escalationLevel',
      'familyId',
      'kind',
      'measureId',
      'overdue',
      'taskId',
      'teamId',
    ].sort(),
  );
  expect((await tasksOf(as.mikkel, `/inbox?caseId=${caseId}`)).map((t) => t.taskId)).toContain(urgency.taskId);
  expect(await tasksOf(as.freja, `/inbox?caseId=${caseId}`)).toEqual([]);
  expect((await tasksOf(as.sofie, `/teams/team-north/inbox?caseId=${caseId}`)).map((t) => t.taskId)).toContain(urgency.taskId);
  expect((await tasksOf(as.anna, `/teams/team-north/inbox?caseId=${caseId}`)).map((t) => t.taskId)).toContain(urgency.taskId);
  expect((await tasksOf(as.hanne, `/teams/team-north/inbox?caseId=${caseId}`)).map((t) => t.taskId)).toContain(urgency.taskId);
  expect(await tasksOf(as.jonas, `/teams/team-south/inbox?caseId=${caseId}`)).toEqual([]);
  // Out of reach answers as if the team did not exist.
  for (const u of ['jonas', 'freja', 'lene', 'admin'] as const)
    expect({ u, status: (await as[u].get('/teams/team-north/inbox')).status }).toEqual({
      u,
      status: u === 'lene' || u === 'admin' ? 403 : 404,
    });
  expect((await as.anna.get('/teams/no-such-team/inbox')).status).toBe(404);
  // The read is recorded.
  const audit = await sql<{ action: string; team_id: string }>(
    `SELECT action, team_id FROM audit_records WHERE actor_id = $1 AND action = 'task-list.read' ORDER BY id DESC LIMIT 1`,
    [DEMO_IDS.anna],
  );
  expect(audit[0]).toMatchObject({ action: 'task-list.read' });
});

it("shows an assigned case's tasks in its coordinator's inbox and team, not in others'", async () => {
  const caseId = await caseOf('freja', 'team-south', 'sofie');
  const mine = await eventually(
    async () => {
      const items = await tasksOf(as.freja, `/inbox?caseId=${caseId}`);
      return items.some((t) => t.kind === 'urgency-assessment') ? items : undefined;
    },
    { what: "the case's tasks in freja's inbox" },
  );
  expect(mine.every((t) => t.assignee.userId === DEMO_IDS.freja && t.teamId === 'team-south')).toBe(true);
  expect(await tasksOf(as.anna, `/inbox?caseId=${caseId}`)).toEqual([]);
  expect(await tasksOf(as.omar, `/inbox?caseId=${caseId}`)).toEqual([]);
  // The case moved to Team Syd: its tasks went with it.
  expect((await tasksOf(as.jonas, `/teams/team-south/inbox?caseId=${caseId}`)).length).toBe(mine.length);
  expect(await tasksOf(as.sofie, `/teams/team-north/inbox?caseId=${caseId}`)).toEqual([]);

  // The stand-in sees them while freja is away.
  await whileAway('freja', 'omar', async () => {
    expect((await tasksOf(as.omar, `/inbox?caseId=${caseId}`)).length).toBe(mine.length);
  });
});

it('marks overdue and escalated tasks, counts them, sends escalations to the right inbox and shows them on the board', async () => {
  // An urgency assessment due in 2 s: overdue and escalated to the supervisor at once, to the head 2 s later.
  const policy = testPolicy({ urgencyAssessment: fastRule(2, { remind: false, escalateEvery: 2 }) });
  const { caseId } = await openCase(h.client, h.taskQueue, policy);
  const late = await eventually(
    async () => (await tasksOf(as.anna, `/inbox?caseId=${caseId}&state=escalated`)).find((t) => t.kind === 'urgency-assessment'),
    { what: 'the urgency task overdue and escalated' },
  );
  expect(late).toMatchObject({ overdue: true, escalated: true, dueSoon: false });
  const counted = await as.anna.get(`/inbox?caseId=${caseId}&kind=urgency-assessment`);
  expect(counted.body.counts).toMatchObject({ total: 1, overdue: 1, escalated: 1 });
  expect(counted.body.counts.dueToday).toBeLessThanOrEqual(1);
  expect((await as.anna.get(`/inbox?caseId=${caseId}&state=overdue`)).body.counts.total).toBe(1);

  // Level 2 goes to the head of department: in her inbox, as escalated to her.
  const headsItem = await eventually(
    async () => (await tasksOf(as.hanne, `/inbox?caseId=${caseId}`)).find((t) => t.taskId === late.taskId && t.escalationLevel >= 2),
    { what: "the escalation in the head's inbox" },
  );
  expect(headsItem.escalatedTo).toEqual({ role: 'head-of-department', userId: DEMO_IDS.head });
  const row = await sql<{ escalated_to_role: string; escalated_to_user_id: string }>(
    'SELECT escalated_to_role, escalated_to_user_id FROM tasks WHERE id = $1',
    [late.taskId],
  );
  expect(row[0]).toEqual({ escalated_to_role: 'head-of-department', escalated_to_user_id: DEMO_IDS.head });

  // The board of the intake team: overdue now, by level, waiting for urgency assessment, caseload.
  const board = await as.sofie.get('/teams/team-north/board');
  expect(board.status).toBe(200);
  expect(board.body.overdue.items.map((t: Item) => t.taskId)).toContain(late.taskId);
  const urgency = board.body.urgencyAssessments.items.find((t: Item) => t.taskId === late.taskId);
  expect(urgency).toMatchObject({ overdue: true });
  expect(urgency.remainingHours).toBeLessThanOrEqual(0);
  const level = board.body.escalations.find((l: { level: number }) => l.level === headsItem.escalationLevel);
  expect(level.count).toBeGreaterThanOrEqual(1);
  expect(level.items.map((t: Item) => t.taskId)).toContain(late.taskId);
  expect(board.body.approvalQueue).toMatchObject({ count: expect.any(Number), more: expect.any(Number) });
  // Each approval names what it decides (a decision's id; a clocked task's id), so it can be decided from the board.
  expect(board.body.approvalQueue.items.every((t: Item) => 'subjectId' in t)).toBe(true);
  const caseload = board.body.caseload as { coordinatorId: string; openCases: number; target: number }[];
  // Other test files may add coordinators to the team: the demo ones are there in any case.
  expect(caseload.map((c) => c.coordinatorId)).toEqual(expect.arrayContaining([DEMO_IDS.anna, DEMO_IDS.mikkel]));
  expect(caseload.map((c) => c.coordinatorId)).not.toContain(DEMO_IDS.freja);
  const [{ n }] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE coordinator_id = $1 AND closed_at IS NULL', [
    DEMO_IDS.anna,
  ]);
  expect(caseload.find((c) => c.coordinatorId === DEMO_IDS.anna)).toMatchObject({ openCases: n, target: 25 });
  // The deputy and the head see it too; a coordinator of the team is refused, another team's supervisor finds nothing.
  expect((await as.mikkel.get('/teams/team-north/board')).status).toBe(200);
  expect((await as.hanne.get('/teams/team-north/board')).status).toBe(200);
  expect((await as.anna.get('/teams/team-north/board')).status).toBe(403);
  expect((await as.jonas.get('/teams/team-north/board')).status).toBe(404);

  // The case list finds it by policy version and as overdue; not as closed.
  // (Other test files' cases share the database and the policy: read every page, look for this one.)
  const listed = await allPages(as.hanne, '/cases?policyVersion=test-seconds&overdue=true', 200);
  expect(listed.items.map((c: { caseId: string }) => c.caseId)).toContain(caseId);
  const closed = await allPages(as.hanne, '/cases?policyVersion=test-seconds&closed=true', 200);
  expect(closed.items.map((c: { caseId: string }) => c.caseId)).not.toContain(caseId);
  expect(closed.items.every((c: { phase: string }) => c.phase === 'closed')).toBe(true);
});

it('counts a list up to 1,000 and says so above that ("1.000+"), so a team with thousands waiting answers as fast as one with ten', async () => {
  // A team of its own with 1,005 open tasks written straight into the read model (a thousand cases
  // would take minutes): 10 overdue, 3 escalated. The case they hang on is closed, so no other list shows it.
  const team = `team-cap-${Date.now().toString(36)}`;
  const caseId = crypto.randomUUID();
  await sql('INSERT INTO teams (id, name) VALUES ($1, $2)', [team, 'Count cap']);
  await sql(
    `INSERT INTO cases (id, phase, policy_version, opened_at, closed_at, team_id) VALUES ($1, 'closed', 'count-cap', now(), now(), $2)`,
    [caseId, team],
  );
  try {
    await sql(
      `INSERT INTO tasks (id, case_id, kind, assignee_role, status, opened_at, due_at, escalation_level, team_id)
       SELECT gen_random_uuid(), $1, CASE WHEN g <= 5 THEN 'preliminary-assessment' ELSE 'urgency-assessment' END, 'coordinator', 'open',
              now(), now() + make_interval(secs => (g - 10) * 60 - 30), CASE WHEN g <= 3 THEN 1 ELSE 0 END, $2
         FROM generate_series(1, 1005) g`,
      [caseId, team],
    );
    const all = await as.hanne.get(`/teams/${team}/inbox`);
    expect(all.status).toBe(200);
    expect(all.body.counts).toMatchObject({ total: 1000, overdue: 10, escalated: 3 });
    expect(all.body.counts.capped).toContain('total');
    expect(all.body.counts.capped).not.toEqual(expect.arrayContaining(['overdue']));
    expect(all.body.items).toHaveLength(50);
    expect(all.body.next).toEqual(expect.any(String));
    // Under the cap every count is exact, and nothing is capped.
    const few = await as.hanne.get(`/teams/${team}/inbox?kind=preliminary-assessment`);
    expect(few.body.counts).toEqual({ total: 5, overdue: 5, escalated: 3, dueToday: expect.any(Number), capped: [] });
  } finally {
    await sql('DELETE FROM tasks WHERE case_id = $1', [caseId]);
    await sql('DELETE FROM cases WHERE id = $1', [caseId]);
    await sql('DELETE FROM teams WHERE id = $1', [team]);
  }
});

it('lists the cases a person reaches, with filters', async () => {
  const annas = await caseOf('anna', 'team-north', 'sofie');
  const frejas = await caseOf('freja', 'team-south', 'sofie');
  // Every page: other test files' cases share the database.
  const ids = async (who: ApiClient, q: string) =>
    ((await allPages(who, `/cases${q ? `?${q.slice(1)}` : ''}`, 200)).items as { caseId: string }[]).map((c) => c.caseId);
  expect(await ids(as.anna, '')).toContain(annas);
  expect(await ids(as.anna, '')).not.toContain(frejas);
  expect(await ids(as.freja, '')).not.toContain(annas);
  expect(await ids(as.omar, '')).not.toContain(frejas); // a colleague's case needs a reason: not listed
  expect(await ids(as.sofie, '&teamId=team-north')).toContain(annas);
  expect(await ids(as.sofie, '')).not.toContain(frejas);
  expect(await ids(as.jonas, '')).toContain(frejas);
  expect(await ids(as.hanne, `&coordinatorId=${DEMO_IDS.anna}`)).toContain(annas);
  expect(await ids(as.hanne, `&coordinatorId=${DEMO_IDS.anna}`)).not.toContain(frejas);
  const [{ phase }] = await sql<{ phase: string }>('SELECT phase FROM cases WHERE id = $1', [annas]);
  expect(await ids(as.anna, `&phase=${phase}&closed=false&policyVersion=statutory-2025.1`)).toContain(annas);
  expect(await ids(as.anna, `&phase=closed`)).not.toContain(annas);
  const item = (await as.anna.get('/cases?limit=200')).body.items.find((c: { caseId: string }) => c.caseId === annas);
  expect(item).toMatchObject({ coordinatorId: DEMO_IDS.anna, teamId: 'team-north', closedAt: null });
  expect((await as.lene.get('/cases')).status).toBe(403);
  expect((await as.admin.get('/cases')).status).toBe(403);
});

it('pages by key: every item exactly once across pages', async () => {
  const ownCase = await reportedCase();
  await reportedCase();
  for (let i = 0; i < 4; i++) await caseOf('omar', 'team-south', 'sofie');
  await eventually(
    async () => ((await as.sofie.get('/teams/team-north/inbox?kind=urgency-assessment')).body.counts.total >= 3 ? true : undefined),
    { what: 'several urgency tasks' },
  );
  // New tasks arrive while workflows run: compare the pages with the whole list read just before and after them.
  const { whole, paged } = await eventually(
    async () => {
      const before = await as.sofie.get('/teams/team-north/inbox?kind=urgency-assessment&limit=200');
      const pages = await allPages(as.sofie, '/teams/team-north/inbox?kind=urgency-assessment', 2);
      const after = await as.sofie.get('/teams/team-north/inbox?kind=urgency-assessment&limit=200');
      return JSON.stringify(before.body.items.map((t: Item) => t.taskId)) === JSON.stringify(after.body.items.map((t: Item) => t.taskId))
        ? { whole: before, paged: pages }
        : undefined;
    },
    { what: 'a moment when no task changed while the inbox was paged' },
  );
  expect(paged.pages).toBeGreaterThan(1);
  expect(paged.items.map((t) => t.taskId)).toEqual(whole.body.items.map((t: Item) => t.taskId));
  expect(new Set(paged.items.map((t) => t.taskId)).size).toBe(whole.body.counts.total);
  const sorted = [...paged.items].sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  expect(paged.items.map((t) => t.dueAt)).toEqual(sorted.map((t) => t.dueAt));

  // Cases' next deadlines move while their workflows run (a new case gets its first one a moment
  // after its row): compare the pages with the whole list read just before and after them.
  const { allCases, pagedCases } = await eventually(
    async () => {
      // Omar's cases: this test's own few (other files' cases share the database, and their number grows).
      const before = await as.hanne.get(`/cases?coordinatorId=${DEMO_IDS.omar}&limit=200`);
      const paged = await allPages(as.hanne, `/cases?coordinatorId=${DEMO_IDS.omar}`, 3);
      const after = await as.hanne.get(`/cases?coordinatorId=${DEMO_IDS.omar}&limit=200`);
      return JSON.stringify(before.body.items) === JSON.stringify(after.body.items) ? { allCases: before, pagedCases: paged } : undefined;
    },
    { what: 'a moment when no case changed while it was paged' },
  );
  expect(pagedCases.pages).toBeGreaterThan(1);
  expect(pagedCases.items.map((c) => c.caseId)).toEqual(allCases.body.items.map((c: { caseId: string }) => c.caseId));
  expect(new Set(pagedCases.items.map((c) => c.caseId)).size).toBe(pagedCases.items.length);

  // A case of this test's own (another file's may hold more events than one page).
  const caseId = ownCase;
  const timeline = await as.hanne.get(`/cases/${caseId}/timeline`);
  expect(timeline.body.complete).toBe(true);
  const events: any[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await as.hanne.get(`/cases/${caseId}/timeline?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    events.push(...res.body.events);
    cursor = res.body.next;
    expect(res.body.complete).toBe(!cursor);
    pages++;
  } while (cursor && pages < 200);
  expect(events.length).toBeGreaterThanOrEqual(timeline.body.events.length);
  expect(events.slice(0, timeline.body.events.length)).toEqual(timeline.body.events);
});

it('answers 400 naming the parameter for a bad cursor, limit or filter', async () => {
  const caseId = await reportedCase();
  const bad: [string, RegExp][] = [
    ['/inbox?limit=0', /limit/],
    ['/inbox?limit=201', /limit/],
    ['/inbox?limit=ten', /limit/],
    ['/inbox?cursor=not-a-cursor', /cursor/],
    [`/inbox?cursor=${Buffer.from('["yesterday","x"]').toString('base64url')}`, /cursor/],
    ['/inbox?state=late', /state/],
    ['/inbox?kind=coffee', /kind/],
    ['/inbox?caseId=42', /caseId/],
    ['/teams/team-north/inbox?limit=-1', /limit/],
    ['/cases?overdue=maybe', /overdue/],
    ['/cases?closed=1', /closed/],
    ['/cases?coordinatorId=anna', /coordinatorId/],
    ['/cases?teamId=Team%20Nord', /teamId/],
    ['/cases?cursor=%%%', /cursor/],
    ['/cases?limit=1000', /limit/],
    [`/cases/${caseId}/timeline?cursor=abc`, /cursor/],
    [`/cases/${caseId}/timeline?limit=0`, /limit/],
  ];
  for (const [path, field] of bad) {
    const res = await as.sofie.get(path);
    expect({ path, status: res.status }).toEqual({ path, status: 400 });
    expect({ path, message: String(res.body.message) }).toEqual({ path, message: expect.stringMatching(field) });
  }
  // The partner's list of agreed actions pages the same way.
  for (const [path, field] of [
    ['/partner/actions?cursor=xyz', /cursor/],
    ['/partner/actions?limit=0', /limit/],
  ] as const) {
    const res = await as.lene.get(path);
    expect({ path, status: res.status, message: String(res.body.message) }).toEqual({
      path,
      status: 400,
      message: expect.stringMatching(field),
    });
  }
  expect((await as.lene.get('/partner/actions?limit=1')).status).toBe(200);
});
