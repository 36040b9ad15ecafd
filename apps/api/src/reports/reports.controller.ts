import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiTags } from '@nestjs/swagger';
import { CreateReportDto, ReportAcceptedDto } from './dto/create-report.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @HttpCode(202)
  @ApiAcceptedResponse({ type: ReportAcceptedDto, description: 'Report accepted; the case workflow takes it from here' })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid; the message names it' })
  create(@Body() dto: CreateReportDto): Promise<ReportAcceptedDto> {
    return this.reports.receive(dto);
  }
}
