// Every SQL statement of the code base is in a read-model repository (libs/read-model/*.repository.ts),
// a migration or a benchmark: services, controllers, pages, activities and workflows call repositories.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const LAYERS = ['apps', 'activities', 'libs', 'workflows'];

/** Where SQL may be written. */
const ALLOWED = [/\.repository\.ts$/, /^libs\/db\/migrations\//];

/** SQL, or a database call that runs it (a Temporal query, `handle.query(someQuery)`, is not one: its argument is no text). */
const SQL = [
  /\b(SELECT|INSERT INTO|DELETE FROM|TRUNCATE|UPDATE\s+\w+\s+SET|FOR UPDATE|pg_notify|pg_advisory\w*|LISTEN)\b/,
  /\.query\(\s*['"`]/,
  /\b(createQueryBuilder|getRepository|InjectDataSource|InjectRepository)\b/,
  /\.manager\./,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** `file:line: text` of each line that writes or runs SQL outside the places allowed. */
function sqlOutsideRepositories(): string[] {
  return LAYERS.flatMap((layer) => sourceFiles(join(root, layer)))
    .map((path) => relative(root, path).split('\\').join('/'))
    .filter((file) => !ALLOWED.some((allowed) => allowed.test(file)))
    .flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => {
          // Comments may name SQL (why a statement is the way it is); only code counts.
          const code = line
            .replace(/\/\*.*?(\*\/|$)/g, '')
            .replace(/^\s*\*.*$/, '')
            .replace(/\/\/.*$/, '');
          return SQL.some((pattern) => pattern.test(code)) ? [`${file}:${i + 1}: ${line.trim()}`] : [];
        }),
    );
}

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
