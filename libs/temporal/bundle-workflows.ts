// Bundles workflows/ once at build time, so workers start fast and all run the same code.
import { bundleWorkflowCode } from '@temporalio/worker';
import { writeFileSync } from 'node:fs';
import { WORKFLOW_BUNDLE_PATH, WORKFLOW_BUNDLER_OPTIONS } from './workflow-bundle';

async function main(): Promise<void> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('../../workflows'),
    ...WORKFLOW_BUNDLER_OPTIONS,
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  writeFileSync(WORKFLOW_BUNDLE_PATH, code);
  console.log(`Workflow bundle written to ${WORKFLOW_BUNDLE_PATH}`);
}

main().catch((err: unknown) => {
  console.error('Bundling workflows failed:', err);
  process.exit(1);
});
