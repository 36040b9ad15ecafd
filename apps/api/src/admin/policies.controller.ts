import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/permissions';
import { PoliciesService } from './policies.service';

/**
 * The case policies (every deadline, cadence and escalation chain) this build knows, which one new
 * cases start on, and how many open cases run on each: a case keeps the version it started on.
 */
@ApiTags('admin')
@Controller('admin/policies')
@RequirePermission('policies:read')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @ApiOperation({ summary: 'Policy versions, the one new cases start on, and the open cases on each' })
  async list() {
    return this.policies.list();
  }
}
