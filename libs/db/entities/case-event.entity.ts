import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only event log: the audit trail and the source of every figure supervisors see.
 * `dedupeKey` makes every projection idempotent: an activity retried after a crash inserts
 * the same key again and the second insert is ignored.
 */
@Entity({ name: 'case_events' })
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  actor!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  data!: Record<string, unknown>;

  @Index({ unique: true })
  @Column({ name: 'dedupe_key', type: 'text' })
  dedupeKey!: string;
}
