import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions live in PostgreSQL (connect-pg-simple's table shape), so any API process can
 * serve any signed-in person and a restart signs nobody out.
 */
export class UserSessions1795600000200 implements MigrationInterface {
  name = 'UserSessions1795600000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "user_sessions" ("sid" varchar NOT NULL, "sess" json NOT NULL, "expire" TIMESTAMP(6) WITH TIME ZONE NOT NULL, CONSTRAINT "PK_user_sessions" PRIMARY KEY ("sid"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_user_sessions_expire" ON "user_sessions" ("expire")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_sessions"`);
  }
}
