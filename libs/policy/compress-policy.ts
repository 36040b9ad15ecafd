/**
 * A policy whose every span is shrunk to seconds: the same process, steps and escalation chains,
 * minutes instead of days and months. For trying Closer out (the demo policy), never for cases.
 * Pure module (imported by workflows through case-policy.ts).
 */
import type { CasePolicy, Span } from './case-policy';

/** How many seconds one unit of each kind of span lasts in the compressed policy. */
export interface Compression {
  clockHours: number;
  calendarDays: number;
  weekdays: number;
  calendarMonths: number;
}

const UNITS = ['clockHours', 'calendarDays', 'weekdays', 'calendarMonths'] as const;

function isSpan(value: object): value is Span {
  const keys = Object.keys(value);
  return keys.length === 1 && (UNITS as readonly string[]).concat('seconds').includes(keys[0]);
}

function compressSpan(span: Span, c: Compression): Span {
  for (const unit of UNITS) if (unit in span) return { seconds: Math.max(1, Math.round((span as Record<string, number>)[unit] * c[unit])) };
  return span;
}

function walk(value: unknown, c: Compression): unknown {
  if (Array.isArray(value)) return value.map((v) => walk(v, c));
  if (value === null || typeof value !== 'object') return value;
  if (isSpan(value)) return compressSpan(value, c);
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) =>
      // A step in seconds never lands on a closed day; moving it to the next weekday would stop the demo at weekends.
      k === 'moveToWeekday' ? [k, false] : k === 'calendar' ? [k, v] : [k, walk(v, c)],
    ),
  );
}

export function compressPolicy(policy: CasePolicy, c: Compression, version: string, description: string): CasePolicy {
  return { ...(walk(policy, c) as CasePolicy), version, description };
}
