import { createCaseRecordActivities } from './case-record.activity';
import type { ActivityDeps } from './deps';
import { createMailActivities } from './mail.activity';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCaseRecordActivities(deps),
    ...createMailActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
