import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import type { NotificationMode } from '../../notifications/notification-rules';
import type { UserRole } from '../../organisation/demo-organisation';
import { PartnerDepartmentEntity } from './partner-department.entity';
import { TeamEntity } from './team.entity';

/**
 * A person who works in Closer: coordinators, supervisors, the head of department, partners'
 * contact people, admins. Personal data (name, email): never log it; workflows and events name a
 * person by `id` only.
 */
@Entity({ name: 'users' })
@Check(
  'CHK_users_roles',
  `cardinality(roles) > 0 AND roles <@ ARRAY['coordinator', 'supervisor', 'head-of-department', 'partner', 'admin']::text[]`,
)
@Check('CHK_users_email_lower_case', `email = lower(email)`)
@Check('CHK_users_caseload_target', `caseload_target IS NULL OR caseload_target >= 0`)
@Check('CHK_users_notification_mode', `notification_mode IN ('immediate', 'digest')`)
@Check('CHK_users_digest_time', `digest_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)
export class UserEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** The identity provider's `sub` claim: how a login finds its person. */
  @Index('UQ_users_subject', { unique: true })
  @Column({ type: 'text' })
  subject!: string;

  @Index('UQ_users_username', { unique: true })
  @Column({ type: 'text' })
  username!: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName!: string;

  /** Stored in lower case, so one address cannot belong to two people by its spelling. */
  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text', array: true })
  roles!: UserRole[];

  @Index('IDX_users_team_id')
  @Column({ name: 'team_id', type: 'text', nullable: true })
  teamId!: string | null;

  @ManyToOne(() => TeamEntity, { nullable: true })
  @JoinColumn({ name: 'team_id', foreignKeyConstraintName: 'FK_users_team' })
  team?: Relation<TeamEntity>;

  /** For partners' contact people: the department they answer for. */
  @Index('IDX_users_partner_department_id')
  @Column({ name: 'partner_department_id', type: 'text', nullable: true })
  partnerDepartmentId!: string | null;

  @ManyToOne(() => PartnerDepartmentEntity, { nullable: true })
  @JoinColumn({ name: 'partner_department_id', foreignKeyConstraintName: 'FK_users_partner_department' })
  partnerDepartment?: Relation<PartnerDepartmentEntity>;

  /** Cases a coordinator is planned to carry (Aabenraa: 25). */
  @Column({ name: 'caseload_target', type: 'int', nullable: true })
  caseloadTarget!: number | null;

  /** False for someone who has left: kept, because events and cases name them. */
  @Column({ type: 'boolean', default: true })
  active!: boolean;

  /**
   * How the person hears of their tasks' steps: each at once, or in one mail a day at `digestTime`
   * (Danish time). Escalations to managers and the 24-hour clock always go at once
   * (libs/notifications/notification-rules.ts).
   */
  @Column({ name: 'notification_mode', type: 'text', default: 'immediate' })
  notificationMode!: NotificationMode;

  @Column({ name: 'digest_time', type: 'text', default: '07:30' })
  digestTime!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
