import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import type { Config } from '../../../libs/config/config';
import { ConfigModule } from '../../../libs/config/config.module';
import { ReadModelModule } from '../../../libs/read-model/read-model.module';
import { DeadLettersController } from './admin/dead-letters.controller';
import { DeadLettersService } from './admin/dead-letters.service';
import { PoliciesController } from './admin/policies.controller';
import { PoliciesService } from './admin/policies.service';
import { AccessGuard } from './auth/access.guard';
import { AccessService } from './auth/access.service';
import { AuthController } from './auth/auth.controller';
import { OidcService } from './auth/oidc.service';
import { PeopleService } from './auth/people.service';
import { PartnerActionsController } from './partners/partner-actions.controller';
import { PartnerActionsService } from './partners/partner-actions.service';
import { AuditController } from './audit/audit.controller';
import { AuditInterceptor } from './audit/audit.interceptor';
import { AuditService } from './audit/audit.service';
import { CaseOutcomeService } from './cases/case-outcome.service';
import { CasesController } from './cases/cases.controller';
import { WorkflowCommandsService } from './cases/workflow-commands.service';
import { CodecController } from './codec/codec.controller';
import { FamiliesController } from './families/families.controller';
import { FamilyExportController } from './families/family-export.controller';
import { FamilyExportService } from './families/family-export.service';
import { HandoversController } from './handovers/handovers.controller';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { NotificationSettingsController } from './notifications/notification-settings.controller';
import { NotificationSettingsService } from './notifications/notification-settings.service';
import { OrganisationController } from './organisation/organisation.controller';
import { OrganisationService } from './organisation/organisation.service';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { TemporalGateway } from './temporal/temporal.gateway';
import { temporalClientProvider } from './temporal/temporal.provider';
import { WorkListsController } from './work-lists/work-lists.controller';
import { CasePageService } from './web/cases/case-page.service';
import { WorkListsService } from './work-lists/work-lists.service';
import { WEB_CONTROLLERS } from './web';
import { AdminCasesService } from './web/admin/admin-cases.service';
import { BoardPageService } from './web/board/board.service';
import { FamilyPageService } from './web/families/family.service';

/** Every controller of the API: the route table (and its review test) is built from this list. */
export const API_CONTROLLERS = [
  AuthController,
  ReportsController,
  CasesController,
  FamiliesController,
  HandoversController,
  HealthController,
  CodecController,
  DeadLettersController,
  PartnerActionsController,
  OrganisationController,
  AuditController,
  FamilyExportController,
  PoliciesController,
  NotificationSettingsController,
  TasksController,
  WorkListsController,
  ...WEB_CONTROLLERS,
];

/** Root module of the HTTP app: controllers, the Temporal client, the read model. No worker. */
@Module({})
export class ApiModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        // PostgreSQL and its repositories: every service reads and writes the read model through them.
        ReadModelModule.forRoot(config.databaseUrl),
      ],
      controllers: API_CONTROLLERS,
      providers: [
        // The Temporal client, held by the gateway alone.
        temporalClientProvider,
        TemporalGateway,
        ReportsService,
        WorkflowCommandsService,
        CaseOutcomeService,
        DeadLettersService,
        AuditService,
        FamilyExportService,
        OrganisationService,
        OidcService,
        PeopleService,
        AccessService,
        WorkListsService,
        AdminCasesService,
        BoardPageService,
        FamilyPageService,
        PartnerActionsService,
        NotificationSettingsService,
        PoliciesService,
        CasePageService,
        HealthService,
        TasksService,
        // Deny by default: every route passes this guard and must declare its permission.
        { provide: APP_GUARD, useClass: AccessGuard },
        // Changes of case data are recorded with their outcome once the handler has answered.
        { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
      ],
    };
  }
}
