import { ApiProperty } from '@nestjs/swagger';

/** The answers of the report endpoints, as OpenAPI shows them (the request body is the schema's: createReportSchema). */
export class ReportAcceptedDto {
  @ApiProperty({ format: 'uuid', description: 'Derived from the idempotency key: the same key gives the same id' })
  reportId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: "The child's case the report was sent to; null when intake has not decided within about 2 s (ask statusUrl)",
  })
  caseId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Temporal workflow id of that case (case-<caseId>), or null' })
  workflowId!: string | null;
  @ApiProperty({ example: '/reports/6d1f4a3e-8c2b-5f0a-9e57-3b1c2d4e5f60', description: 'Where to ask which case recorded the report' })
  statusUrl!: string;
}

export class ReportStatusDto {
  @ApiProperty({ format: 'uuid' }) reportId!: string;
  @ApiProperty({
    enum: ['recorded', 'pending'],
    description: 'recorded: on a case in the read model; pending: not recorded yet (or an id nobody sent)',
  })
  status!: 'recorded' | 'pending';
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The case that recorded the report' })
  caseId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Temporal workflow id of that case' })
  workflowId!: string | null;
}
