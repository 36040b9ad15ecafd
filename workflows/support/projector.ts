/**
 * The workflow's single path into the read model. Projections run one after another, in the order
 * the workflow made them, so a later state never gets overwritten by an earlier one; and the
 * workflow can ask whether any is still in flight before it continues as new.
 */
import { proxyActivities, proxyLocalActivities, uuid4 } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { Projection, ProjectedEvent } from '../../activities/projection.activity';

// Projections are idempotent upserts: retry until the database is back, however long that takes.
// At most 10 s apart, so a database that comes back is picked up quickly: every later projection
// and command of the workflow waits behind this one. (A write that retrying cannot fix does not
// retry at all: the activity parks it in dead_letters and returns.)
const { project } = proxyActivities<Pick<Activities, 'project'>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 seconds' },
});

// The same write as a local activity: run by this worker inside the workflow task, with no round
// trip through the server. For the steps of deadlines, which fall due by the thousand in a busy
// minute and must reach their people within a second (docs/benchmarks.md, deadline to mail).
// One short attempt only: a local activity holds its workflow task open while it runs, so one that
// waited for a database that is down would hold back the next steps' timers. When it fails, the
// write goes on as a regular activity, retried for as long as it takes, and the clock runs on.
/** A local activity's one short attempt, before the same write goes on as a regular activity. */
export const LOCAL_ONCE = { startToCloseTimeout: '5 seconds', retry: { maximumAttempts: 1 } } as const;
const { project: projectLocally } = proxyLocalActivities<Pick<Activities, 'project'>>(LOCAL_ONCE);

export class Projector {
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(private readonly scope: { caseId: string } | { familyId: string }) {}

  /** An event with a fresh id (deterministic on replay); pass `eventId` for one that must stay unique across runs. */
  event(type: string, actor: string, data?: Record<string, unknown>, eventId?: string): ProjectedEvent {
    return { eventId: eventId ?? uuid4(), type, actor, at: new Date().toISOString(), data };
  }

  /** Applies `p` after every projection before it; `local` runs it as a local activity. */
  project(p: Omit<Projection, 'caseId' | 'familyId'>, { local = false }: { local?: boolean } = {}): Promise<void> {
    this.inFlight++;
    const input = { ...this.scope, ...p };
    const run = this.chain.then(() => (local ? projectLocally(input).catch(() => project(input)) : project(input)));
    this.chain = run.then(
      () => {
        this.inFlight--;
      },
      () => {
        this.inFlight--;
      },
    );
    return run;
  }

  get idle(): boolean {
    return this.inFlight === 0;
  }
}
