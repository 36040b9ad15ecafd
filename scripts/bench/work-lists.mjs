// The work lists at size (issue 8): seeds the read model with `cases` child cases (default 100,000),
// 20 events each (2,000,000) and two tasks each, on the demo organisation plus generated teams and
// coordinators, all with SQL (generate_series); then calls each list over HTTP as the person it is
// for, one request at a time, and reports p50/p95 against the 100 ms target.
import { performance } from 'node:perf_hooks';

export const LIST_TARGET_MS = 100;
const EVENTS_PER_CASE = 20;
const BENCH_TEAMS = 8;
/** Share of cases still open (the rest closed, with their history). */
const OPEN_SHARE = 0.3;
const CASELOAD = 25;

const uuid = (name) => `md5(${name})::uuid`;

/**
 * Seeds the database (which must hold the demo organisation) and measures. `tokenFor(username)`
 * gives a bearer token from the bench's OpenID provider; `pool` is a pg.Pool on the database.
 */
export async function benchWorkLists({ pool, apiUrl, tokenFor, demoIds, cases, n, warmup, log = console.log }) {
  const teams = ['team-north', 'team-south', ...Array.from({ length: BENCH_TEAMS }, (_, i) => `bench-team-${i + 1}`)];
  const openCases = Math.ceil(cases * OPEN_SHARE);
  const perTeam = Math.max(2, Math.ceil(openCases / CASELOAD / teams.length));
  log(
    `work lists: seeding ${cases} cases, ${cases * EVENTS_PER_CASE} events, ${cases * 2} tasks, ${perTeam * teams.length} coordinators...`,
  );
  const t0 = performance.now();
  const seeded = await seed(pool, { cases, teams, perTeam, demoIds });
  const seedSeconds = (performance.now() - t0) / 1000;
  log(`work lists: seeded in ${seedSeconds.toFixed(0)} s`);

  const tokens = {};
  for (const u of ['anna', 'sofie', 'hanne']) tokens[u] = await tokenFor(u);
  const get = async (who, path) => {
    const t = performance.now();
    const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    const text = await res.text();
    const ms = performance.now() - t;
    if (res.status !== 200) throw new Error(`GET ${path} as ${who} answered ${res.status}: ${text.slice(0, 300)}`);
    return { ms, body: JSON.parse(text) };
  };
  // A page deep in the team's inbox: follow `next` a few pages to get a cursor.
  let deepCursor;
  for (let i = 0, path = '/teams/team-north/inbox?limit=50'; i < 5; i++) {
    const { body } = await get('sofie', path);
    deepCursor = body.next;
    if (!deepCursor) break;
    path = `/teams/team-north/inbox?limit=50&cursor=${deepCursor}`;
  }
  const timelineCase = (await pool.query(`SELECT id FROM cases WHERE team_id = 'team-north' ORDER BY id LIMIT 1`)).rows[0].id;
  const lists = [
    { name: 'my inbox (coordinator)', who: 'anna', path: '/inbox' },
    { name: 'my inbox, overdue (coordinator)', who: 'anna', path: '/inbox?state=overdue' },
    { name: 'my inbox (supervisor: escalated to me)', who: 'sofie', path: '/inbox' },
    { name: "team's inbox (intake team)", who: 'sofie', path: '/teams/team-north/inbox' },
    { name: "team's inbox, page 6", who: 'sofie', path: `/teams/team-north/inbox?limit=50${deepCursor ? `&cursor=${deepCursor}` : ''}` },
    { name: "supervisor's board", who: 'sofie', path: '/teams/team-north/board' },
    { name: 'case list (coordinator)', who: 'anna', path: '/cases' },
    { name: 'case list (supervisor, team)', who: 'sofie', path: '/cases' },
    { name: 'case list (head, overdue)', who: 'hanne', path: '/cases?overdue=true' },
    { name: 'case list (head, closed, by policy)', who: 'hanne', path: '/cases?closed=true&policyVersion=statutory-2025.1' },
    { name: 'case timeline (20 events)', who: 'hanne', path: `/cases/${timelineCase}/timeline` },
  ];
  const results = [];
  for (const list of lists) {
    for (let i = 0; i < warmup; i++) await get(list.who, list.path);
    const times = [];
    let items = 0;
    for (let i = 0; i < n; i++) {
      const { ms, body } = await get(list.who, list.path);
      times.push(ms);
      items = body.items?.length ?? body.events?.length ?? body.overdue?.items?.length ?? 0;
    }
    times.sort((a, b) => a - b);
    const q = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
    results.push({ ...list, n, items, p50: q(50), p95: q(95), max: times[times.length - 1] });
    log(`  ${list.name.padEnd(40)} p50 ${q(50).toFixed(1).padStart(6)} ms  p95 ${q(95).toFixed(1).padStart(6)} ms  (${items} items)`);
  }
  const counts = (
    await pool.query(
      `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM case_events)::int AS events,
              (SELECT count(*) FROM tasks)::int AS tasks, (SELECT count(*) FROM tasks WHERE status = 'open')::int AS open_tasks,
              (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM teams)::int AS teams`,
    )
  ).rows[0];
  return { seedSeconds, counts, results, n, warmup, requested: cases };
}

