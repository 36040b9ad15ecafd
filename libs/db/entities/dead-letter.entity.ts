import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type DeadLetterStatus = 'open' | 'resolved';

/**
 * A read-model write that retrying cannot fix (bad data, a violated constraint). The activity that
 * hit it parks its input here and returns, so the workflow's timers and later projections go on;
 * an admin retries it once the cause is removed (apps/api/src/admin).
 */
@Entity({ name: 'dead_letters' })
@Check('CHK_dead_letters_status', `status IN ('open', 'resolved')`)
@Index('IDX_dead_letters_status_created', ['status', 'createdAt', 'id'])
export class DeadLetterEntity {
  /** Chosen by the writer (no database extension needed for generated uuids). */
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_dead_letters_workflow_id')
  @Column({ name: 'workflow_id', type: 'text' })
  workflowId!: string;

  /** The activity whose code re-applies the input (e.g. `project`, `recordReport`). */
  @Column({ type: 'text' })
  activity!: string;

  /** The run and activity id it came from: an activity retried after parking its input parks it once. */
  @Index('UQ_dead_letters_source', { unique: true })
  @Column({ type: 'text' })
  source!: string;

  /** PostgreSQL SQLSTATE, e.g. 23514. */
  @Column({ name: 'error_code', type: 'text' })
  errorCode!: string;

  /** Names the place of the fault only: never the statement's parameters (personal data). */
  @Column({ name: 'error_message', type: 'text' })
  errorMessage!: string;

  /**
   * The activity's arguments as JSON text. Text, not jsonb: the input that failed may hold what
   * jsonb refuses (a NUL character), and it must still be kept to be retried.
   */
  @Column({ type: 'text' })
  input!: string;

  @Column({ type: 'text', default: 'open' })
  status!: DeadLetterStatus;

  /** How often the input was applied and failed: the activity's attempts, then each retry by an admin. */
  @Column({ type: 'int', default: 1 })
  attempts!: number;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
