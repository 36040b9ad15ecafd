import type { Client } from '@temporalio/client';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decryptHistory, historyToJSON } from '../../libs/temporal/replay';
import { testConfig } from './test-env';

export const HISTORIES_DIR = join(__dirname, '..', 'histories');

/**
 * Record with a high continue-as-new threshold, so each history is whole:
 *   CLOSER_RECORD_HISTORIES=1 CLOSER_TEST_CONTINUE_AS_NEW_AFTER=100000 npm test -- tests/workflow/case-lifecycle
 * With CLOSER_RECORD_HISTORIES=1, keeps decrypted copies of these workflows' histories in
 * tests/histories/, where the replay test runs them against every future version of the code.
 */
export async function maybeRecordHistories(client: Client, workflows: Record<string, string>): Promise<void> {
  if (process.env.CLOSER_RECORD_HISTORIES !== '1') return;
  for (const [name, workflowId] of Object.entries(workflows)) {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    writeFileSync(join(HISTORIES_DIR, `${name}.json`), historyToJSON((await decryptHistory(history, testConfig())) as never));
  }
}
