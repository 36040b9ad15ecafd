import { type Html, html } from '../html';
import { type Lang, t } from '../i18n';

/** A case's or family's short handle for lists: the first part of its id (lists carry no names). */
export const shortId = (id: string | null | undefined): string => (id ? id.slice(0, 8) : '–');

/** "Sag 1a2b3c4d", linked to the case page unless `link` is false (for those who may not open it). */
export function caseLink(lang: Lang, caseId: string, link = true): Html {
  const text = t(lang, 'common.caseLink', { id: shortId(caseId) });
  return link ? html`<a href="/app/cases/${caseId}">${text}</a>` : html`${text}`;
}

/** "Familie 1a2b3c4d", linked to the family page unless `link` is false. */
export function familyLink(lang: Lang, familyId: string, link = true): Html {
  const text = t(lang, 'common.familyLink', { id: shortId(familyId) });
  return link ? html`<a href="/app/families/${familyId}">${text}</a>` : html`${text}`;
}

/** Where something belongs: its case, else its family, else a dash. */
export function subjectLink(lang: Lang, s: { caseId?: string | null; familyId?: string | null }, link = true): Html {
  if (s.caseId) return caseLink(lang, s.caseId, link);
  if (s.familyId) return familyLink(lang, s.familyId, link);
  return html`–`;
}

/** Cases, each linked, with why (the cases a handover could not move). */
export function casesWithReasons(lang: Lang, items: readonly { caseId: string; reason: string }[]): Html {
  return html`<ul>
    ${items.map((r) => html`<li>${caseLink(lang, r.caseId)}: ${r.reason}</li>`)}
  </ul>`;
}
