import type { Principal } from '../auth/principal';
import { formTextsScript } from './components/form';
import { type Html, html } from './html';
import { type Lang, keyOf, t } from './i18n';
import type { PageContext } from './page-context';

type NavKey =
  'inbox' | 'cases' | 'board' | 'partner' | 'users' | 'teams' | 'policies' | 'deadLetters' | 'audit' | 'notifications' | 'workflows';

/** The menu a person sees: only the pages their roles can use. */
function navItems(me: Principal): { key: NavKey; href: string }[] {
  const has = (...roles: Principal['roles']) => roles.some((r) => me.roles.includes(r));
  const items: { key: NavKey; href: string }[] = [];
  if (has('coordinator', 'supervisor', 'head-of-department')) {
    items.push({ key: 'inbox', href: '/app/inbox' });
    if (has('supervisor', 'head-of-department'))
      items.push({ key: 'board', href: me.teamId ? `/app/teams/${me.teamId}/board` : '/app/board' });
    items.push({ key: 'cases', href: '/app/cases' });
  }
  if (has('partner')) items.push({ key: 'partner', href: '/app/partner' });
  if (has('admin')) {
    items.push({ key: 'users', href: '/app/admin/users' }, { key: 'teams', href: '/app/admin/teams' });
    items.push({ key: 'policies', href: '/app/admin/policies' }, { key: 'deadLetters', href: '/app/admin/dead-letters' });
    items.push({ key: 'audit', href: '/app/admin/audit' });
    items.push({ key: 'workflows', href: '/app/admin/cases' });
  }
  items.push({ key: 'notifications', href: '/app/notifications' });
  return items;
}

/** Where a person lands after signing in. */
export function homeOf(me: Principal): string {
  if (me.roles.includes('coordinator') || me.roles.includes('supervisor') || me.roles.includes('head-of-department')) return '/app/inbox';
  if (me.roles.includes('partner')) return '/app/partner';
  return '/app/admin/users';
}

export function roleName(lang: Lang, role: string): string {
  const key = keyOf(`role.${role}`);
  return key ? t(lang, key) : role;
}

/** A link that switches the language and comes back to this page. */
export function languageSwitch(ctx: { lang: Lang; path: string }): Html {
  const other: Lang = ctx.lang === 'da' ? 'en' : 'da';
  const label = other === 'da' ? 'Dansk' : 'English';
  return html`<a
    class="lang"
    lang="${other}"
    hreflang="${other}"
    href="/app/language?lang=${other}&amp;returnTo=${encodeURIComponent(ctx.path)}"
    >${label}</a
  >`;
}

/** The document every signed-in page shares: header with the menu, the main region, the scripts. */
export function layout(ctx: PageContext, title: string, body: Html, { active }: { active?: NavKey | string } = {}): Html {
  const { lang, me } = ctx;
  return document(
    lang,
    title,
    ctx.csrfToken,
    html` <header class="top">
        <a class="brand" href="${homeOf(me)}">Closer</a>
        <nav aria-label="${t(lang, 'nav.mainNav')}">
          <ul>
            ${navItems(me).map(
              (i) => html`<li><a href="${i.href}" ${active === i.key ? html`aria-current="page"` : ''}>${t(lang, `nav.${i.key}`)}</a></li>`,
            )}
          </ul>
        </nav>
        <div class="who">
          <span>${me.displayName} · ${me.roles.map((r) => roleName(lang, r)).join(', ')}</span>
          ${languageSwitch(ctx)}
          <form method="post" action="/auth/logout" class="inline">
            <input type="hidden" name="_csrf" value="${ctx.csrfToken}" />
            <button type="submit" class="link">${t(lang, 'nav.logout')}</button>
          </form>
        </div>
      </header>
      <main id="main" tabindex="-1">
        <h1>${title}</h1>
        ${body}
      </main>`,
  );
}

/** A whole HTML document: the pages' shell, also used by the pages shown before sign-in. */
export function document(lang: Lang, title: string, csrfToken: string, content: Html): Html {
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content="${csrfToken}" />
        <title>${title} · Closer</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/htmx.min.js" defer></script>
        <script src="/assets/forms.js" defer></script>
      </head>
      <body data-lang="${lang}">
        <a class="skip" href="#main">${t(lang, 'nav.skip')}</a>
        ${content} ${formTextsScript(lang)}
      </body>
    </html>`;
}
