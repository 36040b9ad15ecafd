import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AuditOutcome = 'allowed' | 'denied' | 'failed';

/**
 * One read or change of case data: who (as which role), what, which case, when, and the reason
 * where one was asked. Append-only, enforced in PostgreSQL by triggers that refuse UPDATE, DELETE
 * and TRUNCATE whatever role connects (migration 1795600000100). No personal data beyond ids and
 * the reason the person typed. No foreign keys on purpose: a record must outlive the user, case or
 * family it names, and a cascade would have to delete it.
 */
@Entity({ name: 'audit_records' })
@Check('CHK_audit_records_outcome', `outcome IN ('allowed', 'denied', 'failed')`)
@Check('CHK_audit_records_reason_length', `char_length(reason) <= 1000`)
@Check(
  'CHK_audit_records_bounds',
  `char_length(actor_role) <= 50 AND char_length(action) <= 100 AND char_length(command) <= 100 AND char_length(team_id) <= 100 AND char_length(request_id) <= 200`,
)
@Index('IDX_audit_records_case_at', ['caseId', 'at'])
@Index('IDX_audit_records_actor_at', ['actorId', 'at'])
// Only the out-of-scope reads: what a supervisor's "flagged" list reads, and a small index.
@Index('IDX_audit_records_team_flagged', ['teamId', 'at'], { where: 'out_of_scope' })
export class AuditRecordEntity {
  /** Also the order of the lists (newest first) and their page key. */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_audit_records' })
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** The person (users.id). */
  @Column({ name: 'actor_id', type: 'uuid' })
  actorId!: string;

  /** The role they acted in, e.g. `supervisor`. */
  @Column({ name: 'actor_role', type: 'text' })
  actorRole!: string;

  /** What was done, e.g. `case.read`, `case.command`, `family.export`. */
  @Column({ type: 'text' })
  action!: string;

  /** The command of a `*.command` action, e.g. `decide-approval`. */
  @Column({ type: 'text', nullable: true })
  command!: string | null;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ name: 'family_id', type: 'uuid', nullable: true })
  familyId!: string | null;

  @Column({ name: 'measure_id', type: 'uuid', nullable: true })
  measureId!: string | null;

  @Column({ type: 'text' })
  outcome!: AuditOutcome;

  /** Read outside the person's normal scope (with a reason): flagged to the case team's supervisor. */
  @Column({ name: 'out_of_scope', type: 'boolean', default: false })
  outOfScope!: boolean;

  /** Why, where a reason was asked (at most 1000 characters). */
  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  /** The case's team at the time, so a supervisor's list needs no join through history. */
  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}
