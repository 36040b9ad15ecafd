import { Controller, Get, Header, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { actingRole } from '../audit/acting-role';
import { RequirePermission } from '../auth/permissions';
import { CurrentUser, type Principal } from '../auth/principal';
import { type FamilyExport, FamilyExportService } from './family-export.service';

/** A family's request for access to its file (aktindsigt), answered with an export. */
@ApiTags('families')
@Controller('families')
export class FamilyExportController {
  constructor(private readonly exports: FamilyExportService) {}

  @Get(':familyId/export')
  @RequirePermission('family:export', { family: 'familyId', audit: 'family.export' })
  // Personal data: no shared cache may keep a copy.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "The family's file: the family, its child cases with events, tasks, measures, goals, follow-ups, agreed actions and who has looked at them (report content left out); the export itself is recorded",
  })
  @ApiParam({ name: 'familyId', format: 'uuid' })
  @ApiOkResponse({ description: 'The file as JSON, with exportedAt' })
  @ApiNotFoundResponse({ description: 'No such family (or out of reach)' })
  @ApiServiceUnavailableResponse({ description: 'The export could not be recorded in the audit trail, so it was not given out' })
  export(@Param('familyId') familyId: string, @CurrentUser() principal: Principal): Promise<FamilyExport> {
    return this.exports.export(familyId, { actorId: principal.userId, actorRole: actingRole(principal, 'family:export') });
  }
}
