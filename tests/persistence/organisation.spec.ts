// The organisation in the read model: the demo seed (fresh database, run twice, admins' edits kept),
// who a deadline's step goes to (absences and stand-ins, an absent supervisor, the head, partners,
// the intake team), and that a projected task step records its receiver once and keeps it.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { createCaseRecordActivities } from '../../activities/case-record.activity';
import { createProjectionActivities, type Projection } from '../../activities/projection.activity';
import { dataSourceOptions } from '../../libs/db/data-source-options';
import { runMigrations } from '../../libs/db/migrate';
import {
  DEMO_DEPARTMENT,
  DEMO_IDS,
  DEMO_PARTNER_DEPARTMENTS,
  DEMO_TEAMS,
  DEMO_USERS,
  type UserRole,
} from '../../libs/organisation/demo-organisation';
import { absenceAt, resolveRecipient, standsInFor, teamOf, userBySubject } from '../../libs/organisation/directory';
import { seedDemoOrganisation, seedDemoOrganisationAt } from '../../libs/organisation/organisation-seed';
import { reportOfConcern } from '../support/cases';
import { testEnv } from '../support/test-env';

let ds: DataSource;
beforeAll(async () => {
  ds = await new DataSource(dataSourceOptions(testEnv().databaseUrl)).initialize();
});
afterAll(() => ds?.destroy());

const HOUR = 3_600_000;
const now = new Date('2026-06-10T10:00:00Z');
const at = (hours: number) => new Date(now.getTime() + hours * HOUR);

/** Runs `fn` in a transaction that is rolled back: the shared test database keeps the demo organisation as seeded. */
async function inRollback(fn: (em: EntityManager) => Promise<void>): Promise<void> {
  const rolledBack = new Error('rolled back on purpose');
  await expect(
    ds.transaction(async (em) => {
      await fn(em);
      throw rolledBack;
    }),
  ).rejects.toBe(rolledBack);
}

async function addUser(
  em: EntityManager,
  roles: UserRole[],
  extra: { teamId?: string; partnerDepartmentId?: string; displayName?: string } = {},
) {
  const id = randomUUID();
  await em.query(
    `INSERT INTO users (id, subject, username, display_name, email, roles, team_id, partner_department_id)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8)`,
    [
      id,
      id,
      `u-${id}`,
      extra.displayName ?? `Person ${id.slice(0, 4)}`,
      `${id}@closer.test`,
      roles,
      extra.teamId ?? null,
      extra.partnerDepartmentId ?? null,
    ],
  );
  return id;
}

async function absent(em: EntityManager, userId: string, standInId: string, from = at(-24), to = at(24)) {
  await em.query(`INSERT INTO absences (id, user_id, starts_at, ends_at, stand_in_id) VALUES ($1, $2, $3, $4, $5)`, [
    randomUUID(),
    userId,
    from,
    to,
    standInId,
  ]);
}

/** A team of its own: supervisor, deputy and two coordinators, and a second supervisor elsewhere to stand in. */
async function team(em: EntityManager) {
  const teamId = `team-${randomUUID().slice(0, 8)}`;
  await em.query(`INSERT INTO teams (id, name) VALUES ($1, 'Team Test')`, [teamId]);
  const supervisor = await addUser(em, ['supervisor'], { teamId });
  const deputy = await addUser(em, ['coordinator'], { teamId });
  const coordinator = await addUser(em, ['coordinator'], { teamId });
  const colleague = await addUser(em, ['coordinator'], { teamId });
  const otherSupervisor = await addUser(em, ['supervisor']);
  await em.query(`UPDATE teams SET supervisor_id = $2, deputy_id = $3 WHERE id = $1`, [teamId, supervisor, deputy]);
  return { teamId, supervisor, deputy, coordinator, colleague, otherSupervisor };
}

