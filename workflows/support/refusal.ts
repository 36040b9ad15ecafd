/**
 * A command refused by a rule, as plain data: the rules of every aggregate are pure functions that
 * return the first refusal that applies (or nothing), so they are tested without a server. The
 * workflow turns one into an update failure (`enforce` in validation.ts) with the same type and
 * message the API maps to 400 or 409.
 */
import { CommandRejection } from '../contract';

export type RejectionType = (typeof CommandRejection)[keyof typeof CommandRejection];

export interface Refusal {
  type: RejectionType;
  message: string;
}

/** What a rule answers: nothing when the command is accepted, else why not. */
export type Verdict = Refusal | undefined;

export function refuse(type: RejectionType, message: string): Refusal {
  return { type, message };
}

/** The first refusal among rules checked in order (each runs only when those before it accepted). */
export function firstRefusal(...checks: (() => Verdict)[]): Verdict {
  for (const check of checks) {
    const refusal = check();
    if (refusal) return refusal;
  }
  return undefined;
}

export const wrongPhase = (message: string) => refuse(CommandRejection.WrongPhase, message);
export const invalid = (message: string) => refuse(CommandRejection.InvalidCommand, message);
