// Run by tests/persistence/work-lists-plans.spec.ts with plain Node on the built API (jest cannot
// load NestJS's ES modules): seeds a moderate read model inside a transaction, runs every work list
// through the real services with their statements kept, explains each statement, rolls back, and
// prints JSON { statements, seqScans } on stdout.
require('reflect-metadata');
const { join } = require('node:path');
const { DataSource } = require('typeorm');

const dist = join(__dirname, '..', '..', 'dist');
const { dataSourceOptions } = require(join(dist, 'libs', 'db', 'data-source-options.js'));
const { seedDemoOrganisation } = require(join(dist, 'libs', 'organisation', 'organisation-seed.js'));
const { DEMO_IDS } = require(join(dist, 'libs', 'organisation', 'demo-organisation.js'));
const { WorkListsService } = require(join(dist, 'apps', 'api', 'src', 'work-lists', 'work-lists.service.js'));
const { CaseOutcomeService } = require(join(dist, 'apps', 'api', 'src', 'cases', 'case-outcome.service.js'));
const { AuditService } = require(join(dist, 'apps', 'api', 'src', 'audit', 'audit.service.js'));
const { ReadModel } = require(join(dist, 'libs', 'read-model', 'read-model.js'));

const CASES = Number(process.env.PLAN_CASES || 20000);
const BIG_TABLES = new Set(['tasks', 'cases', 'case_events']);

async function main() {
  const ds = await new DataSource(dataSourceOptions(process.env.DATABASE_URL)).initialize();
  await seedDemoOrganisation(ds);
  const qr = ds.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    await seed(qr);
    const statements = [];
    // The transaction's manager, with every SQL statement kept.
    const db = Object.create(qr.manager, {
      query: {
        value: (sql, params = []) => {
          statements.push({ sql, params });
          return qr.query(sql, params);
        },
      },
    });
    const rm = new ReadModel(db);
    const lists = new WorkListsService(rm.workLists, rm.organisation, rm.tasks, new AuditService(rm.audit, rm.organisation));
    const timelines = new CaseOutcomeService(rm.cases, rm.caseEvents);
    const person = (userId, roles, teamId) => ({ userId, displayName: 'x', roles, teamId, partnerDepartmentId: null, via: 'bearer' });
    const anna = person(DEMO_IDS.anna, ['coordinator'], 'team-north');
    const sofie = person(DEMO_IDS.supervisorNorth, ['supervisor'], 'team-north');
    const hanne = person(DEMO_IDS.head, ['head-of-department'], null);
    const first = await lists.myInbox(anna, {});
    await lists.myInbox(anna, { cursor: first.next, state: 'overdue' });
    await lists.myInbox(sofie, {});
    await lists.myInbox(hanne, { kind: 'approval' });
    await lists.teamInbox(sofie, 'team-north', {});
    await lists.teamInbox(hanne, 'team-south', { state: 'escalated' });
    await lists.board(sofie, 'team-north');
    const cases = await lists.cases(anna, {});
    await lists.cases(anna, { cursor: cases.next });
    await lists.cases(sofie, { overdue: 'true' });
    await lists.cases(hanne, {});
    await lists.cases(hanne, { closed: 'false', teamId: 'team-south' });
    const [{ id: caseId }] = await qr.query(`SELECT id FROM cases WHERE id = md5('plan-case-7')::uuid`);
    const timeline = await timelines.timeline(caseId, { limit: '5' });
    await timelines.timeline(caseId, { cursor: timeline.next, limit: '5' });

    const reads = statements.filter((s) => /\bFROM (tasks|cases|case_events)\b/.test(s.sql) && !/^\s*INSERT/i.test(s.sql));
    const seqScans = [];
    for (const s of reads) {
      const [{ 'QUERY PLAN': plan }] = await qr.query(`EXPLAIN (FORMAT JSON) ${s.sql}`, s.params);
      for (const node of nodes(plan[0].Plan))
        if (node['Node Type'] === 'Seq Scan' && BIG_TABLES.has(node['Relation Name']))
          seqScans.push({ table: node['Relation Name'], sql: s.sql.replace(/\s+/g, ' ') });
    }
    process.stdout.write(JSON.stringify({ items: first.items.length, statements: reads.length, seqScans }));
  } finally {
    await qr.rollbackTransaction().catch(() => undefined);
    await qr.release();
    await ds.destroy();
  }
}

