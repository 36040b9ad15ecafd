// Run by tests/persistence/round-trips.spec.ts with plain Node on the built code (jest cannot load
// NestJS's ES modules): runs a report's intake projection, the inbox and the case page's read-model
// part through the real activities and services, counting every statement each sends (one round
// trip each; a transaction's START TRANSACTION and COMMIT count too), and prints the counts as JSON.
require('reflect-metadata');
const { randomUUID } = require('node:crypto');
const { join } = require('node:path');
const { DataSource } = require('typeorm');

const dist = join(__dirname, '..', '..', 'dist');
const load = (...path) => require(join(dist, ...path));
const { dataSourceOptions } = load('libs', 'db', 'data-source-options.js');
const { DEMO_IDS } = load('libs', 'organisation', 'demo-organisation.js');
const { createCaseRecordActivities } = load('activities', 'case-record.activity.js');
const { createProjectionActivities } = load('activities', 'projection.activity.js');
const { ReadModel } = load('libs', 'read-model', 'read-model.js');
const api = (...path) => load('apps', 'api', 'src', ...path);
const { AuditService } = api('audit', 'audit.service.js');
const { AccessService } = api('auth', 'access.service.js');
const { CaseOutcomeService } = api('cases', 'case-outcome.service.js');
const { CasePageService } = api('web', 'cases', 'case-page.service.js');
const { WorkListsService } = api('work-lists', 'work-lists.service.js');

let statements = 0;
const logger = {
  logQuery: () => void statements++,
  logQueryError: () => undefined,
  logQuerySlow: () => undefined,
  logSchemaBuild: () => undefined,
  logMigration: () => undefined,
  log: () => undefined,
};

/** The statements `run` sends. */
async function measure(run) {
  statements = 0;
  await run();
  return statements;
}

async function main() {
  const ds = await new DataSource({ ...dataSourceOptions(process.env.DATABASE_URL), logging: ['query'], logger }).initialize();
  try {
    const rm = ReadModel.of(ds);
    const lists = new WorkListsService(rm.workLists, rm.organisation, rm.tasks, new AuditService(rm.audit, rm.organisation));
    const access = new AccessService(rm.cases, rm.measures, rm.families, rm.tasks, rm.organisation);
    const outcomes = new CaseOutcomeService(rm.cases, rm.caseEvents);
    const page = new CasePageService(rm.cases, rm.measures, rm.organisation);
    const anna = {
      userId: DEMO_IDS.anna,
      displayName: 'Anna',
      roles: ['coordinator'],
      teamId: 'team-north',
      partnerDepartmentId: null,
      via: 'bearer',
    };
    process.stdout.write(JSON.stringify(await hotPaths({ ds, lists, access, outcomes, page, anna })));
  } finally {
    await ds.destroy();
  }
}

async function hotPaths({ ds, lists, access, outcomes, page, anna }) {
  const caseId = randomUUID();
  const taskId = randomUUID();
  const reportId = randomUUID();
  const { recordReport } = createCaseRecordActivities({ dataSource: ds });
  const { project } = createProjectionActivities({ dataSource: ds, relayQueue: 'round-trips' });
  const now = new Date();
  const dueAt = new Date(now.getTime() + 24 * 3600_000);
  // A report's way to its urgency task: the case and its report recorded, the task opened and its
  // coordinator told (the recipient resolved, a notification and its mail written).
  const intake = await measure(async () => {
    await recordReport({
      caseId,
      policyVersion: 'statutory-2025.1',
      report: {
        reportId,
        receivedAt: now.toISOString(),
        reporter: { name: 'Hanne Holm', email: 'hanne@skole.example.dk', type: 'professional' },
        childReference: 'ROUND-TRIPS-1',
        concern: 'Eleven kommer ofte sulten i skole.',
        concernsAbuse: false,
      },
    });
    await project({
      caseId,
      case: { phase: 'urgency-assessment', coordinatorId: DEMO_IDS.anna, teamId: 'team-north', nextDeadline: dueAt },
      tasks: [
        {
          id: taskId,
          kind: 'urgency-assessment',
          assigneeRole: 'coordinator',
          assigneeId: DEMO_IDS.anna,
          status: 'open',
          openedAt: now,
          dueAt,
          escalationLevel: 0,
        },
      ],
      events: [
        {
          eventId: `task.opened:${taskId}`,
          type: 'task.opened',
          actor: 'system',
          at: now.toISOString(),
          data: { taskId, kind: 'urgency-assessment', assignee: 'coordinator', assigneeId: DEMO_IDS.anna, dueAt: dueAt.toISOString() },
        },
      ],
    });
  });
  // The coordinator's inbox, as its page asks for it.
  const inbox = await measure(() => lists.myInbox(anna, {}));
  // The case page's read-model part: the guard's reach, the rows beside the workflow's view, the timeline, the names.
  const casePage = await measure(async () => {
    await access.toCase(anna, caseId);
    await Promise.all([
      page.caseRow(caseId),
      page.measures(caseId),
      page.goals(caseId),
      page.followUps(caseId),
      page.agreedActions(caseId),
      page.partnerDepartments(),
      page.teams(),
      page.intakeTeam(),
      outcomes.timeline(caseId, { limit: '200' }),
    ]);
    await Promise.all([access.mayApprove(anna, 'team-north'), access.leadsTeam(anna, 'team-north'), page.coordinatorsOf('team-north')]);
    await page.userNames([DEMO_IDS.anna, 'system']);
  });
  return { intake, inbox, casePage };
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err));
  process.exit(1);
});
