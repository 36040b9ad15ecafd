import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

export type OutboxStatus = 'pending' | 'sent';

/**
 * Who delivers a message: `activity` — the workflow that wrote it, through an activity (receipts,
 * the family's new contact); `notification` and `digest` — the outbox relay in the worker
 * (libs/notifications/outbox-relay.ts), as soon as the row is committed.
 */
export type OutboxKind = 'activity' | 'notification' | 'digest';

/**
 * Mail goes through this outbox. Its primary key is the idempotency key of the message
 * (e.g. `receipt:<reportId>`), so a retried activity finds the row and never sends twice.
 */
@Entity({ name: 'mail_outbox' })
@Check('CHK_mail_outbox_status', `status IN ('pending', 'sent')`)
@Check('CHK_mail_outbox_kind', `kind IN ('activity', 'notification', 'digest')`)
@Index('IDX_mail_outbox_relay', ['relayQueue', 'nextAttemptAt'], { where: `status = 'pending' AND kind <> 'activity'` })
export class MailOutboxEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ name: 'family_id', type: 'uuid', nullable: true })
  familyId!: string | null;

  @ManyToOne(() => CaseEntity, { nullable: true })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_mail_outbox_case' })
  case?: CaseEntity;

  @Column({ type: 'text', default: 'activity' })
  kind!: OutboxKind;

  /** The person a notification or digest is for. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'to_address', type: 'text' })
  toAddress!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'body_text', type: 'text' })
  bodyText!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: OutboxStatus;

  @Column({ type: 'int', default: 0 })
  attempts!: number;

  /**
   * Claimed by one delivery until then: the claim is a single UPDATE, and no transaction or row
   * lock is held while SMTP is talked to. An attempt that dies leaves a lease that simply runs out.
   */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil!: Date | null;

  /**
   * Whose relay sends it: the workers of this Temporal task queue (all of a deployment's workers
   * share one; tests give each test file its own, so each file's mail reaches its own mail catcher).
   */
  @Column({ name: 'relay_queue', type: 'text', nullable: true })
  relayQueue!: string | null;

  /** For the relay: not before this (backing off while SMTP is down). */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
