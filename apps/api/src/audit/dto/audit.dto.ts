import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { AuditOutcome } from '../../../../../libs/db/entities/audit-record.entity';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../audit.service';
import { COMMANDS } from '../../../../../workflows/contract';

export class AuditPageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextAfter` of the previous page (the id of its last record)', example: '1042' })
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,17}$/, { message: 'after must be a positive integer (the nextAfter of the previous page)' })
  after?: string;
}

export class AdminAuditQueryDto extends AuditPageQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The records of this case (give caseId or userId, not both)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  caseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The records of what this person did (give caseId or userId, not both)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  userId?: string;
}

export class AuditRecordDto {
  @ApiProperty({ example: '1042', description: 'Also the page key' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ format: 'uuid', description: 'The person (users.id)' })
  actorId!: string;

  @ApiProperty({ example: 'supervisor', description: 'The role they acted in' })
  actorRole!: string;

  @ApiProperty({ example: 'case.read' })
  action!: string;

  @ApiProperty({ type: String, nullable: true, example: COMMANDS.decideApproval.name })
  command!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  caseId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  familyId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  measureId!: string | null;

  @ApiProperty({ enum: ['allowed', 'denied', 'failed'] })
  outcome!: AuditOutcome;

  @ApiProperty({ description: 'Read outside the normal scope: flagged to the supervisor' })
  outOfScope!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The reason given, where one was asked' })
  reason!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The case's team at the time" })
  teamId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  requestId!: string | null;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditRecordDto], description: 'Newest first' })
  items!: AuditRecordDto[];

  @ApiPropertyOptional({ description: 'Pass as `after` for the next page; absent on the last page' })
  nextAfter?: string;
}
