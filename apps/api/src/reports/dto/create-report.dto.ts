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

export class ReporterDto {
  @ApiProperty({ example: 'Lærer Hanne Holm', description: 'Name of the reporter (underretter)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
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
  childReference!: string;

  @ApiProperty({ example: 'Eleven kommer ofte sulten i skole og har blå mærker på armene.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20_000)
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
  @ApiProperty() caseId!: string;
  @ApiProperty() reportId!: string;
  @ApiProperty({ description: 'Temporal workflow id of the case' }) workflowId!: string;
}
