import type { Request } from 'express';
import { type Catalogue, da } from './i18n/da';
import { en } from './i18n/en';

/**
 * The pages speak Danish by default and English when a person chooses it (the `closer.lang` cookie,
 * set by /app/language). Every text is in one catalogue per language (da.ts, en.ts), said with
 * `t(lang, 'group.key', params)`: the compiler refuses a key the catalogue lacks, and an English
 * catalogue that misses a Danish key.
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

/** Says a key of the tables in a language (Danish when the English lacks it, else the key itself), placeholders filled. */
export function messages<D extends Table>(tables: { da: D; en: Record<keyof D, string> }): Translate<Extract<keyof D, string>> {
  return (lang, key, params) => {
    const text = (tables[lang] as Table)[key] ?? (tables.da as Table)[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => (name in params ? String(params[name]) : `{${name}}`)) : text;
  };
}

/** A key of the catalogue: its group and its key in the group, `board.title`. */
export type Key = { [G in keyof Catalogue]: `${G}.${Extract<keyof Catalogue[G], string>}` }[keyof Catalogue];

/** The groups of a catalogue as one table of `group.key`. */
function flat(catalogue: Catalogue): Record<Key, string> {
  const out: Table = {};
  for (const [group, texts] of Object.entries(catalogue))
    for (const [key, text] of Object.entries(texts as Table)) out[`${group}.${key}`] = text;
  return out as Record<Key, string>;
}

export const CATALOGUES: Record<Lang, Catalogue> = { da, en };

const FLAT = { da: flat(da), en: flat(en) };

/** Says a text of the catalogue in the page's language: `t(lang, 'common.due')`. */
export const t: Translate<Key> = messages(FLAT);

/** A key built from a value (`role.${role}`): the key when the catalogue has it, else undefined. */
export function keyOf(key: string): Key | undefined {
  return Object.hasOwn(FLAT.da, key) ? (key as Key) : undefined;
}
