import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Config } from '../../../libs/config/config';
import { ConfigModule } from '../../../libs/config/config.module';
import { dataSourceOptions } from '../../../libs/db/data-source-options';
import { mailerProvider } from './mailer.provider';
import { OutboxRelayService } from './outbox-relay.service';
import { TemporalWorkerService } from './temporal-worker.service';

/** Root module of the worker process: activities and the Temporal worker. No controllers. */
@Module({})
export class WorkerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 5, retryDelay: 2000 }),
      ],
      providers: [mailerProvider, TemporalWorkerService, OutboxRelayService],
    };
  }
}
