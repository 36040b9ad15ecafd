import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CaseLifecycle1795375700116 implements MigrationInterface {
  name = 'CaseLifecycle1795375700116';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "measures" ("id" uuid NOT NULL, "case_id" uuid NOT NULL, "decision_id" uuid NOT NULL, "type" text NOT NULL, "ladder_step" integer NOT NULL, "provider" text NOT NULL, "monthly_cost" numeric(12,2) NOT NULL, "start_date" TIMESTAMP WITH TIME ZONE NOT NULL, "planned_end" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" text, CONSTRAINT "PK_ec34a47385441849095def20546" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_measures_case_id" ON "measures"  ("case_id") `);
    await queryRunner.query(
      `CREATE TABLE "follow_ups" ("id" uuid NOT NULL, "measure_id" uuid NOT NULL, "case_id" uuid NOT NULL, "held_at" TIMESTAMP WITH TIME ZONE NOT NULL, "on_time" boolean NOT NULL, "decision" text NOT NULL, "scores" jsonb NOT NULL, "actions_not_done" jsonb NOT NULL, "next_due_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_d510aabdff2ec7fdc67a1092157" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_follow_ups_measure_id" ON "follow_ups"  ("measure_id") `);
    await queryRunner.query(
      `CREATE TABLE "agreed_actions" ("id" uuid NOT NULL, "follow_up_id" uuid NOT NULL, "measure_id" uuid NOT NULL, "case_id" uuid NOT NULL, "description" text NOT NULL, "owner" text NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" text NOT NULL, "done_at" TIMESTAMP WITH TIME ZONE, "done_by" text, CONSTRAINT "PK_8e42e1b39a9a78be69c6d1509ea" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_agreed_actions_follow_up_id" ON "agreed_actions"  ("follow_up_id") `);
    await queryRunner.query(
      `CREATE TABLE "families" ("id" uuid NOT NULL, "coordinator_id" text, "team_id" text, "deputy_id" text, "contact_email" text, "coordinator_changes" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_70414ac0c8f45664cf71324b9bb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_families_coordinator_id" ON "families"  ("coordinator_id") `);
    await queryRunner.query(
      `CREATE TABLE "goals" ("case_id" uuid NOT NULL, "goal_id" text NOT NULL, "description" text NOT NULL, "owner_department" text NOT NULL, "success_measure" text NOT NULL, "first_score" integer, "latest_score" integer, CONSTRAINT "PK_436e1c19010c8c96d0ceb024eb9" PRIMARY KEY ("case_id", "goal_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "tasks" ("id" uuid NOT NULL, "case_id" uuid, "family_id" uuid, "measure_id" uuid, "kind" text NOT NULL, "assignee_role" text NOT NULL, "assignee_id" text, "subject_id" text, "status" text NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "escalation_level" integer NOT NULL DEFAULT '0', "completed_at" TIMESTAMP WITH TIME ZONE, "completed_by" text, CONSTRAINT "CHK_tasks_scope" CHECK (case_id IS NOT NULL OR family_id IS NOT NULL), CONSTRAINT "PK_8d12ff38fcc62aaba2cab748772" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_tasks_case_id" ON "tasks"  ("case_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_family_id" ON "tasks"  ("family_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_assignee" ON "tasks"  ("assignee_id", "status") `);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_open_due" ON "tasks"  ("status", "due_at") `);
    await queryRunner.query(`ALTER TABLE "cases" ADD "family_id" uuid`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "coordinator_changes" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "next_deadline" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "escalation_level" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "triage_decision" text`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "closure_reason" text`);
    await queryRunner.query(`ALTER TABLE "cases" ADD "outcome" jsonb`);
    await queryRunner.query(`ALTER TABLE "case_events" ADD "family_id" uuid`);
    await queryRunner.query(`ALTER TABLE "mail_outbox" ADD "family_id" uuid`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "FK_case_events_case"`);
    await queryRunner.query(`ALTER TABLE "case_events" ALTER COLUMN "case_id" DROP NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_family_id" ON "cases"  ("family_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_cases_coordinator_id" ON "cases"  ("coordinator_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_case_events_family_id" ON "case_events"  ("family_id") `);
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "CHK_case_events_scope" CHECK (case_id IS NOT NULL OR family_id IS NOT NULL)`,
    );
    await queryRunner.query(
      `ALTER TABLE "measures" ADD CONSTRAINT "FK_measures_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_follow_ups_measure" FOREIGN KEY ("measure_id") REFERENCES "measures"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "follow_ups" ADD CONSTRAINT "FK_follow_ups_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "agreed_actions" ADD CONSTRAINT "FK_agreed_actions_follow_up" FOREIGN KEY ("follow_up_id") REFERENCES "follow_ups"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "FK_case_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "goals" ADD CONSTRAINT "FK_goals_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "FK_tasks_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "FK_tasks_case"`);
    await queryRunner.query(`ALTER TABLE "goals" DROP CONSTRAINT "FK_goals_case"`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "FK_case_events_case"`);
    await queryRunner.query(`ALTER TABLE "agreed_actions" DROP CONSTRAINT "FK_agreed_actions_follow_up"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "FK_follow_ups_case"`);
    await queryRunner.query(`ALTER TABLE "follow_ups" DROP CONSTRAINT "FK_follow_ups_measure"`);
    await queryRunner.query(`ALTER TABLE "measures" DROP CONSTRAINT "FK_measures_case"`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP CONSTRAINT "CHK_case_events_scope"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_case_events_family_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cases_coordinator_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cases_family_id"`);
    await queryRunner.query(`ALTER TABLE "case_events" ALTER COLUMN "case_id" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "case_events" ADD CONSTRAINT "FK_case_events_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "mail_outbox" DROP COLUMN "family_id"`);
    await queryRunner.query(`ALTER TABLE "case_events" DROP COLUMN "family_id"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "outcome"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "closure_reason"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "triage_decision"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "escalation_level"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "next_deadline"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "coordinator_changes"`);
    await queryRunner.query(`ALTER TABLE "cases" DROP COLUMN "family_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tasks_open_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tasks_assignee"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tasks_family_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tasks_case_id"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
    await queryRunner.query(`DROP TABLE "goals"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_families_coordinator_id"`);
    await queryRunner.query(`DROP TABLE "families"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_agreed_actions_follow_up_id"`);
    await queryRunner.query(`DROP TABLE "agreed_actions"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_follow_ups_measure_id"`);
    await queryRunner.query(`DROP TABLE "follow_ups"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_measures_case_id"`);
    await queryRunner.query(`DROP TABLE "measures"`);
  }
}