async function seed(pool, { cases, teams, perTeam, demoIds }) {
  const db = await pool.connect();
  try {
    await db.query('SET synchronous_commit = off');
    // Generated teams, each with a generated supervisor; coordinators spread over all teams. The demo
    // coordinators take the first places of their teams, so they carry a caseload like everyone else.
    await db.query(`INSERT INTO teams (id, name) SELECT t, 'Bench ' || t FROM unnest($1::text[]) t ON CONFLICT (id) DO NOTHING`, [
      teams.slice(2),
    ]);
    await db.query(
      `INSERT INTO users (id, subject, username, display_name, email, roles, team_id, caseload_target)
       SELECT ${uuid(`'bench-supervisor-' || t`)}, 'bench-supervisor-' || t, 'bench-supervisor-' || t, 'Bench Supervisor',
              'bench-supervisor-' || t || '@bench.closer.test', ARRAY['supervisor'], t, NULL
         FROM unnest($1::text[]) t
       ON CONFLICT (id) DO NOTHING`,
      [teams.slice(2)],
    );
    await db.query(`UPDATE teams SET supervisor_id = ${uuid(`'bench-supervisor-' || id`)} WHERE id = ANY($1::text[])`, [teams.slice(2)]);
    const demo = { 'team-north': [demoIds.anna, demoIds.mikkel], 'team-south': [demoIds.freja, demoIds.omar] };
    const coordinators = [];
    for (const team of teams)
      for (let slot = 0; slot < perTeam; slot++) coordinators.push(demo[team]?.[slot] ?? `bench-coordinator-${team}-${slot}`);
    await db.query(
      `INSERT INTO users (id, subject, username, display_name, email, roles, team_id, caseload_target)
       SELECT ${uuid('c')}, c, c, 'Bench Coordinator', c || '@bench.closer.test', ARRAY['coordinator'], ($2::text[])[((i - 1) / $3 + 1)::int], 25
         FROM unnest($1::text[]) WITH ORDINALITY AS x(c, i)
        WHERE c LIKE 'bench-%'
       ON CONFLICT (id) DO NOTHING`,
      [coordinators, teams, perTeam],
    );
    const coordinatorIds = coordinators.map((c) => (c.startsWith('bench-') ? null : c));
    const ids = (await db.query(`SELECT c, ${uuid('c')}::text AS id FROM unnest($1::text[]) c`, [coordinators])).rows;
    const idOf = new Map(ids.map((r) => [r.c, r.id]));
    const coordinatorUuids = coordinators.map((c, i) => coordinatorIds[i] ?? idOf.get(c));

    // Cases: team by i % teams, coordinator by slot; every 50th open case unassigned (the intake team's).
    const T = teams.length;
    await db.query(
      `INSERT INTO cases (id, phase, policy_version, opened_at, closed_at, coordinator_id, team_id, next_deadline, escalation_level)
       SELECT ${uuid(`'bench-case-' || i`)},
              CASE WHEN s.open THEN (ARRAY['intake','screening','assessment','decision','measures'])[1 + (i / 7) % 5] ELSE 'closed' END,
              'statutory-2025.1',
              now() - ((i % 1500) || ' days')::interval,
              CASE WHEN s.open THEN NULL ELSE now() - ((i % 300) || ' days')::interval END,
              CASE WHEN s.unassigned THEN NULL ELSE ($2::text[])[(1 + (i % ${T}) * $3 + (i / ${T}) % $3)::int] END,
              CASE WHEN s.unassigned THEN NULL ELSE ($4::text[])[1 + i % ${T}] END,
              CASE WHEN s.open THEN now() + (((i * 7919) % 960) - 240 || ' hours')::interval END,
              0
         FROM generate_series(1, $1::int) i,
              LATERAL (SELECT (i % 10) < ${Math.round(OPEN_SHARE * 10)} AS open, (i % 10) < ${Math.round(OPEN_SHARE * 10)} AND i % 50 = 0 AS unassigned) s`,
      [cases, coordinatorUuids, perTeam, teams],
    );
    // Two tasks per case: the current one (open while the case is), and one done before it.
    await db.query(
      `INSERT INTO tasks (id, case_id, kind, assignee_role, assignee_id, status, opened_at, due_at, escalation_level, completed_at,
                          team_id, escalated_to_role, escalated_to_user_id)
       SELECT ${uuid(`'bench-task-a-' || c.n`)}, c.id,
              CASE WHEN c.coordinator_id IS NULL THEN 'urgency-assessment' WHEN c.n % 33 = 1 THEN 'approval'
                   ELSE (ARRAY['follow-up','assessment','plan','supervision-visit'])[1 + c.n % 4] END,
              CASE WHEN c.coordinator_id IS NOT NULL AND c.n % 33 = 1 THEN 'supervisor' ELSE 'coordinator' END,
              CASE WHEN c.n % 33 = 1 THEN NULL ELSE c.coordinator_id END,
              CASE WHEN c.closed_at IS NULL THEN 'open' ELSE 'done' END,
              c.opened_at, COALESCE(c.next_deadline, c.closed_at), e.level,
              c.closed_at, c.team_id,
              CASE e.level WHEN 1 THEN 'supervisor' WHEN 2 THEN 'head-of-department' END,
              CASE e.level WHEN 1 THEN COALESCE(tm.supervisor_id, $1::uuid) WHEN 2 THEN $1::uuid END
         FROM (SELECT *, row_number() OVER (ORDER BY id) AS n FROM cases) c
         LEFT JOIN teams tm ON tm.id = COALESCE(c.team_id, 'team-north')
         CROSS JOIN LATERAL (SELECT CASE WHEN c.closed_at IS NULL AND c.next_deadline < now() AND c.n % 7 = 0 THEN 2
                                         WHEN c.closed_at IS NULL AND c.next_deadline < now() AND c.n % 3 = 0 THEN 1 ELSE 0 END AS level) e`,
      [demoIds.head],
    );
    await db.query(
      `INSERT INTO tasks (id, case_id, kind, assignee_role, assignee_id, status, opened_at, due_at, completed_at, team_id)
       SELECT ${uuid(`'bench-task-b-' || id`)}, id, 'urgency-assessment', 'coordinator', coordinator_id, 'done',
              opened_at, opened_at + interval '1 day', opened_at + interval '20 hours', team_id
         FROM cases`,
    );
    await db.query(
      `UPDATE cases c SET escalation_level = t.escalation_level FROM tasks t WHERE t.case_id = c.id AND t.escalation_level > 0`,
    );
    // The events: 20 per case, an hour apart from the case's opening.
    await db.query(
      `INSERT INTO case_events (case_id, type, actor, occurred_at, data, dedupe_key)
       SELECT c.id, (ARRAY['task.opened','task.reminded','case.note-recorded','task.completed','case.phase-changed'])[1 + k % 5],
              'system', c.opened_at + (k || ' hours')::interval, jsonb_build_object('step', k), 'bench:' || c.id || ':' || k
         FROM cases c, generate_series(1, ${EVENTS_PER_CASE}) k`,
    );
    await db.query('ANALYZE cases; ANALYZE tasks; ANALYZE case_events; ANALYZE users; ANALYZE teams');
  } finally {
    db.release();
  }
}

