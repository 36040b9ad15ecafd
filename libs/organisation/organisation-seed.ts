import 'reflect-metadata';
import { DataSource, type EntityManager } from 'typeorm';
import { dataSourceOptions } from '../db/data-source-options';
import { OrganisationRepository } from '../read-model/organisation.repository';
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
  const org = new OrganisationRepository(em);
  for (const p of DEMO_PARTNER_DEPARTMENTS) await org.seedPartnerDepartment(p);
  const newTeams: string[] = [];
  for (const t of DEMO_TEAMS) if (await org.seedTeam(t)) newTeams.push(t.id);
  for (const u of DEMO_USERS) await org.seedUser(u);
  for (const t of DEMO_TEAMS.filter((team) => newTeams.includes(team.id))) await org.seedTeamPosts(t);
  await org.seedDepartment(DEMO_DEPARTMENT);
}
