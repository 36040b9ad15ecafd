import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: every step of a task told to the person it is for, by mail at once or in their
 * daily digest. Each person's choice lives on the user; the outbox learns who delivers a message
 * (the workflow's activity, or the relay) and when the relay may try again.
 */
export class Notifications1795700000000 implements MigrationInterface {
  name = 'Notifications1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" text NOT NULL, "user_id" uuid NOT NULL, "case_id" uuid, "family_id" uuid, "task_id" uuid, "step" text NOT NULL, "task_kind" text NOT NULL, "level" integer NOT NULL DEFAULT '0', "due_at" TIMESTAMP WITH TIME ZONE, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "delivery" text NOT NULL, "outbox_id" text, "digest_id" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_notifications_delivery" CHECK (delivery IN ('immediate', 'digest')), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_notifications_digest_pending" ON "notifications" ("user_id", "occurred_at") WHERE delivery = 'digest' AND digest_id IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_notifications_user" ON "notifications" ("user_id", "occurred_at")`);
    await queryRunner.query(`ALTER TABLE "users" ADD "notification_mode" text NOT NULL DEFAULT 'immediate'`);
    await queryRunner.query(`ALTER TABLE "users" ADD "digest_time" text NOT NULL DEFAULT '07:30'`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "kind" text NOT NULL DEFAULT 'activity'`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "user_id" uuid`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "relay_queue" text`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await queryRunner.query(
      `CREATE INDEX "IDX_mail_outbox_relay" ON "mail_outbox" ("relay_queue", "next_attempt_at") WHERE status = 'pending' AND kind <> 'activity'`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "CHK_users_digest_time" CHECK (digest_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "CHK_users_notification_mode" CHECK (notification_mode IN ('immediate', 'digest'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "mail_outbox" ADD CONSTRAINT "CHK_mail_outbox_kind" CHECK (kind IN ('activity', 'notification', 'digest'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP CONSTRAINT "CHK_mail_outbox_kind"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "CHK_users_notification_mode"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "CHK_users_digest_time"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_mail_outbox_relay"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "next_attempt_at"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "relay_queue"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "user_id"`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "kind"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "digest_time"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "notification_mode"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_notifications_digest_pending"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
