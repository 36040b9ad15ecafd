import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/**
 * Append-only event log: the audit trail and the source of every figure supervisors see.
 * `dedupeKey` makes every projection idempotent: an activity retried after a crash inserts
 * the same key again and the second insert is ignored.
 */
@Entity({ name: 'case_events' })
// The timeline's key order (migration 1795700000100).
@Index('IDX_case_events_case_time', ['caseId', 'occurredAt', 'id'])
@Check('CHK_case_events_scope', `case_id IS NOT NULL OR family_id IS NOT NULL`)
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** The case, or for family-level events (inquiries, appointments, contact changes) the family. */
  @Index('IDX_case_events_case_id')
  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Index('IDX_case_events_family_id')
  @Column({ name: 'family_id', type: 'uuid', nullable: true })
  familyId!: string | null;

  @ManyToOne(() => CaseEntity, { nullable: true })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_case_events_case' })
  case?: CaseEntity;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, unknown>;

  @Index('UQ_case_events_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;
}