describe('the demo seed', () => {
  it('writes the demo organisation into an empty database, and a second run changes nothing', async () => {
    const admin = new pg.Client({ connectionString: testEnv().databaseUrl });
    await admin.connect();
    const name = `closer_org_${randomUUID().slice(0, 8)}`;
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(testEnv().databaseUrl);
    url.pathname = `/${name}`;
    const fresh = new pg.Client({ connectionString: url.toString() });
    try {
      await runMigrations(url.toString());
      await seedDemoOrganisationAt(url.toString());
      await fresh.connect();
      const snapshot = async () => ({
        users: (await fresh.query('SELECT * FROM users ORDER BY id')).rows,
        teams: (await fresh.query('SELECT * FROM teams ORDER BY id')).rows,
        department: (await fresh.query('SELECT * FROM department')).rows,
        partners: (await fresh.query('SELECT * FROM partner_departments ORDER BY id')).rows,
      });
      const first = await snapshot();
      expect(first.users.map((u) => [u.id, u.subject, u.username, u.email, u.roles, u.team_id, u.partner_department_id])).toEqual(
        [...DEMO_USERS]
          .sort((a, b) => a.id.localeCompare(b.id))
          .map((u) => [u.id, u.id, u.username, u.email, u.roles, u.teamId, u.partnerDepartmentId]),
      );
      expect(first.teams.map((t) => [t.id, t.supervisor_id, t.deputy_id])).toEqual(
        DEMO_TEAMS.map((t) => [t.id, t.supervisorId, t.deputyId]),
      );
      expect(first.department).toEqual([
        { id: DEMO_DEPARTMENT.id, name: DEMO_DEPARTMENT.name, head_id: DEMO_IDS.head, intake_team_id: DEMO_DEPARTMENT.intakeTeamId },
      ]);
      expect(first.partners.map((p) => p.id)).toEqual(DEMO_PARTNER_DEPARTMENTS.map((p) => p.id).sort());

      await seedDemoOrganisationAt(url.toString());
      expect(await snapshot()).toEqual(first);
    } finally {
      await fresh.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });

  it('keeps what an admin changed when it runs again (every start of the dev stack)', async () => {
    await inRollback(async (em) => {
      await em.query(`UPDATE users SET display_name = 'Anna Omdøbt', caseload_target = 18 WHERE id = $1`, [DEMO_IDS.anna]);
      await em.query(`UPDATE teams SET deputy_id = NULL WHERE id = 'team-north'`);
      await em.query(`UPDATE department SET head_id = NULL`);
      await seedDemoOrganisation(em);
      expect(await em.query(`SELECT display_name, caseload_target FROM users WHERE id = $1`, [DEMO_IDS.anna])).toEqual([
        { display_name: 'Anna Omdøbt', caseload_target: 18 },
      ]);
      expect(await em.query(`SELECT deputy_id FROM teams WHERE id = 'team-north'`)).toEqual([{ deputy_id: null }]);
      expect(await em.query(`SELECT head_id FROM department`)).toEqual([{ head_id: null }]);
    });
  });

  it('lets a login find its person: the demo users’ subject is their id', async () => {
    const anna = await userBySubject(ds.manager, DEMO_IDS.anna);
    expect(anna).toMatchObject({ id: DEMO_IDS.anna, username: 'anna', roles: ['coordinator'], teamId: 'team-north', active: true });
    expect(await userBySubject(ds.manager, 'nobody')).toBeNull();
  });
});

describe('who a step goes to', () => {
  it('gives a coordinator’s tasks to their stand-in while they are away, and to them again afterwards', async () => {
    await inRollback(async (em) => {
      const t = await team(em);
      await absent(em, t.coordinator, t.colleague, at(-1), at(5));
      const q = { role: 'coordinator' as const, teamId: t.teamId, assigneeId: t.coordinator };
      expect(await resolveRecipient(em, { ...q, at: at(-2) })).toEqual({ userId: t.coordinator, via: 'assignee' });
      expect(await resolveRecipient(em, { ...q, at: now })).toEqual({ userId: t.colleague, via: 'stand-in', standingInFor: t.coordinator });
      expect(await resolveRecipient(em, { ...q, at: at(5) })).toEqual({ userId: t.coordinator, via: 'assignee' });

      expect((await absenceAt(em, t.coordinator, now))?.standInId).toBe(t.colleague);
      expect(await standsInFor(em, t.colleague, now)).toEqual([t.coordinator]);
      expect(await standsInFor(em, t.colleague, at(6))).toEqual([]);
    });
  });

  it('sends a supervisor’s escalation to the team’s deputy while the supervisor is away, then their stand-in, then the head', async () => {
    await inRollback(async (em) => {
      const t = await team(em);
      const q = { role: 'supervisor' as const, teamId: t.teamId, at: now };
      expect(await resolveRecipient(em, q)).toEqual({ userId: t.supervisor, via: 'team-supervisor' });
      await absent(em, t.supervisor, t.otherSupervisor);
      expect(await resolveRecipient(em, q)).toEqual({ userId: t.deputy, via: 'team-deputy' });
      await absent(em, t.deputy, t.colleague);
      expect(await resolveRecipient(em, q)).toEqual({ userId: t.otherSupervisor, via: 'stand-in', standingInFor: t.supervisor });
      await absent(em, t.otherSupervisor, t.colleague);
      expect(await resolveRecipient(em, q)).toEqual({ userId: DEMO_IDS.head, via: 'head-of-department' });
    });
  });

  it('gives the head’s escalations to their stand-in while the head is away; with no head, says why nobody gets it', async () => {
    await inRollback(async (em) => {
      const q = { role: 'head-of-department' as const, teamId: 'team-south', at: now };
      expect(await resolveRecipient(em, q)).toEqual({ userId: DEMO_IDS.head, via: 'head-of-department' });
      await absent(em, DEMO_IDS.head, DEMO_IDS.supervisorSouth);
      expect(await resolveRecipient(em, q)).toEqual({ userId: DEMO_IDS.supervisorSouth, via: 'stand-in', standingInFor: DEMO_IDS.head });
      await em.query(`UPDATE department SET head_id = NULL`);
      expect(await resolveRecipient(em, q)).toEqual({ userId: null, reason: 'the department has no head' });
    });
  });

  it('sends a late inquiry to the family’s deputy, else the team’s deputy, else the supervisor', async () => {
    await inRollback(async (em) => {
      const t = await team(em);
      const q = { role: 'deputy' as const, teamId: t.teamId, at: now };
      expect(await resolveRecipient(em, { ...q, familyDeputyId: t.colleague })).toEqual({ userId: t.colleague, via: 'family-deputy' });
      expect(await resolveRecipient(em, q)).toEqual({ userId: t.deputy, via: 'team-deputy' });
      await em.query(`UPDATE users SET active = false WHERE id = $1`, [t.deputy]);
      expect(await resolveRecipient(em, q)).toEqual({ userId: t.supervisor, via: 'team-supervisor' });
    });
  });

  it('sends a partner’s action to the first contact person of the department who is not away', async () => {
    await inRollback(async (em) => {
      expect(await resolveRecipient(em, { role: 'partner', partnerDepartmentId: 'partner-jobcenter', at: now })).toEqual({
        userId: DEMO_IDS.lene,
        via: 'partner-contact',
      });
      const partnerId = `partner-${randomUUID().slice(0, 8)}`;
      await em.query(`INSERT INTO partner_departments (id, kind, name) VALUES ($1, 'health', 'Sundhed Test')`, [partnerId]);
      const q = { role: 'partner' as const, partnerDepartmentId: partnerId, at: now };
      expect(await resolveRecipient(em, q)).toEqual({
        userId: null,
        reason: `partner department ${partnerId} has no contact person present`,
      });
      const b = await addUser(em, ['partner'], { partnerDepartmentId: partnerId, displayName: 'Bente Sundhed' });
      const a = await addUser(em, ['partner'], { partnerDepartmentId: partnerId, displayName: 'Anders Sundhed' });
      expect(await resolveRecipient(em, q)).toEqual({ userId: a, via: 'partner-contact' });
      await absent(em, a, DEMO_IDS.lene);
      expect(await resolveRecipient(em, q)).toEqual({ userId: b, via: 'partner-contact' });
    });
  });

  it('gives a case without a team to the intake team, and a case without a coordinator to that team’s supervisor', async () => {
    await inRollback(async (em) => {
      expect((await teamOf(em, null))?.id).toBe(DEMO_DEPARTMENT.intakeTeamId);
      expect(await resolveRecipient(em, { role: 'supervisor', teamId: null, at: now })).toEqual({
        userId: DEMO_IDS.supervisorNorth,
        via: 'team-supervisor',
      });
      expect(await resolveRecipient(em, { role: 'coordinator', teamId: null, coordinatorId: null, at: now })).toEqual({
        userId: DEMO_IDS.supervisorNorth,
        via: 'team-supervisor',
      });
      // A coordinator named by free text (cases from before the organisation) is no one to reach: their supervisor is.
      expect(await resolveRecipient(em, { role: 'coordinator', teamId: 'team-south', coordinatorId: 'radgiver-lise', at: now })).toEqual({
        userId: DEMO_IDS.supervisorSouth,
        via: 'team-supervisor',
      });
      expect(await resolveRecipient(em, { role: 'supervisor', teamId: 'team-unknown', at: now })).toEqual({
        userId: DEMO_IDS.head,
        via: 'head-of-department',
      });
    });
  });
});

describe('a projected task step', () => {
  it('records who it went to when it fired, and a re-run projection keeps that receiver', async () => {
    const setup = await ds.transaction(async (em) => team(em));
    const { recordReport } = createCaseRecordActivities({ dataSource: ds });
    const { project } = createProjectionActivities({ dataSource: ds });
    const caseId = randomUUID();
    await recordReport({ caseId, policyVersion: 'p1', report: reportOfConcern() });

    const taskId = randomUUID();
    const firedAt = new Date();
    const task = {
      id: taskId,
      measureId: null,
      kind: 'assessment',
      assigneeRole: 'coordinator',
      assigneeId: setup.coordinator,
      subjectId: null,
      status: 'open',
      openedAt: firedAt,
      dueAt: new Date(firedAt.getTime() + HOUR),
      escalationLevel: 1,
      completedAt: null,
      completedBy: null,
    };
    const step: Projection = {
      caseId,
      case: { teamId: setup.teamId, coordinatorId: setup.coordinator },
      tasks: [task],
      events: [
        {
          eventId: `task:${taskId}:opened`,
          type: 'task.opened',
          actor: 'system',
          at: firedAt.toISOString(),
          data: { taskId, kind: 'assessment', assignee: 'coordinator', assigneeId: setup.coordinator, dueAt: task.dueAt.toISOString() },
        },
        {
          eventId: `task:${taskId}:step:1`,
          type: 'task.escalated',
          actor: 'system',
          at: firedAt.toISOString(),
          data: { taskId, kind: 'assessment', to: 'supervisor', level: 1, dueAt: task.dueAt.toISOString() },
        },
      ],
    };
    const recipients = async () =>
      (
        (await ds.query(`SELECT type, data->'recipient' AS recipient FROM case_events WHERE data->>'taskId' = $1 ORDER BY id`, [
          taskId,
        ])) as { type: string; recipient: unknown }[]
      ).map((e) => [e.type, e.recipient]);

    await project(step);
    const recorded = [
      ['task.opened', { userId: setup.coordinator, via: 'assignee' }],
      ['task.escalated', { userId: setup.supervisor, via: 'team-supervisor' }],
    ];
    expect(await recipients()).toEqual(recorded);

    // Both go away now; the retried projection (as a retry gets it: through JSON) changes nothing recorded.
    await ds.transaction(async (em) => {
      await absent(em, setup.coordinator, setup.colleague, new Date(firedAt.getTime() - HOUR), new Date(firedAt.getTime() + 10 * HOUR));
      await absent(
        em,
        setup.supervisor,
        setup.otherSupervisor,
        new Date(firedAt.getTime() - HOUR),
        new Date(firedAt.getTime() + 10 * HOUR),
      );
    });
    await project(JSON.parse(JSON.stringify(step)));
    expect(await recipients()).toEqual(recorded);

    // A later step of the same task, while they are away, goes to the stand-in and the deputy.
    const later = new Date(firedAt.getTime() + 2 * HOUR).toISOString();
    await project({
      caseId,
      tasks: [task],
      events: [
        {
          eventId: `task:${taskId}:step:2`,
          type: 'task.reminded',
          actor: 'system',
          at: later,
          data: { taskId, kind: 'assessment', to: 'assignee', level: 1, dueAt: task.dueAt.toISOString() },
        },
        {
          eventId: `task:${taskId}:step:3`,
          type: 'task.escalated',
          actor: 'system',
          at: later,
          data: { taskId, kind: 'assessment', to: 'supervisor', level: 2, dueAt: task.dueAt.toISOString() },
        },
      ],
    });
    expect(await recipients()).toEqual([
      ...recorded,
      ['task.reminded', { userId: setup.colleague, via: 'stand-in', standingInFor: setup.coordinator }],
      ['task.escalated', { userId: setup.deputy, via: 'team-deputy' }],
    ]);
  });

  it('resolves a family task through the family’s team and deputy', async () => {
    const setup = await ds.transaction(async (em) => team(em));
    const { project } = createProjectionActivities({ dataSource: ds });
    const familyId = randomUUID();
    const taskId = randomUUID();
    const firedAt = new Date().toISOString();
    await project({
      familyId,
      family: { coordinatorId: setup.coordinator, teamId: setup.teamId, deputyId: setup.colleague },
      tasks: [
        {
          id: taskId,
          measureId: null,
          kind: 'inquiry-response',
          assigneeRole: 'coordinator',
          assigneeId: setup.coordinator,
          subjectId: 'inq-1',
          status: 'open',
          openedAt: new Date(firedAt),
          dueAt: new Date(firedAt),
          escalationLevel: 1,
          completedAt: null,
          completedBy: null,
        },
      ],
      events: [
        {
          eventId: `task:${taskId}:step:0`,
          type: 'task.escalated',
          actor: 'system',
          at: firedAt,
          data: { taskId, kind: 'inquiry-response', to: 'deputy', level: 1, dueAt: firedAt },
        },
      ],
    });
    const [event] = await ds.query(`SELECT data->'recipient' AS recipient FROM case_events WHERE data->>'taskId' = $1`, [taskId]);
    expect(event.recipient).toEqual({ userId: setup.colleague, via: 'family-deputy' });
  });
});
