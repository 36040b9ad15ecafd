import Holidays from 'date-holidays';
import {
  addCalendarDays,
  addCalendarMonths,
  addClockHours,
  DANISH_CALENDAR,
  danishPublicHolidays,
  easterSunday,
  endOfNthWeekday,
  isWeekday,
  localDate,
  nextWeekdayAtSameTime,
  zonedInstant,
} from '../../libs/calendar/danish-calendar';

const CPH = 'Europe/Copenhagen';
const cph = (date: string, time: string): Date => zonedInstant(date, time, CPH);

describe('danish calendar: public holidays (helligdage)', () => {
  it('computes Easter Sunday with the Gregorian computus', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible date
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible date
  });

  it('lists exactly the 2026 helligdage, sorted', () => {
    expect(danishPublicHolidays(2026)).toEqual([
      '2026-01-01',
      '2026-04-02',
      '2026-04-03',
      '2026-04-05',
      '2026-04-06',
      '2026-05-14',
      '2026-05-24',
      '2026-05-25',
      '2026-12-25',
      '2026-12-26',
    ]);
  });

  it('keeps Store Bededag up to 2023 and drops it from 2024', () => {
    expect(danishPublicHolidays(2023)).toContain('2023-05-05');
    expect(danishPublicHolidays(2023)).toHaveLength(11);
    expect(danishPublicHolidays(2024)).not.toContain('2024-04-26');
    expect(danishPublicHolidays(2024)).toHaveLength(10);
    expect(isWeekday('2024-04-26', DANISH_CALENDAR)).toBe(true);
  });

  it('does not count Grundlovsdag, juleaftensdag or nytårsaftensdag as public holidays', () => {
    expect(danishPublicHolidays(2026)).not.toContain('2026-06-05');
    expect(danishPublicHolidays(2026)).not.toContain('2026-12-24');
    expect(danishPublicHolidays(2026)).not.toContain('2026-12-31');
  });

  it('agrees with date-holidays (public holidays) for every year 2015-2040', () => {
    const reference = new Holidays('DK');
    for (let year = 2015; year <= 2040; year++) {
      const expected = reference
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => holiday.date.slice(0, 10))
        .sort();
      expect({ year, holidays: danishPublicHolidays(year) }).toEqual({ year, holidays: expected });
    }
  });

  it('hands out a copy, so callers cannot corrupt later results', () => {
    danishPublicHolidays(2026).push('2026-07-01');
    expect(danishPublicHolidays(2026)).not.toContain('2026-07-01');
  });
});

describe('danish calendar: weekdays (hverdage)', () => {
  it('treats Christmas and New Year closing days and holidays as non-weekdays', () => {
    expect(isWeekday('2026-12-23', DANISH_CALENDAR)).toBe(true);
    expect(isWeekday('2026-12-24', DANISH_CALENDAR)).toBe(false); // closing day (Thursday)
    expect(isWeekday('2026-12-25', DANISH_CALENDAR)).toBe(false); // Juledag
    expect(isWeekday('2026-12-26', DANISH_CALENDAR)).toBe(false); // 2. juledag (and a Saturday)
    expect(isWeekday('2026-12-28', DANISH_CALENDAR)).toBe(true);
    expect(isWeekday('2026-12-31', DANISH_CALENDAR)).toBe(false); // closing day (Thursday)
    expect(isWeekday('2027-01-01', DANISH_CALENDAR)).toBe(false); // Nytårsdag
  });

  it('honours configurable closing days: Grundlovsdag 2026 (a Friday)', () => {
    expect(isWeekday('2026-06-05', DANISH_CALENDAR)).toBe(false);
    expect(isWeekday('2026-06-05', { timeZone: CPH, closingDays: [] })).toBe(true);
  });

  it('excludes weekends', () => {
    expect(isWeekday('2026-03-28', DANISH_CALENDAR)).toBe(false); // Saturday
    expect(isWeekday('2026-03-29', DANISH_CALENDAR)).toBe(false); // Sunday
    expect(isWeekday('2026-03-30', DANISH_CALENDAR)).toBe(true); // Monday
  });

  it('rejects malformed dates instead of guessing', () => {
    expect(() => isWeekday('2026-02-29', DANISH_CALENDAR)).toThrow(RangeError);
    expect(() => isWeekday('26-12-24', DANISH_CALENDAR)).toThrow(RangeError);
  });
});

