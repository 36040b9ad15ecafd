/**
 * The provider's few pages: login, logout confirmation, logged out, and errors. Danish first,
 * English beside it. No scripts and no external resources, so the page works offline and under a
 * strict Content-Security-Policy.
 */
/** The Content-Security-Policy the provider's own pages are served with. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `
  body { font-family: system-ui, sans-serif; background: #f4f5f7; margin: 0; }
  main { max-width: 22rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: .5rem; box-shadow: 0 1px 4px rgba(0,0,0,.15); }
  h1 { font-size: 1.25rem; margin: 0 0 1.25rem; }
  h1 span, label span, button span { font-weight: normal; color: #555; }
  label { display: block; margin: .75rem 0 .25rem; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; font-size: 1rem; }
  button { margin-top: 1.25rem; width: 100%; padding: .6rem; font-size: 1rem; cursor: pointer; }
  button.secondary { background: none; border: 1px solid #999; }
  p.error { background: #fde8e8; color: #8a1c1c; padding: .6rem; border-radius: .25rem; }
  p.note { color: #555; font-size: .875rem; }
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>`;
}

export interface LoginPageOptions {
  /** Where the form posts to. */
  action: string;
  /** Shown again after a failed attempt, so only the password has to be retyped. */
  username?: string;
  error?: string;
}

export const LOGIN_MESSAGES = {
  wrongCredentials: 'Forkert brugernavn eller adgangskode. / Wrong username or password.',
  locked: 'For mange mislykkede forsøg. Prøv igen senere. / Too many failed attempts. Try again later.',
  missing: 'Skriv brugernavn og adgangskode. / Enter a username and a password.',
} as const;

export function loginPage({ action, username = '', error }: LoginPageOptions): string {
  return page(
    'Log ind / Sign in – Closer',
    `<h1>Log ind i Closer <span>/ Sign in to Closer</span></h1>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}" autocomplete="on">
  <label for="username">Brugernavn <span>/ Username</span></label>
  <input id="username" name="username" type="text" autocomplete="username" maxlength="100" required${username ? '' : ' autofocus'} value="${escapeHtml(username)}">
  <label for="password">Adgangskode <span>/ Password</span></label>
  <input id="password" name="password" type="password" autocomplete="current-password" maxlength="200" required${username ? ' autofocus' : ''}>
  <button type="submit">Log ind <span>/ Sign in</span></button>
</form>
<p class="note">Lokal testudbyder med demo-organisationens brugere. / Local test provider with the demo organisation's users.</p>`,
  );
}

/** `form` is oidc-provider's hidden form carrying the logout request's xsrf token. */
export function logoutPage(form: string): string {
  return page(
    'Log ud / Sign out – Closer',
    `<h1>Vil du logge ud? <span>/ Do you want to sign out?</span></h1>
${form}
<button autofocus type="submit" form="op.logoutForm" name="logout" value="yes">Ja, log mig ud <span>/ Yes, sign me out</span></button>
<button class="secondary" type="submit" form="op.logoutForm">Nej, forbliv logget ind <span>/ No, stay signed in</span></button>`,
  );
}

export function loggedOutPage(): string {
  return page('Logget ud / Signed out – Closer', `<h1>Du er logget ud. <span>/ You are signed out.</span></h1>`);
}

export function errorPage(message: string, detail?: string): string {
  return page(
    'Fejl / Error – Closer',
    `<h1>Noget gik galt <span>/ Something went wrong</span></h1>
<p class="error" role="alert">${escapeHtml(message)}</p>
${detail ? `<p class="note">${escapeHtml(detail)}</p>` : ''}`,
  );
}
