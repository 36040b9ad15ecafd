import connectPgSimple from 'connect-pg-simple';
import type session from 'express-session';
import { Pool } from 'pg';

/** How often expired sessions are deleted. */
const PRUNE_EVERY_SECONDS = 15 * 60;

/**
 * `user_sessions` (migration 1795600000200): the browser sessions, kept by connect-pg-simple on a
 * small pool of its own, so API processes can scale out.
 */
export function sessionStore(expressSession: typeof session, databaseUrl: string): { store: session.Store; close(): Promise<void> } {
  const pool = new Pool({ connectionString: databaseUrl, max: 4 });
  const PgStore = connectPgSimple(expressSession);
  const store = new PgStore({ pool, tableName: 'user_sessions', createTableIfMissing: false, pruneSessionInterval: PRUNE_EVERY_SECONDS });
  return {
    store,
    close: async () => {
      store.close();
      await pool.end().catch(() => undefined);
    },
  };
}
