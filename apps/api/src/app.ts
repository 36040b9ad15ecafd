import 'reflect-metadata';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Config } from '../../../libs/config/config';
import { ApiModule } from './api.module';
import { withCommandBodies } from './cases/command-openapi';
import { AllExceptionsFilter } from './common/all-exceptions.filter';

/** Builds the HTTP app with everything global (validation, errors, CORS, docs) in one place. */
export async function createApiApp(config: Config): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bufferLogs: false });
  // Every command fits far inside this; a larger body is refused (413) before it is parsed.
  app.useBodyParser('json', { limit: '1mb' });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new AllExceptionsFilter());
  // Temporal Web UI calls the codec endpoint from the browser.
  app.enableCors({
    origin: config.codecCorsOrigins,
    credentials: true,
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Namespace'],
    methods: ['GET', 'POST', 'OPTIONS'],
  });
  app.enableShutdownHooks();
  const doc = new DocumentBuilder()
    .setTitle('Closer API')
    .setDescription('Case process automation for family and child-welfare departments (børn og familie)')
    .setVersion('0.1')
    .build();
  SwaggerModule.setup('docs', app, () => withCommandBodies(SwaggerModule.createDocument(app, doc)));
  return app;
}