function* nodes(plan) {
  yield plan;
  for (const child of plan.Plans ?? []) yield* nodes(child);
}

/**
 * Cases over the demo teams (every 50th unassigned), two tasks each (one open while the case is), 20
 * events each. Only the seeded cases get tasks and events: the shared test database holds other
 * files' cases too.
 */
async function seed(q) {
  const coordinators = [DEMO_IDS.anna, DEMO_IDS.mikkel, DEMO_IDS.freja, DEMO_IDS.omar];
  await q.query(
    `INSERT INTO cases (id, phase, policy_version, opened_at, closed_at, coordinator_id, team_id, next_deadline)
     SELECT md5('plan-case-' || i)::uuid, CASE WHEN i % 10 < 3 THEN 'assessment' ELSE 'closed' END, 'statutory-2025.1',
            now() - (i % 900 || ' days')::interval,
            CASE WHEN i % 10 < 3 THEN NULL ELSE now() - (i % 90 || ' days')::interval END,
            CASE WHEN i % 50 = 0 THEN NULL ELSE ($2::text[])[1 + i % 4] END,
            CASE WHEN i % 50 = 0 THEN NULL WHEN i % 4 < 2 THEN 'team-north' ELSE 'team-south' END,
            CASE WHEN i % 10 < 3 THEN now() + ((i * 7919) % 960 - 240 || ' hours')::interval END
       FROM generate_series(1, $1::int) i`,
    [CASES, coordinators],
  );
  await q.query(
    `INSERT INTO tasks (id, case_id, kind, assignee_role, assignee_id, status, opened_at, due_at, escalation_level, team_id,
                        escalated_to_role, escalated_to_user_id)
     SELECT md5('plan-task-a-' || id)::uuid, id, CASE WHEN coordinator_id IS NULL THEN 'urgency-assessment' ELSE 'follow-up' END,
            'coordinator', coordinator_id, CASE WHEN closed_at IS NULL THEN 'open' ELSE 'done' END, opened_at,
            COALESCE(next_deadline, closed_at), CASE WHEN next_deadline < now() THEN 1 ELSE 0 END, team_id,
            CASE WHEN next_deadline < now() THEN 'supervisor' END, CASE WHEN next_deadline < now() THEN $1::uuid END
       FROM cases WHERE id IN (SELECT md5('plan-case-' || i)::uuid FROM generate_series(1, $2::int) i)
     UNION ALL
     SELECT md5('plan-task-b-' || id)::uuid, id, 'urgency-assessment', 'coordinator', coordinator_id, 'done', opened_at,
            opened_at + interval '1 day', 0, team_id, NULL, NULL
       FROM cases WHERE id IN (SELECT md5('plan-case-' || i)::uuid FROM generate_series(1, $2::int) i)`,
    [DEMO_IDS.supervisorNorth, CASES],
  );
  await q.query(
    `INSERT INTO case_events (case_id, type, actor, occurred_at, data, dedupe_key)
     SELECT c.id, 'task.opened', 'system', c.opened_at + (k || ' hours')::interval, '{}'::jsonb, 'plan:' || c.id || ':' || k
       FROM cases c, generate_series(1, 20) k
      WHERE c.id IN (SELECT md5('plan-case-' || i)::uuid FROM generate_series(1, $1::int) i)`,
    [CASES],
  );
  for (const table of ['cases', 'tasks', 'case_events']) await q.query(`ANALYZE ${table}`);
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
