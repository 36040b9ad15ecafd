import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (audit_records), append-only in PostgreSQL itself. REVOKE alone would not do:
 * the dev and test role is a superuser, and an owner keeps its rights. So triggers refuse UPDATE,
 * DELETE (per row) and TRUNCATE (per statement) for every role, and they are ENABLE ALWAYS, so
 * `session_replication_role = replica` (which silences ordinary triggers) does not switch them
 * off either. Only DDL (dropping the trigger or the table) gets past them, and that is a
 * migration's business, reviewed as such.
 */
export class AuditTrail1795600000100 implements MigrationInterface {
  name = 'AuditTrail1795600000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_records" ("id" BIGSERIAL NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_id" uuid NOT NULL, "actor_role" text NOT NULL, "action" text NOT NULL, "command" text, "case_id" uuid, "family_id" uuid, "measure_id" uuid, "outcome" text NOT NULL, "out_of_scope" boolean NOT NULL DEFAULT false, "reason" text, "team_id" text, "request_id" text, CONSTRAINT "CHK_audit_records_outcome" CHECK (outcome IN ('allowed', 'denied', 'failed')), CONSTRAINT "CHK_audit_records_reason_length" CHECK (char_length(reason) <= 1000), CONSTRAINT "CHK_audit_records_bounds" CHECK (char_length(actor_role) <= 50 AND char_length(action) <= 100 AND char_length(command) <= 100 AND char_length(team_id) <= 100 AND char_length(request_id) <= 200), CONSTRAINT "PK_audit_records" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_records_case_at" ON "audit_records"  ("case_id", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_records_actor_at" ON "audit_records"  ("actor_id", "at") `);
    await queryRunner.query(`CREATE INDEX "IDX_audit_records_team_flagged" ON "audit_records"  ("team_id", "at") WHERE out_of_scope`);
    await queryRunner.query(
      `CREATE FUNCTION "audit_records_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'audit_records is append-only: % is not allowed', TG_OP
           USING ERRCODE = 'insufficient_privilege', HINT = 'audit records are never changed or removed; add a new record instead';
       END
       $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_records_no_update_or_delete" BEFORE UPDATE OR DELETE ON "audit_records" FOR EACH ROW EXECUTE FUNCTION "audit_records_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_records_no_truncate" BEFORE TRUNCATE ON "audit_records" FOR EACH STATEMENT EXECUTE FUNCTION "audit_records_append_only"()`,
    );
    await queryRunner.query(`ALTER TABLE "audit_records" ENABLE ALWAYS TRIGGER "audit_records_no_update_or_delete"`);
    await queryRunner.query(`ALTER TABLE "audit_records" ENABLE ALWAYS TRIGGER "audit_records_no_truncate"`);
    // For an application role that is no superuser and not the owner, PostgreSQL's own rights say the same.
    await queryRunner.query(`REVOKE UPDATE, DELETE, TRUNCATE ON "audit_records" FROM PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_records"`);
    await queryRunner.query(`DROP FUNCTION "audit_records_append_only"()`);
  }
}
