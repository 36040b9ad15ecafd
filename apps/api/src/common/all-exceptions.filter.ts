import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { isPageRequest, sendPageError } from '../web/page-errors';
import { RetryLaterException } from './retry-later.exception';

/**
 * One place that turns errors into HTTP answers. Known errors keep their status and message (the
 * Temporal gateway has turned Temporal's into these: apps/api/src/temporal/temporal.gateway.ts);
 * PostgreSQL being unreachable is 503 with `Retry-After`, as is every 503 (nothing was done; a client
 * sends the same request again, with the same Idempotency-Key, after that many seconds); anything
 * else is logged with a correlation id (never the request body: it holds personal data) and
 * answered 500 with only that id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const { status, body, retryAfterSeconds } = this.answer(exception);
    // Every 503 says when to try again: Temporal's (from the gateway), the database's, and any other service thrown as 503 (the audit, sign-in).
    if (status === 503) res.setHeader('Retry-After', String(retryAfterSeconds ?? RETRY_AFTER_SECONDS.other));
    // A page in the browser gets a page (and a sign-in when it needs one), not JSON.
    if (isPageRequest(http.getRequest<Request>())) {
      sendPageError(http.getRequest<Request>(), res, status, body);
      return;
    }
    res.status(status).json(body);
  }

  private answer(exception: unknown): { status: number; body: Record<string, unknown>; retryAfterSeconds?: number } {
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      // The JSON parser's own sentence can quote a piece of the body (personal data): answer in our words.
      const said = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      if (
        exception.getStatus() === 400 &&
        typeof said === 'string' &&
        /JSON/.test(said) &&
        /position|token|Unexpected|Unterminated/.test(said)
      )
        return { status: 400, body: { statusCode: 400, message: 'the request body is not valid JSON' } };
      return {
        status: exception.getStatus(),
        body: typeof body === 'string' ? { statusCode: exception.getStatus(), message: body } : (body as Record<string, unknown>),
        ...(exception instanceof RetryLaterException ? { retryAfterSeconds: exception.retryAfterSeconds } : {}),
      };
    }
    // Errors of the body parser (malformed JSON, a body over the limit) carry their own 4xx status.
    const status = (exception as { status?: unknown; type?: unknown } | null)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500 && typeof (exception as { type?: unknown }).type === 'string') {
      const message = status === 413 ? 'the request body is too large' : 'the request body is not valid JSON';
      return { status, body: { statusCode: status, message } };
    }
    // Without the database Closer cannot tell who asks, check their reach or record the access:
    // nothing was done, and the caller may try again (the same Idempotency-Key applies a command once).
    if (isDatabaseUnavailable(exception))
      return {
        status: 503,
        retryAfterSeconds: RETRY_AFTER_SECONDS.database,
        body: { statusCode: 503, error: 'Service Unavailable', message: 'The database is unavailable; try again shortly' },
      };
    const correlationId = randomUUID();
    const name = exception instanceof Error ? exception.name : typeof exception;
    this.logger.error(`Unhandled ${name} [${correlationId}]`, exception instanceof Error ? exception.stack : undefined);
    return { status: 500, body: { statusCode: 500, error: 'Internal Server Error', correlationId } };
  }
}

/**
 * When to try again after a 503 that does not say (Temporal's say 2 s, in the gateway): PostgreSQL
 * restarting takes longer than a Temporal service, and a database that went away is rarely back at once.
 */
const RETRY_AFTER_SECONDS = { database: 5, other: 5 } as const;

// SQLSTATE class 08 (connection exceptions), the server shutting down or starting (57P01-03),
// too many connections (53300); and the socket errors of a server that is not there.
const UNAVAILABLE_SQLSTATES = /^(08|57P0[123]$|53300$)/;
const UNAVAILABLE_SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGE = /Connection terminated|connection timeout|Client has encountered a connection error/i;

/** True when the error means PostgreSQL could not be reached or went away mid-request (retry later, 503). */
function isDatabaseUnavailable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as { code?: unknown; driverError?: { code?: unknown; message?: unknown }; message?: unknown; errors?: unknown };
  const code = e.driverError?.code ?? e.code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_SOCKET.has(code))) return true;
  const message = [e.message, e.driverError?.message].filter((m) => typeof m === 'string').join(' ');
  if (UNAVAILABLE_MESSAGE.test(message)) return true;
  // Connecting to a host name with several addresses fails with every address's error at once.
  return Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable);
}
