/**
 * Which steps of a task tell someone, and whether they go at once or wait for the person's daily
 * digest. Pure logic, no I/O: unit tested in tests/unit/notification-rules.spec.ts.
 */

/** The steps of a deadline (workflows/support/task-tracker.ts) that reach a person. */
export const NOTIFYING_STEPS = ['task.opened', 'task.assigned', 'task.reminded', 'task.overdue', 'task.escalated'] as const;
export type NotifyingStep = (typeof NOTIFYING_STEPS)[number];

export const isNotifyingStep = (type: string): type is NotifyingStep => (NOTIFYING_STEPS as readonly string[]).includes(type);

/** How a person wants to hear of their tasks: each step at once, or one mail a day at a chosen time. */
export type NotificationMode = 'immediate' | 'digest';
export const NOTIFICATION_MODES: readonly NotificationMode[] = ['immediate', 'digest'];

/** Tasks on the 24-hour clock (vurdering inden for 24 timer, BL § 136): no digest can wait that long. */
export const TASKS_ON_THE_24_HOUR_CLOCK: readonly string[] = ['urgency-assessment'];

/** Escalations to these roles always go at once: a manager must act on them the same day. */
export const ESCALATIONS_ALWAYS_IMMEDIATE: readonly string[] = ['supervisor', 'head-of-department'];

export interface StepToDeliver {
  type: NotifyingStep;
  /** The task's kind (workflows/contract.ts TaskKind). */
  kind: string;
  /** For task.escalated: the role the escalation goes to. */
  to?: string;
}

/** When a step's mail goes: the person's choice, except for what must never wait. */
export function deliveryOf(step: StepToDeliver, mode: NotificationMode): NotificationMode {
  if (TASKS_ON_THE_24_HOUR_CLOCK.includes(step.kind)) return 'immediate';
  if (step.type === 'task.escalated' && step.to && ESCALATIONS_ALWAYS_IMMEDIATE.includes(step.to)) return 'immediate';
  return mode;
}

/** A digest time as 'HH:MM' in Danish time (Europe/Copenhagen), 00:00–23:59. */
export const DIGEST_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function parseDigestTime(value: string): { hour: number; minute: number } {
  const m = DIGEST_TIME.exec(value);
  if (!m) throw new Error(`digest time must be HH:MM, got "${value}"`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}