/** The section of docs/benchmarks.md, between its markers so a lists-only run can replace it alone. */
export const SECTION_START = '<!-- work-lists:start -->';
export const SECTION_END = '<!-- work-lists:end -->';

export function workListsMarkdown(r, { date = new Date(), machine } = {}) {
  const c = r.counts;
  const rows = r.results
    .map(
      (x) =>
        `| ${x.name} | \`GET ${x.path.replace(/cursor=[^&]+/, 'cursor=…').replace(/[0-9a-f]{8}-[0-9a-f-]{27}/, ':caseId')}\` as ${x.who} | ${x.items} | ${x.p50.toFixed(1)} | ${x.p95.toFixed(1)} | ${x.max.toFixed(1)} | ${x.p95 <= LIST_TARGET_MS ? 'met' : '**not met**'} |`,
    )
    .join('\n');
  const worst = r.results.reduce((a, b) => (b.p95 > a.p95 ? b : a), r.results[0]);
  return `${SECTION_START}
## Work lists at size

Measured ${date.toISOString()}${machine ? ` on ${machine}` : ''} by \`scripts/bench/work-lists.mjs\`: the read model seeded with SQL (\`generate_series\`) to ${c.cases.toLocaleString('en')} cases, ${c.events.toLocaleString('en')} events and ${c.tasks.toLocaleString('en')} tasks (${c.open_tasks.toLocaleString('en')} open), ${c.users} people in ${c.teams} teams (the demo organisation plus generated teams and coordinators at a caseload of about 25), in ${r.seedSeconds.toFixed(0)} s. Each list was then called over HTTP through the API, signed in as the person it is for (bearer tokens from the local OpenID provider), ${r.warmup} warm-up calls then ${r.n} measured, one at a time. Each call includes the access checks and the audit record the list writes.

| list | request | items | p50 ms | p95 ms | max ms | p95 ≤ ${LIST_TARGET_MS} ms |
| --- | --- | ---: | ---: | ---: | ---: | --- |
${rows}

**Target: every list under ${LIST_TARGET_MS} ms at the 95th percentile.** ${
    r.results.every((x) => x.p95 <= LIST_TARGET_MS)
      ? `Met on this run; the slowest p95 was ${worst.name} at ${worst.p95.toFixed(1)} ms.`
      : `Not met on this run by ${r.results
          .filter((x) => x.p95 > LIST_TARGET_MS)
          .map((x) => x.name)
          .join(', ')}.`
  }

How: each list is a union of a few branches (assigned to me, to those I stand in for, escalated to me, my role's unassigned tasks in my team; a team's tasks; a coordinator's or team's cases), each read from a partial index over open tasks (or the cases' \`(team_id, next_deadline, id)\`, \`(coordinator_id, next_deadline, id)\`, \`(next_deadline, id)\` indexes) in key order and cut at the page size; the counts read the same indexes without the cursor. Tasks carry their case's team (\`tasks.team_id\`, kept by the projection and by the assignment), so no list joins tasks to cases. Migration \`1795700000100-work-lists\`.

Reproduce: \`npm run bench -- --lists-only --lists-cases ${r.requested} --lists-n ${r.n}\` (this section only), or \`npm run bench\` (everything; \`--lists-cases 0\` skips it).
${SECTION_END}
`;
}
