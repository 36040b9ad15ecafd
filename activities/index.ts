import { createCaseRecordActivities } from './case-record.activity';
import { createCaseloadActivities } from './caseload.activity';
import type { ActivityDeps } from './deps';
import { createFamilyActivities } from './family.activity';
import { createMailActivities, createOutbox } from './mail.activity';
import { createProjectionActivities } from './projection.activity';
import { withoutPersonalData } from './support/without-personal-data';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const outbox = createOutbox(deps);
  return withoutPersonalData({
    ...createFamilyActivities(deps, outbox),
    ...createCaseRecordActivities(deps),
    ...createCaseloadActivities(deps),
    ...createMailActivities(deps, outbox),
    ...createProjectionActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;
