import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The work lists (inboxes, the supervisor's board, the case list, the timeline) read the read model
 * by key, in the order they show, so each answers from an index in well under 100 ms with 100,000
 * cases and 2,000,000 events (docs/benchmarks.md):
 * - `tasks.team_id`: the team of the task's case (else its family), kept by the projection, so a
 *   team's lists need no join and count from an index. Null while the case has no team: the
 *   department's intake team's (the lists read it as such; nothing to rewrite when the intake
 *   team changes);
 * - `tasks.escalated_to_role` / `escalated_to_user_id`: whom the latest escalation went to,
 *   resolved when it fired (activities/projection.activity.ts), for "escalated to me";
 * - partial indexes over open tasks only (the done ones are most rows and no list shows them).
 */
export class WorkLists1795700000100 implements MigrationInterface {
  name = 'WorkLists1795700000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "team_id" text`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "escalated_to_role" text`);
    await queryRunner.query(`ALTER TABLE "tasks" ADD "escalated_to_user_id" uuid`);
    await queryRunner.query(
      `UPDATE tasks t SET team_id = COALESCE(c.team_id, f.team_id)
         FROM tasks x LEFT JOIN cases c ON c.id = x.case_id LEFT JOIN families f ON f.id = COALESCE(x.family_id, c.family_id)
        WHERE t.id = x.id AND COALESCE(c.team_id, f.team_id) IS NOT NULL`,
    );
    const open = `WHERE status = 'open'`;
    await queryRunner.query(`CREATE INDEX "IDX_tasks_open_assignee_due" ON "tasks" ("assignee_id", "due_at", "id") ${open}`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_open_escalated_to_due" ON "tasks" ("escalated_to_user_id", "due_at", "id") ${open}`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_open_team_due" ON "tasks" ("team_id", "due_at", "id") ${open}`);
    await queryRunner.query(`CREATE INDEX "IDX_tasks_open_team_kind_due" ON "tasks" ("team_id", "kind", "due_at", "id") ${open}`);
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_open_unassigned_role_team_due" ON "tasks" ("assignee_role", "team_id", "due_at", "id") ${open} AND assignee_id IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tasks_open_escalated_team_level" ON "tasks" ("team_id", "escalation_level", "due_at", "id") ${open} AND escalation_level > 0`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_cases_team_deadline" ON "cases" ("team_id", "next_deadline", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_coordinator_deadline" ON "cases" ("coordinator_id", "next_deadline", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_deadline" ON "cases" ("next_deadline", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_cases_open_coordinator" ON "cases" ("coordinator_id") WHERE closed_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_case_events_case_time" ON "case_events" ("case_id", "occurred_at", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [
      'IDX_case_events_case_time',
      'IDX_cases_open_coordinator',
      'IDX_cases_deadline',
      'IDX_cases_coordinator_deadline',
      'IDX_cases_team_deadline',
      'IDX_tasks_open_escalated_team_level',
      'IDX_tasks_open_unassigned_role_team_due',
      'IDX_tasks_open_team_kind_due',
      'IDX_tasks_open_team_due',
      'IDX_tasks_open_escalated_to_due',
      'IDX_tasks_open_assignee_due',
    ])
      await queryRunner.query(`DROP INDEX "${index}"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "escalated_to_user_id"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "escalated_to_role"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "team_id"`);
  }
}
