import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DeadLettersAndOutboxLease1795468715188 implements MigrationInterface {
  name = 'DeadLettersAndOutboxLease1795468715188';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "dead_letters" ("id" uuid NOT NULL, "workflow_id" text NOT NULL, "activity" text NOT NULL, "source" text NOT NULL, "error_code" text NOT NULL, "error_message" text NOT NULL, "input" text NOT NULL, "status" text NOT NULL DEFAULT 'open', "attempts" integer NOT NULL DEFAULT '1', "resolved_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_dead_letters_status" CHECK (status IN ('open', 'resolved')), CONSTRAINT "PK_084e63809483fb0a9c48aae607f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dead_letters_workflow_id" ON "dead_letters"  ("workflow_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_dead_letters_source" ON "dead_letters"  ("source") `);
    await queryRunner.query(`CREATE INDEX "IDX_dead_letters_status_created" ON "dead_letters"  ("status", "created_at", "id") `);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "lease_until" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "lease_until"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dead_letters_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_dead_letters_source"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dead_letters_workflow_id"`);
    await queryRunner.query(`DROP TABLE "dead_letters"`);
  }
}
