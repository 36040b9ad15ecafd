import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { DeadLetterStatus } from '../../../../../libs/db/entities/dead-letter.entity';

export class ListDeadLettersQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'resolved'], description: 'Only dead letters with this status (default: both, open first)' })
  @IsOptional()
  @IsIn(['open', 'resolved'])
  status?: DeadLetterStatus;

  @ApiPropertyOptional({ example: 'case-0f8fad5b-d9cb-469f-a165-70867728950e', description: 'Only those of this workflow' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  workflowId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  after?: string;
}

export class DeadLetterSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'case-0f8fad5b-d9cb-469f-a165-70867728950e' })
  workflowId!: string;

  @ApiProperty({ example: 'project', description: 'The read-model activity that re-applies the input' })
  activity!: string;

  @ApiProperty({ example: '23514', description: 'PostgreSQL SQLSTATE' })
  errorCode!: string;

  @ApiProperty({ example: 'Database error 23514 check_violation in project (table case_events, constraint CHK_x)' })
  errorMessage!: string;

  @ApiProperty({ enum: ['open', 'resolved'] })
  status!: DeadLetterStatus;

  @ApiProperty({ description: 'How often the input was applied and failed' })
  attempts!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolvedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}

export class DeadLetterDto extends DeadLetterSummaryDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'The arguments the activity was called with, as retry re-applies them (may hold personal data)',
  })
  input!: unknown[];
}

export class DeadLetterPageDto {
  @ApiProperty({ type: [DeadLetterSummaryDto] })
  items!: DeadLetterSummaryDto[];

  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent on the last page' })
  nextCursor?: string;
}
