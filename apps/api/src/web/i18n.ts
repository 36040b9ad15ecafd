import type { Request } from 'express';

/**
 * The pages speak Danish by default and English when a person chooses it (the `closer.lang` cookie,
 * set by /app/language). Each page keeps its own texts beside it with `messages({ da, en })`: the
 * English table must have every key the Danish one has, so the compiler finds a missing translation.
 * Danish legal terms keep their Danish name in the English texts too (e.g. "child's plan (barnets plan)").
 */
export type Lang = 'da' | 'en';
export const LANGS: readonly Lang[] = ['da', 'en'];
export const LANG_COOKIE = 'closer.lang';

export function langOf(req: Request): Lang {
  const cookie = req.headers.cookie ?? '';
  const m = /(?:^|;\s*)closer\.lang=(da|en)(?:;|$)/.exec(cookie);
  return (m?.[1] as Lang | undefined) ?? 'da';
}

/** A text with {placeholders}. */
type Table = Record<string, string>;

export type Translate<K extends string> = (lang: Lang, key: K, params?: Record<string, string | number>) => string;

export function messages<D extends Table>(tables: { da: D; en: Record<keyof D, string> }): Translate<Extract<keyof D, string>> {
  return (lang, key, params) => {
    const text = (tables[lang] as Table)[key] ?? (tables.da as Table)[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`)) : text;
  };
}
