import { type DynamicModule, Module } from '@nestjs/common';
import type { Config } from '../../../libs/config/config';
import { ConfigModule } from '../../../libs/config/config.module';
import { ReadModelModule } from '../../../libs/read-model/read-model.module';
import { mailerProvider } from './mailer.provider';
import { OutboxRelayService } from './outbox-relay.service';
import { TemporalWorkerService } from './temporal-worker.service';

/** Root module of the worker process: activities and the Temporal worker. No controllers. */
@Module({})
export class WorkerModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), ReadModelModule.forRoot(config.databaseUrl)],
      providers: [mailerProvider, TemporalWorkerService, OutboxRelayService],
    };
  }
}
