// Loaded by path (the worker also loads it inside the workflow sandbox): error messages and
// stack traces are encoded as payloads, so the codec encrypts them too.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
