/**
 * Dates for tests, written relative to now. A date that a running workflow or the API compares
 * with its clock (an appointment, a measure's end, an absence, a child's 18th birthday) must not be
 * a fixed calendar date: one day it would be in the past, and the suite would fail on that day.
 * Pure functions that take `now` as an argument may keep fixed dates.
 */
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The instant `ms` from now, as an ISO timestamp (negative: in the past). */
export function fromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/** The calendar day (UTC) `days` from today, as `YYYY-MM-DD`. */
export function dayFromNow(days: number): string {
  return fromNow(days * DAY).slice(0, 10);
}

/** A birth date (`YYYY-MM-DD`) of a child who is `years` old today, give or take the day. */
export function bornYearsAgo(years: number): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 30);
  return d.toISOString().slice(0, 10);
}
