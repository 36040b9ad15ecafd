import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { isTemporalUnavailable } from '../../../../libs/temporal/errors';

/**
 * One place that turns errors into HTTP answers. Known errors keep their status and message;
 * Temporal being unreachable is 503; anything else is logged with a correlation id (never the
 * request body: it holds personal data) and answered 500 with only that id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      // The JSON parser's own sentence can quote a piece of the body (personal data): answer in our words.
      const said = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      if (
        exception.getStatus() === 400 &&
        typeof said === 'string' &&
        /JSON/.test(said) &&
        /position|token|Unexpected|Unterminated/.test(said)
      ) {
        res.status(400).json({ statusCode: 400, message: 'the request body is not valid JSON' });
        return;
      }
      res.status(exception.getStatus()).json(typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : body);
      return;
    }
    // Errors of the body parser (malformed JSON, a body over the limit) carry their own 4xx status.
    const status = (exception as { status?: unknown; type?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500 && typeof (exception as { type?: unknown }).type === 'string') {
      const message = status === 413 ? 'the request body is too large' : 'the request body is not valid JSON';
      res.status(status).json({ statusCode: status, message });
      return;
    }
    if (isTemporalUnavailable(exception)) {
      res.status(503).json({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The workflow engine (Temporal) is unavailable; try again shortly',
      });
      return;
    }
    const correlationId = randomUUID();
    const name = exception instanceof Error ? exception.name : typeof exception;
    this.logger.error(`Unhandled ${name} [${correlationId}]`, exception instanceof Error ? exception.stack : undefined);
    res.status(500).json({ statusCode: 500, error: 'Internal Server Error', correlationId });
  }
}
