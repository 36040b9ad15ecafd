import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createOutbox } from '../../../libs/mail/outbox';
import type { Config } from '../../../libs/config/config';
import { CONFIG } from '../../../libs/config/config.module';
import { createSmtpMailer, type Mailer } from '../../../libs/mail/mailer';
import { OutboxRelay } from '../../../libs/notifications/outbox-relay';

/** How many notification mails go out at once, each over its own pooled SMTP connection. */
const RELAY_CONNECTIONS = 8;

/** Runs the outbox relay beside the Temporal worker: notifications and digests go out as they are committed. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private relay?: OutboxRelay;
  private mailer?: Mailer;

  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.mailer = createSmtpMailer(this.config.smtpUrl!, { pool: RELAY_CONNECTIONS });
    const { deliver } = createOutbox({ dataSource: this.dataSource, mailer: this.mailer, mailFrom: this.config.mailFrom });
    this.relay = new OutboxRelay({
      dataSource: this.dataSource,
      deliver,
      databaseUrl: this.config.databaseUrl,
      relayQueue: this.config.temporal.taskQueue,
      concurrency: RELAY_CONNECTIONS,
      log: this.logger,
    });
    await this.relay.start();
    this.logger.log('delivering notifications from the outbox');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    this.mailer?.close();
  }
}
