// `npm run replay -- <workflowId> [--save tests/histories/<name>.json]`
// Replays a live case (or measure) against the current code: does the new code still make the
// same decisions the running case has already made? With --save, keeps a decrypted copy as a
// test fixture (only for synthetic cases: the copy holds the case data in clear).
import { writeFileSync } from 'node:fs';
import { configOrExit } from '../config/start';
import { createDataConverter } from './data-converter';
import { decryptHistory, fetchHistory, historyToJSON, replayHistory } from './replay';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const saveAt = args.indexOf('--save');
  const savePath = saveAt >= 0 ? args[saveAt + 1] : undefined;
  const workflowId = args.find((a, i) => !a.startsWith('--') && (saveAt < 0 || i !== saveAt + 1));
  if (!workflowId) {
    console.error('Usage: npm run replay -- <workflowId> [--save tests/histories/<name>.json]');
    process.exit(2);
  }
  const config = configOrExit({ database: false });
  const history = await fetchHistory(config, workflowId);
  const result = await replayHistory(history, workflowId, createDataConverter(config));
  if (result.deterministic) {
    console.log(`${workflowId}: deterministic — ${result.events} events replay against the current code.`);
  } else {
    console.error(`${workflowId}: NOT deterministic — ${result.error}`);
    console.error('Guard the change with patched() (see docs/operations/changing-workflows.md).');
  }
  if (savePath) {
    writeFileSync(savePath, historyToJSON((await decryptHistory(history, config)) as never));
    console.log(`Saved a decrypted copy to ${savePath}`);
  }
  process.exit(result.deterministic ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error('Replay failed:', err instanceof Error ? err.message : err);
  process.exit(1);
});
