import { Pool } from 'pg';
import { testEnv } from './test-env';

let pool: Pool | undefined;

/** Reads the read model as a supervisor's report would: plain SQL on the migrated schema. */
export async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  pool ??= new Pool({ connectionString: testEnv().databaseUrl, max: 2 });
  const res = await pool.query(text, params);
  return res.rows as T[];
}

export async function closeDatabase(): Promise<void> {
  await pool?.end();
  pool = undefined;
}
