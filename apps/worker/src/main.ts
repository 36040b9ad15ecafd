import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { configOrExit } from '../../../libs/config/start';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = configOrExit({ mail: true });
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config));
  app.enableShutdownHooks(['SIGINT', 'SIGTERM']);
  new Logger('Closer worker').log('started');
}

main().catch((err: unknown) => {
  console.error('The worker failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