describe('danish calendar: time-zone conversion', () => {
  it('gives the local date in Copenhagen, not in UTC', () => {
    expect(localDate(new Date('2026-03-31T23:30:00Z'), CPH)).toBe('2026-04-01'); // CEST, UTC+2
    expect(localDate(new Date('2026-12-31T22:59:59Z'), CPH)).toBe('2026-12-31'); // CET, UTC+1
    expect(localDate(new Date('2026-12-31T23:00:00Z'), CPH)).toBe('2027-01-01');
  });

  it('converts wall-clock times in winter and summer', () => {
    expect(cph('2026-01-15', '09:00').toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(cph('2026-07-15', '09:00:30').toISOString()).toBe('2026-07-15T07:00:30.000Z');
    expect(cph('2026-01-01', '00:00').toISOString()).toBe('2025-12-31T23:00:00.000Z');
  });

  it('moves a non-existent spring-forward time forward by the gap', () => {
    const instant = cph('2026-03-29', '02:30');
    expect(instant.getTime()).toBeGreaterThan(Date.parse('2026-03-29T01:00:00Z'));
    expect(instant.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(localDate(instant, CPH)).toBe('2026-03-29');
  });

  it('takes the earlier instant for an ambiguous fall-back time', () => {
    expect(cph('2026-10-25', '02:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(cph('2026-10-25', '03:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('rejects malformed times', () => {
    expect(() => cph('2026-01-01', '24:00')).toThrow(RangeError);
    expect(() => cph('2026-01-01', '9:00')).toThrow(RangeError);
  });
});

describe('danish calendar: clock and calendar arithmetic across DST', () => {
  const saturdayNoon = cph('2026-03-28', '12:00');

  it('starts from the expected instant', () => {
    expect(saturdayNoon.toISOString()).toBe('2026-03-28T11:00:00.000Z');
  });

  it('counts 24 clock hours as 24 real hours over spring-forward', () => {
    expect(addClockHours(saturdayNoon, 24).toISOString()).toBe('2026-03-29T11:00:00.000Z'); // 13:00 CEST
  });

  it('keeps the wall-clock time when adding a calendar day over spring-forward', () => {
    expect(addCalendarDays(saturdayNoon, 1, CPH).toISOString()).toBe('2026-03-29T10:00:00.000Z'); // 12:00 CEST
  });

  it('keeps the wall-clock time when adding a calendar month over spring-forward', () => {
    expect(addCalendarMonths(saturdayNoon, 1, CPH).toISOString()).toBe('2026-04-28T10:00:00.000Z'); // 12:00 CEST
  });

  it('handles fall-back on 2026-10-25 the same way', () => {
    const autumnNoon = cph('2026-10-24', '12:00');
    expect(autumnNoon.toISOString()).toBe('2026-10-24T10:00:00.000Z');
    expect(addClockHours(autumnNoon, 24).toISOString()).toBe('2026-10-25T10:00:00.000Z'); // 11:00 CET
    expect(addCalendarDays(autumnNoon, 1, CPH).toISOString()).toBe('2026-10-25T11:00:00.000Z'); // 12:00 CET
    expect(addCalendarMonths(autumnNoon, 1, CPH).toISOString()).toBe('2026-11-24T11:00:00.000Z'); // 12:00 CET
  });

  it('clamps the day to the end of a shorter month', () => {
    expect(addCalendarMonths(cph('2026-01-31', '09:00'), 1, CPH)).toEqual(cph('2026-02-28', '09:00'));
    expect(addCalendarMonths(cph('2027-10-31', '09:00'), 4, CPH)).toEqual(cph('2028-02-29', '09:00'));
  });

  it('supports negative month and day offsets across a year boundary', () => {
    expect(addCalendarMonths(cph('2027-01-15', '08:00'), -2, CPH)).toEqual(cph('2026-11-15', '08:00'));
    expect(addCalendarDays(cph('2027-01-01', '08:00'), -1, CPH)).toEqual(cph('2026-12-31', '08:00'));
  });

  it('computes the 4-month assessment deadline from awareness', () => {
    const awareness = cph('2026-11-22', '10:00');
    expect(addCalendarMonths(awareness, 4, CPH)).toEqual(cph('2027-03-22', '10:00'));
    expect(addCalendarMonths(awareness, 4, CPH).toISOString()).toBe('2027-03-22T09:00:00.000Z');
  });
});

describe('danish calendar: weekday deadlines', () => {
  it('gives the receipt deadline of 6 weekdays over Christmas and New Year', () => {
    const received = cph('2026-12-23', '10:00'); // Wednesday
    // Counted: 28, 29, 30 Dec and 4, 5, 6 Jan; 24-27 and 31 Dec-3 Jan are closed.
    expect(endOfNthWeekday(received, 6, DANISH_CALENDAR).toISOString()).toBe('2027-01-06T23:00:00.000Z');
    expect(endOfNthWeekday(received, 6, DANISH_CALENDAR)).toEqual(cph('2027-01-07', '00:00'));
  });

  it('skips Easter when the end of the next weekday is asked for on Skærtorsdag', () => {
    // 2026-04-02 is Skærtorsdag (a Thursday); Langfredag, the weekend and 2. påskedag follow.
    const maundyThursday = cph('2026-04-02', '14:00');
    expect(endOfNthWeekday(maundyThursday, 1, DANISH_CALENDAR)).toEqual(cph('2026-04-08', '00:00'));
    expect(endOfNthWeekday(maundyThursday, 1, DANISH_CALENDAR).toISOString()).toBe('2026-04-07T22:00:00.000Z');
  });

  it('never counts the starting day, even when it is a weekday', () => {
    const mondayMorning = cph('2026-03-30', '08:00');
    expect(endOfNthWeekday(mondayMorning, 1, DANISH_CALENDAR)).toEqual(cph('2026-04-01', '00:00'));
  });

  it('uses the local date of the instant, not the UTC date', () => {
    // 23:30Z on Friday 2026-01-09 is already Saturday in Copenhagen, so Monday is next.
    expect(endOfNthWeekday(new Date('2026-01-09T23:30:00Z'), 1, DANISH_CALENDAR)).toEqual(cph('2026-01-13', '00:00'));
  });

  it('rejects a non-positive count', () => {
    expect(() => endOfNthWeekday(cph('2026-01-05', '09:00'), 0, DANISH_CALENDAR)).toThrow(RangeError);
  });

  it('fails loudly when the policy leaves no weekdays', () => {
    const allClosed = { timeZone: CPH, closingDays: [] as string[] };
    for (let month = 1; month <= 12; month++) {
      for (let day = 1; day <= 31; day++) allClosed.closingDays.push(`${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`);
    }
    expect(() => endOfNthWeekday(cph('2026-01-05', '09:00'), 1, allClosed)).toThrow(RangeError);
  });

  it('moves a non-weekday to the same local time on the next weekday', () => {
    // Saturday 2. juledag → Monday 28 December.
    expect(nextWeekdayAtSameTime(cph('2026-12-26', '09:00'), DANISH_CALENDAR)).toEqual(cph('2026-12-28', '09:00'));
    // Juleaftensdag (closing) → Monday 28 December.
    expect(nextWeekdayAtSameTime(cph('2026-12-24', '16:45'), DANISH_CALENDAR)).toEqual(cph('2026-12-28', '16:45'));
  });

  it('keeps the instant when it already falls on a weekday', () => {
    const wednesday = cph('2026-12-23', '10:00');
    expect(nextWeekdayAtSameTime(wednesday, DANISH_CALENDAR)).toEqual(wednesday);
  });

  it('keeps the wall-clock time when moving across a DST change', () => {
    // Saturday 2026-03-28 11:00 CET → Monday 2026-03-30 11:00 CEST.
    expect(nextWeekdayAtSameTime(cph('2026-03-28', '11:00'), DANISH_CALENDAR).toISOString()).toBe('2026-03-30T09:00:00.000Z');
  });
});
