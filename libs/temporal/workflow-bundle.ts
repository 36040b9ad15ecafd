import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';

/** Built by `npm run build` (scripts/bundle-workflows); a worker loads it instead of bundling at start. */
export const WORKFLOW_BUNDLE_PATH = join(__dirname, '..', '..', 'workflow-bundle.js');

export function prebuiltWorkflowBundle(): { codePath: string } | undefined {
  return existsSync(WORKFLOW_BUNDLE_PATH) ? { codePath: WORKFLOW_BUNDLE_PATH } : undefined;
}

/**
 * How the workflows are bundled, by the build and by a worker that bundles at start alike.
 *
 * Each workflow in the worker's cache gets its own instance of every module it imports, built when
 * the workflow starts or is replayed after leaving the cache. zod's own modules were a good part of
 * that (a CPU profile of the worker while cases were opened: 13 % of the workflow thread), and they
 * keep no per-workflow state, so they are loaded once and shared (the SDK freezes shared modules'
 * exports, not the classes' prototypes, so zod stays usable). The schemas built with zod are not shared: zod fills them in lazily,
 * which a frozen object refuses; workflows build them on first use instead (workflows/support/schemas.ts).
 */
export const WORKFLOW_BUNDLER_OPTIONS: Pick<BundleOptions, 'preloadModules' | 'webpackConfigHook'> = {
  preloadModules: [require.resolve('../../workflows/support/shared-zod')],
  // zod's package.json declares it free of side effects, so webpack's default ('flag') would drop
  // it from the preload (nobody uses its exports there), and every workflow would build its own.
  webpackConfigHook: (config) => ({ ...config, optimization: { ...config.optimization, sideEffects: false } }),
};

/** Where a worker (or a replayer) takes the workflows from: the prebuilt bundle, or workflows/ bundled at start alike. */
export function workflowCode() {
  const bundle = prebuiltWorkflowBundle();
  return bundle
    ? { workflowBundle: bundle }
    : { workflowsPath: require.resolve('../../workflows'), bundlerOptions: WORKFLOW_BUNDLER_OPTIONS };
}
