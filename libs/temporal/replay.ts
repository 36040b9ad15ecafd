/**
 * Replay: run a recorded history against the current workflow code and see whether it still
 * makes the same decisions. Used by `npm run replay -- <workflowId>` against a live case, and by
 * the test suite against the histories kept in tests/histories/.
 */
import { Client, Connection } from '@temporalio/client';
import type { Payload } from '@temporalio/common';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING } from '../codec/aes-gcm-payload-codec';
import type { Config } from '../config/config';
import { createDataConverter } from './data-converter';
import { workflowCode } from './workflow-bundle';

type History = temporal.api.history.v1.IHistory;

export interface ReplayResult {
  workflowId: string;
  events: number;
  deterministic: boolean;
  error?: string;
}

function replayOptions(dataConverter?: ReturnType<typeof createDataConverter>) {
  return {
    ...workflowCode(),
    dataConverter: dataConverter ?? { failureConverterPath: require.resolve('./failure-converter') },
  };
}

/** Replays one history; a non-determinism error says which command no longer matches. */
export async function replayHistory(
  history: History,
  workflowId: string,
  dataConverter?: ReturnType<typeof createDataConverter>,
): Promise<ReplayResult> {
  const events = history.events?.length ?? 0;
  // A run that has not completed a workflow task yet (e.g. it has just continued as new) has decided
  // nothing that could mismatch, and the replayer would wait for its first task.
  if (!history.events?.some((e) => e.workflowTaskCompletedEventAttributes)) return { workflowId, events: 0, deterministic: true };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`replay did not finish within ${REPLAY_TIMEOUT_MS / 1000} s`)), REPLAY_TIMEOUT_MS);
  });
  try {
    await Promise.race([Worker.runReplayHistory(replayOptions(dataConverter), history, workflowId), timeout]);
    return { workflowId, events, deterministic: true };
  } catch (err) {
    return { workflowId, events, deterministic: false, error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  } finally {
    clearTimeout(timer);
  }
}

const REPLAY_TIMEOUT_MS = 45_000;

export async function fetchHistory(config: Config, workflowId: string): Promise<History> {
  const connection = await Connection.connect({ address: config.temporal.address });
  try {
    const client = new Client({ connection, namespace: config.temporal.namespace, dataConverter: createDataConverter(config) });
    return await client.workflow.getHandle(workflowId).fetchHistory();
  } finally {
    await connection.close();
  }
}

/**
 * A copy of the history with every encrypted payload decrypted, to keep as a test fixture that
 * replays without the key. Only for histories of synthetic test cases: it holds their data in clear.
 */
export async function decryptHistory(history: History, config: Pick<Config, 'payloadKeys' | 'activePayloadKeyId'>): Promise<History> {
  const codec = new AesGcmPayloadCodec(config.payloadKeys, config.activePayloadKeyId);
  const copy = historyFromJSON(JSON.parse(historyToJSON(history as never))) as History;
  const isEncrypted = (v: unknown): v is Payload => {
    const enc = (v as Payload | undefined)?.metadata?.encoding;
    return !!enc && Buffer.from(enc).toString() === ENCRYPTED_ENCODING && (v as Payload).data !== undefined;
  };
  const walk = async (node: unknown): Promise<void> => {
    if (!node || typeof node !== 'object' || node instanceof Uint8Array) return;
    for (const [key, value] of Object.entries(node)) {
      if (isEncrypted(value)) (node as Record<string, unknown>)[key] = (await codec.decode([value]))[0];
      else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (isEncrypted(value[i])) value[i] = (await codec.decode([value[i]]))[0];
          else await walk(value[i]);
        }
      } else await walk(value);
    }
  };
  await walk(copy);
  return copy;
}

export { historyFromJSON, historyToJSON };
