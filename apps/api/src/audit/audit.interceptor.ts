import {
  type CallHandler,
  type ExecutionContext,
  ForbiddenException,
  Injectable,
  type NestInterceptor,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { catchError, from, mergeMap, type Observable } from 'rxjs';
import type { GuardedRequest } from '../auth/access.guard';
import { AuditService } from './audit.service';

/**
 * Records a change of case data (a command, an inquiry) with its outcome: allowed when it took
 * effect, denied when a rule of who may do it refused it (e.g. four eyes), failed otherwise (bad
 * data, wrong phase). Reads are recorded by the guard before the data leaves. Should the record of
 * a change that took effect fail, the caller gets 503 and retries with the same Idempotency-Key:
 * the command is not applied twice, and the record is written then.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly audit: AuditService) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<GuardedRequest>();
    const entry = req.pendingAudit;
    if (!entry) return next.handle();
    return next.handle().pipe(
      // Refused or failed: nothing changed; recorded as such, and the caller gets the refusal.
      catchError((err: unknown) => {
        const outcome = err instanceof ForbiddenException || err instanceof NotFoundException ? 'denied' : 'failed';
        const rethrow = () => {
          throw err;
        };
        return from(this.audit.record({ ...entry, outcome }).then(rethrow, rethrow));
      }),
      mergeMap((answer) =>
        from(
          this.audit.record(entry).then(
            () => answer,
            () => {
              throw new ServiceUnavailableException(
                'the change was made but could not be recorded in the audit trail: send it again with the same Idempotency-Key',
              );
            },
          ),
        ),
      ),
    );
  }
}
