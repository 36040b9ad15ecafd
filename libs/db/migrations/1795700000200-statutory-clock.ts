import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A statutory clock paused or extended with a supervisor's approval shows on the task's row:
 * 'paused' (until it resumes), 'resumed' (after a pause) or 'extended', and when it changed.
 */
export class StatutoryClock1795700000200 implements MigrationInterface {
  name = 'StatutoryClock1795700000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "clock_state" text`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "clock_changed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "clock_changed_at"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "clock_state"`);
  }
}
