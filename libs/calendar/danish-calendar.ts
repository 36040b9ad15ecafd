// Danish business-calendar arithmetic for statutory deadlines.
//
// This module is bundled into the Temporal workflow sandbox, so it must stay pure and
// replay-safe: no imports, no ambient clock. Every function is handed the instant it works
// from, and the only platform facilities used are Date (as a value) and Intl.DateTimeFormat.

export interface CalendarPolicy {
  /** IANA time zone in which "a day" is reckoned, e.g. 'Europe/Copenhagen'. */
  timeZone: string;
  /** Local closing days (lukkedage) as 'MM-DD'; they are not weekdays even though they are not public holidays. */
  closingDays: string[];
}

/**
 * Grundlovsdag, juleaftensdag and nytårsaftensdag are not helligdage by law, but offices
 * are customarily closed, so a deadline should not consume them.
 */
export const DANISH_CALENDAR: CalendarPolicy = Object.freeze({
  timeZone: 'Europe/Copenhagen',
  closingDays: Object.freeze(['06-05', '12-24', '12-31']) as string[],
});

const MS_PER_SECOND = 1_000;
const MS_PER_MINUTE = 60 * MS_PER_SECOND;
const MS_PER_HOUR = 60 * MS_PER_MINUTE;
const MS_PER_DAY = 24 * MS_PER_HOUR;

// The Meeus/Jones/Butcher computus is only valid for the Gregorian calendar, and the
// 'YYYY' string format assumes four digits.
const MIN_YEAR = 1583;
const MAX_YEAR = 9999;

// Store Bededag was abolished by law from 2024 on; 2023 was the last year it was a holiday.
const LAST_STORE_BEDEDAG_YEAR = 2023;

// A policy that closes every day of the year would otherwise make the weekday search spin forever.
const MAX_DAYS_WITHOUT_WEEKDAY = 366;

interface LocalDate {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

// ---------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function formatLocalDate({ year, month, day }: LocalDate): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

// Date.UTC maps years 0-99 to 1900-1999; going through setUTCFullYear avoids that trap,
// even though our validated range never reaches it.
function utcMillis(fields: LocalDateTime): number {
  const date = new Date(0);
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second, fields.millisecond);
  return date.getTime();
}

