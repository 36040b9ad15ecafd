import { ServiceUnavailableException } from '@nestjs/common';

/**
 * A 503 that says when to try again: the exception filter sends `retryAfterSeconds` as Retry-After.
 * Nothing is known to have been done; the same request again (same Idempotency-Key) applies it once.
 */
export class RetryLaterException extends ServiceUnavailableException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super({ statusCode: 503, error: 'Service Unavailable', message });
  }
}
