/**
 * A person's daily digest (libs/notifications/digest-schedules.ts starts it from their schedule at
 * the time they chose): every step held for the digest since the last one, in one mail. The mail is
 * keyed by this run's workflow id, so a retried activity composes it once; the relay sends it.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';

const { composeDigest } = proxyActivities<Pick<Activities, 'composeDigest'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export interface DigestInput {
  userId: string;
}

export async function digestWorkflow({ userId }: DigestInput): Promise<{ items: number }> {
  return composeDigest({ userId, digestId: `digest:${workflowInfo().workflowId}:${workflowInfo().runId}`, upTo: new Date().toISOString() });
}