/** Proleptic Gregorian date arithmetic on a zone-less calendar date, via UTC where days are always 24 h. */
function shiftDate(date: LocalDate, days: number): LocalDate {
  const shifted = new Date(utcMillis({ ...date, hour: 12, minute: 0, second: 0, millisecond: 0 }) + days * MS_PER_DAY);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Year must be an integer between ${MIN_YEAR} and ${MAX_YEAR}, got ${year}`);
  }
}

function checkInstant(instant: Date): number {
  const time = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(time)) throw new RangeError('Expected a valid Date instant');
  return time;
}

function checkInteger(value: number, name: string): void {
  if (!Number.isInteger(value)) throw new RangeError(`${name} must be an integer, got ${value}`);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

function parseLocalDate(localIsoDate: string): LocalDate {
  const match = ISO_DATE.exec(localIsoDate);
  if (!match) throw new RangeError(`Expected a local date as 'YYYY-MM-DD', got '${localIsoDate}'`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  checkYear(year);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`No such calendar date: '${localIsoDate}'`);
  }
  return { year, month, day };
}

function parseLocalTime(localTime: string): { hour: number; minute: number; second: number } {
  const match = LOCAL_TIME.exec(localTime);
  if (!match) throw new RangeError(`Expected a local time as 'HH:mm' or 'HH:mm:ss', got '${localTime}'`);
  const hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = match[3] === undefined ? 0 : Number(match[3]);
  // 24:00 is rejected on purpose: "end of day" is expressed as 00:00 of the next day.
  if (hour > 23 || minute > 59 || second > 59) throw new RangeError(`No such local time: '${localTime}'`);
  return { hour, minute, second };
}

// ---------------------------------------------------------------------------
// Time-zone conversion
// ---------------------------------------------------------------------------

// Constructing a DateTimeFormat is expensive relative to formatting, and deadline loops
// convert many instants in the same zone.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // 'en-US' guarantees ASCII digits; hourCycle 'h23' prevents midnight being rendered as hour 24.
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock reading in `timeZone` at `time` (ms since epoch). */
function wallClock(time: number, timeZone: string): LocalDateTime {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(time))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  // Intl has no sub-second field at this precision; the zone offset is always whole seconds, so
  // the milliseconds carry over unchanged.
  const millisecond = ((time % MS_PER_SECOND) + MS_PER_SECOND) % MS_PER_SECOND;
  return {
    year: fields.year,
    month: fields.month,
    day: fields.day,
    hour: fields.hour,
    minute: fields.minute,
    second: fields.second,
    millisecond,
  };
}

/** Offset of `timeZone` from UTC at `time`, in ms (positive east of Greenwich). */
function offsetAt(time: number, timeZone: string): number {
  return utcMillis(wallClock(time, timeZone)) - time;
}

/**
 * Resolves a wall-clock reading to an instant.
 *
 * A wall-clock time can map to zero instants (spring-forward gap) or two (fall-back overlap).
 * Rather than iterate towards a fixed point, which may oscillate inside a gap, we take the
 * offsets in force a day either side — real zones never change offset twice within 48 hours —
 * and keep the candidates that reproduce themselves.
 */
function resolveWallClock(fields: LocalDateTime, timeZone: string): Date {
  const asIfUtc = utcMillis(fields);
  const offsetBefore = offsetAt(asIfUtc - MS_PER_DAY, timeZone);
  const offsetAfter = offsetAt(asIfUtc + MS_PER_DAY, timeZone);

  const valid = [offsetBefore, offsetAfter]
    .map((offset) => asIfUtc - offset)
    .filter((candidate) => offsetAt(candidate, timeZone) === asIfUtc - candidate);
  if (valid.length > 0) {
    // Overlap: the earlier instant is the first occurrence of that wall-clock time, which errs
    // towards the shorter deadline rather than granting an extra hour.
    return new Date(Math.min(...valid));
  }

  // Gap: read the wall clock with the offset that was in force before the transition, which
  // lands the same distance past the transition as the requested time was past its start —
  // 02:30 in a 02:00→03:00 gap becomes 03:30, i.e. moved forward by the length of the gap.
  return new Date(asIfUtc - offsetBefore);
}

// ---------------------------------------------------------------------------
// Holidays
// ---------------------------------------------------------------------------

/** Easter Sunday as 'YYYY-MM-DD', by the anonymous Gregorian (Meeus/Jones/Butcher) algorithm. */
export function easterSunday(year: number): string {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatLocalDate({ year, month, day });
}

// Easter-relative offsets in days. Store Bededag (+26) is handled separately because it only
// applies up to LAST_STORE_BEDEDAG_YEAR.
const EASTER_OFFSETS = [
  -3, // Skærtorsdag
  -2, // Langfredag
  0, // Påskedag
  1, // 2. påskedag
  39, // Kristi himmelfartsdag
  49, // Pinsedag
  50, // 2. pinsedag
];
const STORE_BEDEDAG_OFFSET = 26;

// Holiday lists are a pure function of the year, so memoising them keeps replays deterministic
// while sparing deadline loops from recomputing Easter for every day they step over.
const holidayCache = new Map<number, ReadonlySet<string>>();

function holidaySet(year: number): ReadonlySet<string> {
  let holidays = holidayCache.get(year);
  if (!holidays) {
    const easter = parseLocalDate(easterSunday(year));
    const offsets = year <= LAST_STORE_BEDEDAG_YEAR ? [...EASTER_OFFSETS, STORE_BEDEDAG_OFFSET] : EASTER_OFFSETS;
    const dates = [
      `${pad(year, 4)}-01-01`, // Nytårsdag
      ...offsets.map((offset) => formatLocalDate(shiftDate(easter, offset))),
      `${pad(year, 4)}-12-25`, // Juledag
      `${pad(year, 4)}-12-26`, // 2. juledag
    ];
    holidays = new Set(dates.sort());
    holidayCache.set(year, holidays);
  }
  return holidays;
}

/** Danish public holidays (helligdage) in `year`, sorted, as 'YYYY-MM-DD'. Closing days are not included. */
export function danishPublicHolidays(year: number): string[] {
  // A fresh array each time: callers must not be able to corrupt the cache.
  return [...holidaySet(year)];
}

// ---------------------------------------------------------------------------
// Public calendar API
// ---------------------------------------------------------------------------

/** The calendar date of `instant` in `timeZone`, as 'YYYY-MM-DD'. */
export function localDate(instant: Date, timeZone: string): string {
  return formatLocalDate(wallClock(checkInstant(instant), timeZone));
}

/** Whether `localIsoDate` is a hverdag: not Saturday or Sunday, not a public holiday, and not a closing day of `cal`. */
export function isWeekday(localIsoDate: string, cal: CalendarPolicy): boolean {
  const date = parseLocalDate(localIsoDate);
  const dayOfWeek = new Date(utcMillis({ ...date, hour: 12, minute: 0, second: 0, millisecond: 0 })).getUTCDay();
  if (dayOfWeek === 0 || dayOfWeek === 6) return false;
  if (holidaySet(date.year).has(localIsoDate)) return false;
  return !cal.closingDays.includes(localIsoDate.slice(5));
}

/**
 * The instant at which the wall clock in `timeZone` reads `localTime` on `localIsoDate`.
 * A time inside a spring-forward gap is moved forward by the length of the gap; an ambiguous
 * time in a fall-back overlap resolves to the earlier instant.
 */
export function zonedInstant(localIsoDate: string, localTime: string, timeZone: string): Date {
  return resolveWallClock({ ...parseLocalDate(localIsoDate), ...parseLocalTime(localTime), millisecond: 0 }, timeZone);
}

/** `hours` elapsed hours after `instant`; a DST change does not stretch or shrink them. */
export function addClockHours(instant: Date, hours: number): Date {
  if (!Number.isFinite(hours)) throw new RangeError(`hours must be finite, got ${hours}`);
  return new Date(checkInstant(instant) + hours * MS_PER_HOUR);
}

/**
 * The same local wall-clock time `months` calendar months later (or earlier, if negative).
 * The day is clamped to the target month's length, so 31 January + 1 month is 28/29 February.
 */
export function addCalendarMonths(instant: Date, months: number, timeZone: string): Date {
  checkInteger(months, 'months');
  const local = wallClock(checkInstant(instant), timeZone);
  const monthIndex = local.year * 12 + (local.month - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = monthIndex - year * 12 + 1;
  checkYear(year);
  return resolveWallClock({ ...local, year, month, day: Math.min(local.day, daysInMonth(year, month)) }, timeZone);
}

/** The same local wall-clock time `days` local calendar days later (or earlier, if negative). */
export function addCalendarDays(instant: Date, days: number, timeZone: string): Date {
  checkInteger(days, 'days');
  const local = wallClock(checkInstant(instant), timeZone);
  const target = shiftDate(local, days);
  checkYear(target.year);
  return resolveWallClock({ ...local, ...target }, timeZone);
}

/** Steps forward from `from` (exclusive) to the next date that is a weekday under `cal`. */
function nextWeekdayAfter(from: LocalDate, cal: CalendarPolicy): LocalDate {
  let date = from;
  for (let step = 0; step < MAX_DAYS_WITHOUT_WEEKDAY; step++) {
    date = shiftDate(date, 1);
    if (isWeekday(formatLocalDate(date), cal)) return date;
  }
  throw new RangeError(`No weekday within ${MAX_DAYS_WITHOUT_WEEKDAY} days after ${formatLocalDate(from)}; check the calendar policy`);
}

/**
 * The end of the `n`-th weekday strictly after the local date of `instant`, i.e. the local
 * midnight that starts the following day. n = 1 is "end of the next weekday". The day of
 * `instant` itself never counts, even if it is a weekday, because a period starting during
 * a day runs from the next day.
 */
export function endOfNthWeekday(instant: Date, n: number, cal: CalendarPolicy): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  let date: LocalDate = wallClock(checkInstant(instant), cal.timeZone);
  for (let counted = 0; counted < n; counted++) date = nextWeekdayAfter(date, cal);
  const following = shiftDate(date, 1);
  return resolveWallClock({ ...following, hour: 0, minute: 0, second: 0, millisecond: 0 }, cal.timeZone);
}

/**
 * `instant` (as a new Date) if its local date is a weekday; otherwise the same local wall-clock
 * time on the next weekday.
 */
export function nextWeekdayAtSameTime(instant: Date, cal: CalendarPolicy): Date {
  const time = checkInstant(instant);
  const local = wallClock(time, cal.timeZone);
  if (isWeekday(formatLocalDate(local), cal)) return new Date(time);
  return resolveWallClock({ ...local, ...nextWeekdayAfter(local, cal) }, cal.timeZone);
}
