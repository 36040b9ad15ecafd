import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Built by `npm run build` (scripts/bundle-workflows); a worker loads it instead of bundling at start. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', 'workflow-bundle.js');

export function prebuiltWorkflowBundle(): { codePath: string } | undefined {
  return existsSync(WORKFLOW_BUNDLE_PATH) ? { codePath: WORKFLOW_BUNDLE_PATH } : undefined;
}
