import { Check, Column, Entity, PrimaryColumn } from 'typeorm';
import type { PartnerKind } from '../../organisation/demo-organisation';

/**
 * A department Closer works with (jobcenter, school, health, adult social services). Its contact
 * people are users with the role `partner` and this department.
 */
@Entity({ name: 'partner_departments' })
@Check('CHK_partner_departments_kind', `kind IN ('jobcenter', 'school', 'health', 'adult-social-services')`)
export class PartnerDepartmentEntity {
  /** A slug (`partner-jobcenter`): agreed actions name their owner by it. */
  @PrimaryColumn('text')
  id!: string;

  @Column({ type: 'text' })
  kind!: PartnerKind;

  @Column({ type: 'text' })
  name!: string;

  /** A shared mailbox, when the department has one. */
  @Column({ type: 'text', nullable: true })
  email!: string | null;
}
