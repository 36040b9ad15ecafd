import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import type { ReporterType } from '../../../../../workflows/contract';

/** Text PostgreSQL can store: no NUL characters and no broken Unicode (a lone surrogate). */
// eslint-disable-next-line no-control-regex
const STORABLE_TEXT = /^[^\u0000\uD800-\uDFFF]*$/u;
const storable = (field: string) => Matches(STORABLE_TEXT, { message: `${field} must not contain NUL characters or broken Unicode` });

export class ReporterDto {
  @ApiProperty({ example: 'Lærer Hanne Holm', description: 'Name of the reporter (underretter)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @storable('reporter.name')
  name!: string;

  @ApiProperty({ example: 'hanne.holm@skole.dk', description: 'The receipt (kvittering) goes here' })
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @ApiProperty({ enum: ['professional', 'citizen'], description: 'fagperson or borger' })
  @IsIn(['professional', 'citizen'])
  type!: ReporterType;
}

export class CreateReportDto {
  @ApiProperty({ type: ReporterDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter!: ReporterDto;

  @ApiProperty({ example: 'SKOLE-4B-017', description: "The municipality's reference to the child (may be a CPR number)" })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  @storable('childReference')
  childReference!: string;

  @ApiProperty({ example: 'Eleven kommer ofte sulten i skole og har blå mærker på armene.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
  @storable('concern')
  concern!: string;

  @ApiPropertyOptional({ description: 'The report concerns abuse (overgreb): a re-assessment then needs a child conversation' })
  @IsOptional()
  @IsBoolean()
  concernsAbuse?: boolean;

  @ApiProperty({
    example: '3f0c8a52-1d7e-4f61-9a57-0b5c2f9d7e11',
    description: 'Chosen by the sender; the same key again returns the same case and sends nothing twice',
  })
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{8,200}$/, { message: 'idempotencyKey must be 8-200 characters of letters, digits, . _ : -' })
  idempotencyKey!: string;
}

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
