import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

export type ReporterType = 'professional' | 'citizen';

/** A report of concern (underretning). Holds personal data: never log or copy it elsewhere. */
@Entity({ name: 'reports' })
@Check('CHK_reports_reporter_type', `reporter_type IN ('professional', 'citizen')`)
export class ReportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('IDX_reports_case_id')
  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { nullable: false })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_reports_case' })
  case?: CaseEntity;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'reporter_type', type: 'text' })
  reporterType!: ReporterType;

  @Column({ name: 'reporter_name', type: 'text' })
  reporterName!: string;

  @Column({ name: 'reporter_email', type: 'text' })
  reporterEmail!: string;

  @Column({ name: 'child_reference', type: 'text' })
  childReference!: string;

  @Column({ type: 'text' })
  concern!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
