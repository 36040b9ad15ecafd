/** Rejections for update validators: a stable failure type the API maps to 400 or 409, and a message naming the field. */
import { ApplicationFailure } from '@temporalio/workflow';
import { CommandRejection } from '../contract';

export function rejectCommand(type: string, message: string): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true });
}

export function requireText(value: unknown, field: string): void {
  if (typeof value !== 'string' || value.trim() === '') rejectCommand(CommandRejection.InvalidCommand, `${field} is required`);
}

export function validDate(value: unknown, field: string): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(t)) rejectCommand(CommandRejection.InvalidCommand, `${field} must be an ISO 8601 date`);
  return t;
}
