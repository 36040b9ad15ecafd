import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Config } from '../../../libs/config/config';
import { ConfigModule } from '../../../libs/config/config.module';
import { dataSourceOptions } from '../../../libs/db/data-source-options';
import { DeadLettersController } from './admin/dead-letters.controller';
import { DeadLettersService } from './admin/dead-letters.service';
import { AuditController } from './audit/audit.controller';
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
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { temporalClientProvider } from './temporal.provider';

/** Root module of the HTTP app: controllers, the Temporal client, the read model. No worker. */
@Module({})
export class ApiModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 5, retryDelay: 2000 }),
      ],
      controllers: [
        ReportsController,
        CasesController,
        FamiliesController,
        HandoversController,
        HealthController,
        CodecController,
        DeadLettersController,
        AuditController,
        FamilyExportController,
      ],
      providers: [
        temporalClientProvider,
        ReportsService,
        WorkflowCommandsService,
        CaseOutcomeService,
        DeadLettersService,
        AuditService,
        FamilyExportService,
      ],
    };
  }
}
