/** Rejections for update validators: a stable failure type the API maps to 400 or 409, and a message naming the field. */
import { ApplicationFailure } from '@temporalio/workflow';

export function rejectCommand(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}
