import { InitialSchema1795373656091 } from './1795373656091-initial-schema';
import { CaseLifecycle1795375700116 } from './1795375700116-case-lifecycle';
import { DeadLettersAndOutboxLease1795468715188 } from './1795468715188-dead-letters-and-outbox-lease';
import { Organisation1795600000000 } from './1795600000000-organisation';
import { AuditTrail1795600000100 } from './1795600000100-audit-trail';
import { UserSessions1795600000200 } from './1795600000200-user-sessions';
import { Notifications1795700000000 } from './1795700000000-notifications';
import { WorkLists1795700000100 } from './1795700000100-work-lists';
import { StatutoryClock1795700000200 } from './1795700000200-statutory-clock';

/** Listed by class, not by glob, so the same list works from TypeScript sources and from dist/. */
export const MIGRATIONS = [
  InitialSchema1795373656091,
  CaseLifecycle1795375700116,
  DeadLettersAndOutboxLease1795468715188,
  Organisation1795600000000,
  AuditTrail1795600000100,
  UserSessions1795600000200,
  Notifications1795700000000,
  WorkLists1795700000100,
  StatutoryClock1795700000200,
];
