/// <reference lib="dom" />
// Real headless Chromium (Debian's `chromium`, found by `npm test`: CHROMIUM_PATH) driven by
// playwright-core: sign in through the OpenID provider's own login page, check a page with axe-core,
// and save its screenshot in Danish and English under test-artifacts/screenshots/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../libs/organisation/demo-organisation';
import type { DemoUsername } from './signed-in-cases';
import { type HarnessOptions, type OwnDatabase, useSignedInApi } from './workflow-harness';

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

/** The flags a sandboxed machine with no internet needs (no background connections, no GPU). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('run browser tests through `npm test`: it finds Chromium (CHROMIUM_PATH)');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
}

/**
 * A person signs in as anyone would: Closer's login sends the browser to the provider's page,
 * where the username and password are typed, and back to Closer's page `returnTo`.
 */
async function signInBrowser(
  browser: Browser,
  apiUrl: string,
  username: DemoUsername,
  { lang = 'da', returnTo = '/app' }: { lang?: 'da' | 'en'; returnTo?: string } = {},
): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: lang === 'da' ? 'da-DK' : 'en-GB' });
  if (lang === 'en') await context.addCookies([{ name: 'closer.lang', value: 'en', url: apiUrl }]);
  const page = await context.newPage();
  watchForScriptErrors(page);
  await page.goto(`${apiUrl}/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  await page.getByLabel(/Brugernavn/).fill(username);
  await page.getByLabel(/Adgangskode/).fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((u) => u.toString().startsWith(apiUrl), { timeout: 30_000 }),
    page.getByRole('button', { name: /Log ind/ }).click(),
  ]);
  return { context, page };
}

/**
 * Signed-in browser sessions for one test file: the apps and a client per user in `users` (as
 * useSignedInApi gives them), one headless Chromium for the file, and `signedInPage(username, …)`:
 * a page on which that person has signed in, closed after the test that opened it.
 */
export function useBrowserSessions<U extends DemoUsername>(
  name: string,
  users: readonly U[],
  options: Omit<HarnessOptions<U, OwnDatabase>, 'users'> = {},
) {
  const h = useSignedInApi(name, users, options);
  let browser: Browser | undefined;
  const open: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });
  /** A new browser context in which `username` signed in; the page shows `returnTo` (default /app). */
  async function signedInPage(username: DemoUsername, options?: { lang?: 'da' | 'en'; returnTo?: string }): Promise<SignedInPage> {
    if (!browser) throw new Error('the browser has not started');
    const session = await signInBrowser(browser, h.api.url, username, options);
    open.push(session.context);
    return session;
  }
  return Object.assign(h, { signedInPage });
}

let axeSource: string | undefined;
const AXE_SOURCE = () => (axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

const scriptErrors = new WeakMap<Page, string[]>();

/** Collects what broke in the page's scripts: uncaught errors, and anything the pages' CSP refused. */
function watchForScriptErrors(page: Page): void {
  const errors: string[] = [];
  scriptErrors.set(page, errors);
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|EvalError/.test(m.text())) errors.push(m.text());
  });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousViolations(page: Page): Promise<{ id: string; impact: string | null; help: string; targets: string[] }[]> {
  // Evaluated through the DevTools protocol, which the pages' CSP (scripts only from Closer) does not stop,
  // so the CSP stays on for everything the pages themselves run.
  await page.evaluate(AXE_SOURCE());
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
}

/**
 * Checks the page with axe-core and saves its screenshot in both languages (`<name>.da.png`,
 * `<name>.en.png`), switching the language as a person would (the link in the header) and back.
 */
export async function checkAndCapture(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const first = ((await page.getAttribute('html', 'lang')) ?? 'da') as 'da' | 'en';
  // Nothing the page ran failed or was refused by its CSP (an inline handler, an eval) up to now.
  expect({ page: name, scriptErrors: scriptErrors.get(page) ?? [] }).toEqual({ page: name, scriptErrors: [] });
  expect({ page: name, lang: first, violations: await seriousViolations(page) }).toEqual({ page: name, lang: first, violations: [] });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.${first}.png`), fullPage: true });
  const other = first === 'da' ? 'en' : 'da';
  await switchLanguage(page, other);
  expect({ page: name, lang: other, violations: await seriousViolations(page) }).toEqual({ page: name, lang: other, violations: [] });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.${other}.png`), fullPage: true });
  await switchLanguage(page, first);
}

/** The language link in the page's header, followed back to the same page. */
export async function switchLanguage(page: Page, lang: 'da' | 'en'): Promise<void> {
  const href = await page.locator(`a.lang[hreflang="${lang}"]`).first().getAttribute('href');
  if (!href) throw new Error('the page has no language link');
  await page.goto(new URL(href, page.url()).toString());
  expect(await page.getAttribute('html', 'lang')).toBe(lang);
}
