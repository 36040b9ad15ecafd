import { createCaseloadActivities } from './caseload.activity';
import type { ActivityDeps } from './deps';
import { createDigestActivities } from './digest.activity';
import { createFamilyActivities } from './family.activity';
import { createMailActivities, createOutbox } from './mail.activity';
import { createReadModelActivities } from './read-model';
import { withDeadLetters } from './support/dead-letters';
import { withoutPersonalData } from './support/without-personal-data';

export type { ActivityDeps } from './deps';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const outbox = createOutbox(deps);
  return withoutPersonalData({
    ...createFamilyActivities(deps, outbox),
    ...createCaseloadActivities(deps),
    ...createMailActivities(deps, outbox),
    ...createDigestActivities(deps),
    ...withDeadLetters(deps.dataSource, createReadModelActivities(deps)),
  });
}

export type Activities = ReturnType<typeof createActivities>;
