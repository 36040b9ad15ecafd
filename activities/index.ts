import { createCaseRecordActivities } from './case-record.activity';
import { createCaseloadActivities } from './caseload.activity';
import type { ActivityDeps } from './deps';
import { createMailActivities } from './mail.activity';
import { createProjectionActivities } from './projection.activity';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCaseRecordActivities(deps),
    ...createCaseloadActivities(deps),
    ...createMailActivities(deps),
    ...createProjectionActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
