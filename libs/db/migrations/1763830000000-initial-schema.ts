import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763830000000 implements MigrationInterface {
  name = 'InitialSchema1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        phase text NOT NULL,
        policy_version text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        coordinator_id text,
        team_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE reports (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        received_at timestamptz NOT NULL,
        reporter_type text NOT NULL CHECK (reporter_type IN ('professional', 'citizen')),
        reporter_name text NOT NULL,
        reporter_email text NOT NULL,
        child_reference text NOT NULL,
        concern text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "IDX_reports_case_id" ON reports (case_id)`);
    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        type text NOT NULL,
        actor text NOT NULL,
        occurred_at timestamptz NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        dedupe_key text NOT NULL
      )`);
    await q.query(`CREATE INDEX "IDX_case_events_case_id" ON case_events (case_id)`);
    await q.query(`CREATE UNIQUE INDEX "UQ_case_events_dedupe_key" ON case_events (dedupe_key)`);
    await q.query(`
      CREATE TABLE mail_outbox (
        id text PRIMARY KEY,
        case_id uuid REFERENCES cases(id),
        to_address text NOT NULL,
        subject text NOT NULL,
        body_text text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent')),
        attempts int NOT NULL DEFAULT 0,
        message_id text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE mail_outbox');
    await q.query('DROP TABLE case_events');
    await q.query('DROP TABLE reports');
    await q.query('DROP TABLE cases');
  }
}
