import type { Db } from './db';

/** The read model's database itself: whether it answers, and how a transaction runs. */
export class DatabaseRepository {
  constructor(private readonly db: Db) {}

  /** Throws when PostgreSQL does not answer. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** The rest of the caller's transaction only reads (its first statement). */
  async readOnly(): Promise<void> {
    await this.db.query('SET TRANSACTION READ ONLY');
  }
}
