import { BadRequestException, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { RequirePermission } from '../auth/permissions';
import { requireUuid } from '../common/request-checks';
import { ValidBody } from '../common/valid-body.decorator';
import {
  type CreateAbsenceBody,
  createAbsenceSchema,
  type CreatePartnerDepartmentBody,
  createPartnerDepartmentSchema,
  type CreateTeamBody,
  createTeamSchema,
  type CreateUserBody,
  createUserSchema,
  type PutDepartmentBody,
  putDepartmentSchema,
  SLUG,
  type UpdatePartnerDepartmentBody,
  updatePartnerDepartmentSchema,
  type UpdateTeamBody,
  updateTeamSchema,
  type UpdateUserBody,
  updateUserSchema,
} from './organisation.schemas';
import { OrganisationService } from './organisation.service';

/** A team or partner department id in the path: 400 naming the field when it cannot be one. */
function requireSlug(value: string, field: string): void {
  if (value.length > 100 || !SLUG.test(value)) throw new BadRequestException(`${field} must be lower-case letters, digits and dashes`);
}

const BAD = { description: 'A field is missing or wrong, or names something that does not exist; the message names the field' };

/**
 * The organisation, managed by admins: people (roles, team, caseload target, active), their
 * absences with a stand-in, teams with supervisor and deputy, the department with its head and
 * intake team, partner departments with their contact people. Deadlines resolve their receivers
 * from these (libs/organisation/directory.ts) when each step fires.
 */
@ApiTags('organisation')
@Controller('admin')
export class OrganisationController {
  constructor(private readonly organisation: OrganisationService) {}

  // Users

  @Get('users')
  @RequirePermission('organisation:read')
  @ApiOperation({ summary: 'Every user, by display name' })
  listUsers() {
    return this.organisation.listUsers();
  }

  @Post('users')
  @HttpCode(201)
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Add a user; `subject` (the identity provider’s sub) defaults to the new id' })
  @ApiCreatedResponse({ description: 'The user' })
  @ApiBadRequestResponse(BAD)
  @ApiConflictResponse({ description: 'The username, email or subject belongs to another user' })
  createUser(@ValidBody(createUserSchema) body: CreateUserBody) {
    return this.organisation.createUser(body);
  }

  @Get('users/:userId')
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'One user, with the absence that covers now, if any' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiNotFoundResponse({ description: 'No such user' })
  getUser(@Param('userId') userId: string) {
    requireUuid(userId, 'userId');
    return this.organisation.getUser(userId);
  }

  @Patch('users/:userId')
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Change a user: display name, email, roles, team, partner department, caseload target, active' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiOkResponse({ description: 'The user as saved' })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({
    description: 'Taken by another user, or the user holds a post (supervisor, deputy, head) they could no longer hold',
  })
  updateUser(@Param('userId') userId: string, @ValidBody(updateUserSchema) body: UpdateUserBody) {
    requireUuid(userId, 'userId');
    return this.organisation.updateUser(userId, body);
  }

  // Absences

  @Get('users/:userId/absences')
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'A user’s absences, earliest first' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiNotFoundResponse({ description: 'No such user' })
  listAbsences(@Param('userId') userId: string) {
    requireUuid(userId, 'userId');
    return this.organisation.listAbsences(userId);
  }

  @Post('users/:userId/absences')
  @HttpCode(201)
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Register an absence with a stand-in, who receives the user’s tasks and escalations while it lasts' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiCreatedResponse({ description: 'The absence' })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse({ description: 'No such user' })
  @ApiConflictResponse({ description: 'It overlaps another absence of the user' })
  createAbsence(@Param('userId') userId: string, @ValidBody(createAbsenceSchema) body: CreateAbsenceBody) {
    requireUuid(userId, 'userId');
    return this.organisation.createAbsence(userId, body);
  }

  @Delete('users/:userId/absences/:absenceId')
  @HttpCode(204)
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Remove an absence (registered by mistake, or cut short)' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiParam({ name: 'absenceId', format: 'uuid' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiNotFoundResponse({ description: 'No such user, or no such absence of theirs' })
  async deleteAbsence(@Param('userId') userId: string, @Param('absenceId') absenceId: string): Promise<void> {
    requireUuid(userId, 'userId');
    requireUuid(absenceId, 'absenceId');
    await this.organisation.deleteAbsence(userId, absenceId);
  }

  // Teams

  @Get('teams')
  @RequirePermission('organisation:read')
  @ApiOperation({ summary: 'Every team with its supervisor and deputy' })
  listTeams() {
    return this.organisation.listTeams();
  }

  @Post('teams')
  @HttpCode(201)
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Add a team; the supervisor must be an active supervisor, the deputy an active user' })
  @ApiCreatedResponse({ description: 'The team' })
  @ApiBadRequestResponse(BAD)
  @ApiConflictResponse({ description: 'A team has this id already' })
  createTeam(@ValidBody(createTeamSchema) body: CreateTeamBody) {
    return this.organisation.createTeam(body);
  }

  @Patch('teams/:teamId')
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Rename a team, or appoint its supervisor or deputy' })
  @ApiParam({ name: 'teamId', example: 'team-north' })
  @ApiOkResponse({ description: 'The team as saved' })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse({ description: 'No such team' })
  updateTeam(@Param('teamId') teamId: string, @ValidBody(updateTeamSchema) body: UpdateTeamBody) {
    requireSlug(teamId, 'teamId');
    return this.organisation.updateTeam(teamId, body);
  }

  // The department

  @Get('department')
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'The department: its name, its head, and the team new reports belong to' })
  @ApiNotFoundResponse({ description: 'No department is registered yet' })
  getDepartment() {
    return this.organisation.getDepartment();
  }

  @Put('department')
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Set the department (registered with the first call): name, head, intake team' })
  @ApiOkResponse({ description: 'The department as saved' })
  @ApiBadRequestResponse(BAD)
  putDepartment(@ValidBody(putDepartmentSchema) body: PutDepartmentBody) {
    return this.organisation.putDepartment(body);
  }

  // Partner departments

  @Get('partner-departments')
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Partner departments (jobcenter, school, health, adult social services) with their contact people' })
  listPartnerDepartments() {
    return this.organisation.listPartnerDepartments();
  }

  @Post('partner-departments')
  @HttpCode(201)
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Add a partner department; its contact people are users with the role partner and this department' })
  @ApiCreatedResponse({ description: 'The partner department' })
  @ApiBadRequestResponse(BAD)
  @ApiConflictResponse({ description: 'A partner department has this id already' })
  createPartnerDepartment(@ValidBody(createPartnerDepartmentSchema) body: CreatePartnerDepartmentBody) {
    return this.organisation.createPartnerDepartment(body);
  }

  @Patch('partner-departments/:partnerDepartmentId')
  @RequirePermission('organisation:manage')
  @ApiOperation({ summary: 'Change a partner department: kind, name, shared mailbox' })
  @ApiParam({ name: 'partnerDepartmentId', example: 'partner-jobcenter' })
  @ApiOkResponse({ description: 'The partner department as saved' })
  @ApiBadRequestResponse(BAD)
  @ApiNotFoundResponse({ description: 'No such partner department' })
  updatePartnerDepartment(
    @Param('partnerDepartmentId') id: string,
    @ValidBody(updatePartnerDepartmentSchema) body: UpdatePartnerDepartmentBody,
  ) {
    requireSlug(id, 'partnerDepartmentId');
    return this.organisation.updatePartnerDepartment(id, body);
  }
}
