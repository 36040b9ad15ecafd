import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type ReporterType = 'professional' | 'citizen';

/** A report of concern (underretning). Holds personal data: never log or copy it elsewhere. */
@Entity({ name: 'reports' })
export class ReportEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index()
  @Column({ name: 'case_id', type: 'uuid' })
  caseId!: string;

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
