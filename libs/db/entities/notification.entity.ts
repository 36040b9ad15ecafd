import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import type { NotificationMode } from '../../notifications/notification-rules';

/**
 * One step of a task told to one person: written in the same transaction as the step's event, so
 * each step is told exactly once, to the person it was resolved to when it fired. Its id is
 * `notify:<the event's dedupe key>`; an immediate one has a mail in the outbox under the same id,
 * a digest one is gathered into the person's next daily digest (`digestId`).
 * Ids and kinds only: no personal data.
 */
@Entity({ name: 'notifications' })
@Check('CHK_notifications_delivery', `delivery IN ('immediate', 'digest')`)
@Index('IDX_notifications_user', ['userId', 'occurredAt'])
@Index('IDX_notifications_digest_pending', ['userId', 'occurredAt'], { where: `delivery = 'digest' AND digest_id IS NULL` })
export class NotificationEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'case_id', type: 'uuid', nullable: true })
  caseId!: string | null;

  @Column({ name: 'family_id', type: 'uuid', nullable: true })
  familyId!: string | null;

  @Column({ name: 'task_id', type: 'uuid', nullable: true })
  taskId!: string | null;

  /** The step: task.opened, task.assigned, task.reminded, task.overdue, task.escalated. */
  @Column({ type: 'text' })
  step!: string;

  @Column({ name: 'task_kind', type: 'text' })
  taskKind!: string;

  @Column({ type: 'int', default: 0 })
  level!: number;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** When the step fired. */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  @Column({ type: 'text' })
  delivery!: NotificationMode;

  /** The immediate mail, or null: a digest one, or a person with no address. */
  @Column({ name: 'outbox_id', type: 'text', nullable: true })
  outboxId!: string | null;

  /** The digest mail it went out in. */
  @Column({ name: 'digest_id', type: 'text', nullable: true })
  digestId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
