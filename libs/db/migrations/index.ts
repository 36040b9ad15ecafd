import { InitialSchema1795373656091 } from './1795373656091-initial-schema';
import { CaseLifecycle1795375700116 } from './1795375700116-case-lifecycle';
import { DeadLettersAndOutboxLease1795468715188 } from './1795468715188-dead-letters-and-outbox-lease';
import { AuditTrail1795600000100 } from './1795600000100-audit-trail';

/** Listed by class, not by glob, so the same list works from TypeScript sources and from dist/. */
export const MIGRATIONS = [
  InitialSchema1795373656091,
  CaseLifecycle1795375700116,
  DeadLettersAndOutboxLease1795468715188,
  AuditTrail1795600000100,
];
