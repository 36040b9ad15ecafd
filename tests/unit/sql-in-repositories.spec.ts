// Every SQL statement of the code base is in a read-model repository (libs/read-model/*.repository.ts),
// a migration or a benchmark: services, controllers, pages, activities and workflows call repositories.
import { codeLinesMatching } from '../support/source-lines';

/** Where SQL may be written. */
const ALLOWED = [/\.repository\.ts$/, /^libs\/db\/migrations\//];

/** SQL, or a database call that runs it (a Temporal query, `handle.query(someQuery)`, is not one: its argument is no text). */
const SQL = [
  /\b(SELECT|INSERT INTO|DELETE FROM|TRUNCATE|UPDATE\s+\w+\s+SET|FOR UPDATE|pg_notify|pg_advisory\w*|LISTEN)\b/,
  /\.query\(\s*['"`]/,
  /\b(createQueryBuilder|getRepository|InjectDataSource|InjectRepository)\b/,
  /\.manager\./,
];

/** `file:line: text` of each line that writes or runs SQL outside the places allowed. */
const sqlOutsideRepositories = () => codeLinesMatching((code) => SQL.some((pattern) => pattern.test(code)), ALLOWED);

describe('SQL', () => {
  it('is written only in repositories, migrations and benchmarks', () => {
    expect(sqlOutsideRepositories()).toEqual([]);
  });

  it('is found by this test where it does not belong', () => {
    // The patterns themselves, as a service would write them: each one is caught.
    const samples = [
      "const rows = await this.db.query('SELECT id FROM teams WHERE supervisor_id = $1', [userId]);",
      'await em.query(`UPDATE tasks SET team_id = $2 WHERE case_id = $1`, [caseId, teamId]);',
      'const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });',
      'await dataSource.createQueryBuilder().insert().into(CaseEventEntity).values(e).execute();',
      'const team = await department(this.db.manager.connection);',
    ];
    for (const sample of samples) expect(SQL.some((pattern) => pattern.test(sample))).toBe(true);
    // A Temporal query is not SQL.
    expect(SQL.some((pattern) => pattern.test('return await this.temporal.workflow.getHandle(id).query(caseViewQuery);'))).toBe(false);
  });
});
