/** Rejections for update validators: a stable failure type the API maps to 400 or 409, and a message naming the field. */
import { ApplicationFailure } from '@temporalio/workflow';
import type { Verdict } from './refusal';

export function rejectCommand(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

/** Refuses the command when a pure rule refused it (support/refusal.ts). */
export function enforce(verdict: Verdict): void {
  if (verdict) rejectCommand(verdict.type, verdict.message);
}
