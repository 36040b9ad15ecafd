import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation: users, their absences and stand-ins, teams, the department and the partner
 * departments. Users and teams point at each other (a user's team, a team's supervisor), so the
 * tables come first and the foreign keys after.
 */
export class Organisation1795600000000 implements MigrationInterface {
  name = 'Organisation1795600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "partner_departments" ("id" text NOT NULL, "kind" text NOT NULL, "name" text NOT NULL, "email" text, CONSTRAINT "CHK_partner_departments_kind" CHECK (kind IN ('jobcenter', 'school', 'health', 'adult-social-services')), CONSTRAINT "PK_f52c110a6da5513f56bbe7f678a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "teams" ("id" text NOT NULL, "name" text NOT NULL, "supervisor_id" uuid, "deputy_id" uuid, CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL, "subject" text NOT NULL, "username" text NOT NULL, "display_name" text NOT NULL, "email" text NOT NULL, "roles" text array NOT NULL, "team_id" text, "partner_department_id" text, "caseload_target" integer, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_users_caseload_target" CHECK (caseload_target IS NULL OR caseload_target >= 0), CONSTRAINT "CHK_users_email_lower_case" CHECK (email = lower(email)), CONSTRAINT "CHK_users_roles" CHECK (cardinality(roles) > 0 AND roles <@ ARRAY['coordinator', 'supervisor', 'head-of-department', 'partner', 'admin']::text[]), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_subject" ON "users"  ("subject") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_username" ON "users"  ("username") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users"  ("email") `);
    await queryRunner.query(`CREATE INDEX "IDX_users_team_id" ON "users"  ("team_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_users_partner_department_id" ON "users"  ("partner_department_id") `);
    await queryRunner.query(
      `CREATE TABLE "absences" ("id" uuid NOT NULL, "user_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "stand_in_id" uuid NOT NULL, "reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_absences_stand_in" CHECK (stand_in_id <> user_id), CONSTRAINT "CHK_absences_period" CHECK (ends_at > starts_at), CONSTRAINT "PK_bd79346866fea8ac6f269252748" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_absences_stand_in_ends" ON "absences"  ("stand_in_id", "ends_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_absences_user_ends" ON "absences"  ("user_id", "ends_at") `);
    await queryRunner.query(
      `CREATE TABLE "department" ("id" text NOT NULL, "name" text NOT NULL, "head_id" uuid, "intake_team_id" text, CONSTRAINT "PK_9a2213262c1593bffb581e382f5" PRIMARY KEY ("id"))`,
    );
    // One department per installation: a unique index on a constant admits a single row.
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_department_single_row" ON "department" ((true))`);
    await queryRunner.query(
      `ALTER TABLE "teams" ADD CONSTRAINT "FK_teams_supervisor" FOREIGN KEY ("supervisor_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "teams" ADD CONSTRAINT "FK_teams_deputy" FOREIGN KEY ("deputy_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_users_team" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_users_partner_department" FOREIGN KEY ("partner_department_id") REFERENCES "partner_departments"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "absences" ADD CONSTRAINT "FK_absences_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "absences" ADD CONSTRAINT "FK_absences_stand_in" FOREIGN KEY ("stand_in_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "department" ADD CONSTRAINT "FK_department_head" FOREIGN KEY ("head_id") REFERENCES "users"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "department" ADD CONSTRAINT "FK_department_intake_team" FOREIGN KEY ("intake_team_id") REFERENCES "teams"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "department" DROP CONSTRAINT "FK_department_intake_team"`);
    await queryRunner.query(`ALTER TABLE "department" DROP CONSTRAINT "FK_department_head"`);
    await queryRunner.query(`ALTER TABLE "absences" DROP CONSTRAINT "FK_absences_stand_in"`);
    await queryRunner.query(`ALTER TABLE "absences" DROP CONSTRAINT "FK_absences_user"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_users_partner_department"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_users_team"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP CONSTRAINT "FK_teams_deputy"`);
    await queryRunner.query(`ALTER TABLE "teams" DROP CONSTRAINT "FK_teams_supervisor"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_department_single_row"`);
    await queryRunner.query(`DROP TABLE "department"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_absences_user_ends"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_absences_stand_in_ends"`);
    await queryRunner.query(`DROP TABLE "absences"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_users_partner_department_id"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_users_team_id"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_username"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_subject"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "teams"`);
    await queryRunner.query(`DROP TABLE "partner_departments"`);
  }
}
