import type { Lang } from './i18n';

/** The department's clock: every time on a page is Danish time, whatever the server's zone. */
export const TIME_ZONE = 'Europe/Copenhagen';

const LOCALES: Record<Lang, string> = { da: 'da-DK', en: 'en-GB' };
const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: Lang, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = lang + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(LOCALES[lang], { timeZone: TIME_ZONE, ...options })));
  return f;
}

const toDate = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));

/** "24.11.2026 kl. 14.05" (da) or "24/11/2026, 14:05" (en), Danish time. */
export function dateTime(lang: Lang, value: string | Date | null | undefined): string {
  if (!value) return '–';
  const d = toDate(value);
  if (lang === 'da') return `${date('da', d)} kl. ${formatter('da', { hour: '2-digit', minute: '2-digit' }).format(d)}`;
  return formatter(lang, { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** "24.11.2026" (da), Danish date. */
export function date(lang: Lang, value: string | Date | null | undefined): string {
  if (!value) return '–';
  return formatter(lang, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(value));
}

/** How far a time is from now, in the largest whole unit: "om 3 t" / "for 2 d siden" (da), "in 3 h" / "2 d ago" (en). */
export function relative(lang: Lang, value: string | Date, now: Date = new Date()): string {
  const ms = toDate(value).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const [n, unit] =
    abs < 3600_000
      ? [Math.max(1, Math.round(abs / 60_000)), lang === 'da' ? 'min' : 'min']
      : abs < 48 * 3600_000
        ? [Math.round(abs / 3600_000), lang === 'da' ? 't' : 'h']
        : [Math.round(abs / 86_400_000), 'd'];
  if (lang === 'da') return ms >= 0 ? `om ${n} ${unit}` : `for ${n} ${unit} siden`;
  return ms >= 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`;
}

/** Kroner: "12.500 kr." (da), "DKK 12,500" (en). */
export function kroner(lang: Lang, amount: number | string): string {
  const n = typeof amount === 'string' ? Number(amount) : amount;
  const text = new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(n);
  return lang === 'da' ? `${text} kr.` : `DKK ${text}`;
}

/** A count: "1.000" (da), "1,000" (en); with `atLeast`, "1.000+" (there are more than it says). */
export function count(lang: Lang, n: number, atLeast = false): string {
  return `${new Intl.NumberFormat(LOCALES[lang], { maximumFractionDigits: 0 }).format(n)}${atLeast ? '+' : ''}`;
}

/** A value for <input type="datetime-local"> in Danish time. */
export function localInputValue(value: string | Date): string {
  const parts = Object.fromEntries(
    formatter('en', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(toDate(value))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
