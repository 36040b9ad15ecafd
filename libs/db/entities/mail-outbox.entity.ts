import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

export type OutboxStatus = 'pending' | 'sent';

/**
 * Mail goes through this outbox. Its primary key is the idempotency key of the message
 * (e.g. `receipt:<reportId>`), so a retried activity finds the row and never sends twice.
 */
@Entity({ name: 'mail_outbox' })
@Check('CHK_mail_outbox_status', `status IN ('pending', 'sent')`)
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

  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
