import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createActivities } from '../../../activities';
import type { Config } from '../../../libs/config/config';
import { CONFIG } from '../../../libs/config/config.module';
import type { Mailer } from '../../../libs/mail/mailer';
import { createMissingDigestSchedules } from '../../../libs/notifications/digest-schedules';
import { createDataConverter } from '../../../libs/temporal/data-converter';
import { createTemporalClient } from '../../../libs/temporal/temporal-client';
import { workflowCode } from '../../../libs/temporal/workflow-bundle';
import { MAILER } from './mailer.provider';

/** Hosts the Temporal worker: activities bound to the injected database and mailer. */
@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private client?: Client;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly dataSource: DataSource,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    Runtime.install({ shutdownSignals: [] }); // Nest owns signal handling and calls shutdown below.
    this.client = createTemporalClient(this.config);
    this.connection = await NativeConnection.connect({ address: this.config.temporal.address });
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      ...workflowCode(),
      activities: createActivities({
        dataSource: this.dataSource,
        mailer: this.mailer,
        mailFrom: this.config.mailFrom,
        publicUrl: this.config.publicUrl,
        relayQueue: this.config.temporal.taskQueue,
        temporal: this.client,
      }),
      dataConverter: createDataConverter(this.config),
      // Sizing from the environment (TEMPORAL_MAX_CACHED_WORKFLOWS, ...); unset keeps the SDK's defaults.
      ...Object.fromEntries(Object.entries(this.config.temporal.worker).filter(([, v]) => v !== undefined)),
    });
    this.running = this.worker.run();
    this.running.catch((err: unknown) => {
      this.logger.error(`worker stopped: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    });
    this.logger.log(
      `polling task queue "${this.config.temporal.taskQueue}" on ${this.config.temporal.address} ` +
        `(at most ${this.worker.options.maxCachedWorkflows} workflows cached)`,
    );
    // Daily digests: a Temporal server set up anew (a dev server's fresh database) gets its schedules back.
    createMissingDigestSchedules(this.client, this.dataSource, this.config.temporal.taskQueue).then(
      (n) => n && this.logger.log(`created ${n} missing digest schedule(s)`),
      (err: unknown) => this.logger.warn(`digest schedules not checked: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
    await this.client?.connection.close();
  }
}
