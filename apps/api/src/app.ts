import 'reflect-metadata';
import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { Config } from '../../../libs/config/config';
import { ApiModule } from './api.module';
import { useSessions } from './auth/session';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { withChosenBodies } from './common/valid-body.decorator';
import { slowDown } from 'express-slow-down';

/** Builds the HTTP app with everything global (validation, errors, CORS, docs) in one place. */
export async function createApiApp(config: Config): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bufferLogs: false });
  // Every command fits far inside this; a larger body is refused (413) before it is parsed.
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '1mb', extended: false });
  // Repeated failed sign-ins (the provider sending the browser back with a code that does not
  // complete) from one address are slowed down (each one after the fifth in 15
  // minutes waits longer, up to 10 s); sign-ins that succeed are not counted. Passwords are checked
  // by the OpenID provider, which slows down failed attempts per account as well.
  app.use(
    '/auth/callback',
    slowDown({
      windowMs: 15 * 60_000,
      delayAfter: 5,
      delayMs: (used: number) => Math.min((used - 5) * 500, 10_000),
      skipSuccessfulRequests: true,
      requestWasSuccessful: (_req, res) => res.statusCode < 400,
      validate: { trustProxy: false, xForwardedForHeader: false },
    }),
  );
  const closeSessions = useSessions(app, config);
  // The query parameters of the audit and dead-letter lists (their class-validator DTOs); every body is checked by @ValidBody.
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new AllExceptionsFilter());
  // Temporal Web UI calls the codec endpoint from the browser.
  app.enableCors({
    origin: config.codecCorsOrigins,
    credentials: true,
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Namespace', 'X-CSRF-Token'],
    methods: ['GET', 'POST', 'OPTIONS'],
  });
  app.enableShutdownHooks();
  const close = app.close.bind(app);
  app.close = async () => {
    await close();
    await closeSessions();
  };
  const doc = new DocumentBuilder()
    .setTitle('Closer API')
    .setDescription('Case process automation for family and child-welfare departments (børn og familie)')
    .setVersion('0.1')
    .build();
  SwaggerModule.setup('docs', app, () => withChosenBodies(SwaggerModule.createDocument(app, doc)));
  return app;
}
