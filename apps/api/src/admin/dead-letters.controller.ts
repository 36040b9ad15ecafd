import { BadRequestException, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DeadLetterDto, DeadLetterPageDto, ListDeadLettersQueryDto } from './dto/dead-letter.dto';
import { DeadLettersService } from './dead-letters.service';
import { RequirePermission } from '../auth/permissions';

const uuidParam = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('id must be a UUID') });

/**
 * Admin access to the dead-letter list: read-model writes that failed for good and were parked so
 * the workflows could go on. The stored input may hold personal data: admins only.
 */
@ApiTags('admin')
@Controller('admin/dead-letters')
@RequirePermission('dead-letters:manage')
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({ summary: 'Dead letters, open ones first then oldest first; paginated by key (`after` = the previous `nextCursor`)' })
  @ApiOkResponse({ type: DeadLetterPageDto })
  @ApiBadRequestResponse({ description: 'A query parameter is invalid; the message names it' })
  list(@Query() query: ListDeadLettersQueryDto): Promise<DeadLetterPageDto> {
    return this.deadLetters.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One dead letter with the input a retry re-applies' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: DeadLetterDto })
  @ApiNotFoundResponse({ description: 'No dead letter has this id' })
  get(@Param('id', uuidParam) id: string): Promise<DeadLetterDto> {
    return this.deadLetters.get(id);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-applies the stored input with the same idempotent code; resolved on success, kept open on failure',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: DeadLetterDto, description: 'Applied: the dead letter is resolved (or already was)' })
  @ApiConflictResponse({ description: 'The input failed again: the error, and the dead letter stays open' })
  @ApiNotFoundResponse({ description: 'No dead letter has this id' })
  @ApiServiceUnavailableResponse({ description: 'The database could not be reached; nothing was applied' })
  retry(@Param('id', uuidParam) id: string): Promise<DeadLetterDto> {
    return this.deadLetters.retry(id);
  }
}
