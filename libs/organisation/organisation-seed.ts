import 'reflect-metadata';
import { DataSource, type EntityManager } from 'typeorm';
import { dataSourceOptions } from '../db/data-source-options';
import { DEMO_DEPARTMENT, DEMO_PARTNER_DEPARTMENTS, DEMO_TEAMS, DEMO_USERS } from './demo-organisation';

/**
 * Writes the demo organisation (libs/organisation/demo-organisation.ts) into the read model. Safe
 * on every start: a row that exists already, demo or not, is left exactly as it is, so an admin's
 * edits survive a restart and a run twice changes nothing. Only what is missing is added, in one
 * transaction.
 *
 * Users and teams point at each other. Teams are written first without their supervisor and deputy,
 * then the users, then the teams written in this run get their supervisor and deputy: a team that
 * already existed keeps whatever an admin set.
 */
export async function seedDemoOrganisation(target: DataSource | EntityManager): Promise<void> {
  const run = (em: EntityManager) => seed(em);
  if (isDataSource(target)) await target.transaction(run);
  else if (target.queryRunner?.isTransactionActive) await run(target);
  else await target.transaction(run);
}

/** For the scripts (dev stack, tests): opens its own connection to `databaseUrl`. */
export async function seedDemoOrganisationAt(databaseUrl: string): Promise<void> {
  const ds = await new DataSource(dataSourceOptions(databaseUrl)).initialize();
  try {
    await seedDemoOrganisation(ds);
  } finally {
    await ds.destroy();
  }
}

function isDataSource(target: DataSource | EntityManager): target is DataSource {
  return target instanceof DataSource;
}

async function seed(em: EntityManager): Promise<void> {
  for (const p of DEMO_PARTNER_DEPARTMENTS) {
    await em.query(`INSERT INTO partner_departments (id, kind, name, email) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
      p.id,
      p.kind,
      p.name,
      p.email,
    ]);
  }
  const newTeams: string[] = [];
  for (const t of DEMO_TEAMS) {
    const inserted = (await em.query(`INSERT INTO teams (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING id`, [
      t.id,
      t.name,
    ])) as unknown[];
    if (inserted.length) newTeams.push(t.id);
  }
  for (const u of DEMO_USERS) {
    // A demo person whose username or email an admin gave to someone else is not added; nothing else
    // refers to them then (see the sub-selects below).
    await em.query(
      `INSERT INTO users (id, subject, username, display_name, email, roles, team_id, partner_department_id, caseload_target)
       VALUES ($1, $2, $3, $4, lower($5), $6::text[],
               (SELECT id FROM teams WHERE id = $7), (SELECT id FROM partner_departments WHERE id = $8), $9)
       ON CONFLICT DO NOTHING`,
      // The local OpenID provider uses the user's id as the `sub` claim.
      [u.id, u.id, u.username, u.displayName, u.email, u.roles, u.teamId, u.partnerDepartmentId, u.caseloadTarget],
    );
  }
  for (const t of DEMO_TEAMS.filter((team) => newTeams.includes(team.id))) {
    await em.query(
      `UPDATE teams SET supervisor_id = (SELECT id FROM users WHERE id = $2), deputy_id = (SELECT id FROM users WHERE id = $3) WHERE id = $1`,
      [t.id, t.supervisorId, t.deputyId],
    );
  }
  const d = DEMO_DEPARTMENT;
  // One department per installation (a unique index on a constant): an existing one is kept.
  await em.query(
    `INSERT INTO department (id, name, head_id, intake_team_id)
     VALUES ($1, $2, (SELECT id FROM users WHERE id = $3), (SELECT id FROM teams WHERE id = $4))
     ON CONFLICT DO NOTHING`,
    [d.id, d.name, d.headId, d.intakeTeamId],
  );
}
