// The baseline of `npm run bench`: a workflow that starts and completes at once, so the server's
// and the SDK's own cost of one workflow is what is measured. Bench-only: never registered by the
// app's worker and never used by tests.
export async function noopWorkflow() {
  return 'done';
}
