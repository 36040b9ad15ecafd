import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { createReportSchema } from '../../../../workflows/command-schemas';
import { RequirePermission } from '../auth/permissions';
import { ValidBody } from '../common/valid-body.decorator';
import { ReportAcceptedDto, ReportStatusDto } from './report-answers.dto';
import { reportRefusal } from './report-refusal';
import { type ReportBody, ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  // Reports come from professionals and citizens who are not users (underretter): the form's endpoint is open.
  @RequirePermission('public')
  @HttpCode(202)
  @ApiOperation({
    summary: 'A report of concern (underretning)',
    description:
      "Goes to the child's intake workflow, which sends it to the child's open case or opens one. Accepted as soon as " +
      'Temporal has it, also while workers or the read model are down.',
  })
  @ApiAcceptedResponse({ type: ReportAcceptedDto, description: 'Report accepted; caseId is null when intake has not decided yet' })
  @ApiBadRequestResponse({ description: 'A field is missing or invalid; the message names it' })
  @ApiServiceUnavailableResponse({ description: 'Temporal is unreachable: nothing was accepted, send again' })
  create(@ValidBody(createReportSchema, { refusal: reportRefusal }) report: ReportBody): Promise<ReportAcceptedDto> {
    return this.reports.receive(report);
  }

  @Get(':reportId')
  @RequirePermission('report:read')
  @ApiOperation({ summary: 'Which case recorded a report (no personal data in the answer)' })
  @ApiParam({ name: 'reportId', format: 'uuid' })
  @ApiOkResponse({ type: ReportStatusDto })
  @ApiBadRequestResponse({ description: 'reportId is not a UUID' })
  @ApiServiceUnavailableResponse({ description: 'The read model is unavailable; ask again shortly' })
  status(@Param('reportId') reportId: string): Promise<ReportStatusDto> {
    return this.reports.status(reportId);
  }
}
