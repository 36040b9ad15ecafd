// The pure parts of the web pages: values are escaped into HTML, times are Danish time in Danish
// form whatever the server's zone, every page text exists in both languages and a shared word is
// written once, and the components the pages are built of draw what the pages rely on.
import { count, date, dateTime, kroner, localInputValue, relative } from '../../apps/api/src/web/format';
import { html, raw } from '../../apps/api/src/web/html';
import {
  buttonForm,
  facts,
  formTextsScript,
  pager,
  select,
  table,
  taskTable,
  textArea,
  textInput,
  whereColumn,
} from '../../apps/api/src/web/components';
import { messages, t } from '../../apps/api/src/web/i18n';
import { da } from '../../apps/api/src/web/i18n/da';
import { en } from '../../apps/api/src/web/i18n/en';

describe('html', () => {
  it('escapes every value put into it, so case data never becomes markup', () => {
    const note = '<script>alert("x")</script> & \'quotes\'';
    expect(html`<p title="${note}">${note}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;</p>',
    );
  });

  it('keeps HTML the code built, joins lists and leaves out nothing-values', () => {
    const items = ['a<b', 'c'].map((x) => html`<li>${x}</li>`);
    // (Prettier lays out html`…` templates as markup: the whitespace between tags is not what is tested.)
    const built = html`<ul>
        ${items}
      </ul>
      ${null}${undefined}${false}${raw('<hr>')}${0}`;
    expect(built.toString().replace(/>\s+</g, '><').replace(/\s+$/, '')).toBe('<ul><li>a&lt;b</li><li>c</li></ul><hr>0');
  });
});

describe('Danish time', () => {
  it('shows times in Europe/Copenhagen, summer and winter, in Danish and English form', () => {
    expect(dateTime('da', '2026-07-01T10:00:00Z')).toBe('01.07.2026 kl. 12.00');
    expect(dateTime('da', '2026-12-24T23:30:00Z')).toBe('25.12.2026 kl. 00.30');
    expect(dateTime('en', '2026-07-01T10:00:00Z')).toBe('01/07/2026, 12:00');
    expect(date('da', '2026-03-29T22:30:00Z')).toBe('30.03.2026');
    expect(dateTime('da', null)).toBe('–');
  });

  it('gives a datetime-local value in Danish time', () => {
    expect(localInputValue('2026-07-01T10:05:00Z')).toBe('2026-07-01T12:05');
    expect(localInputValue('2026-01-15T23:59:00Z')).toBe('2026-01-16T00:59');
  });

  it('says how far a deadline is, ahead or behind', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(relative('da', '2026-11-24T15:00:00Z', now)).toBe('om 3 t');
    expect(relative('da', '2026-11-22T12:00:00Z', now)).toBe('for 2 d siden');
    expect(relative('en', '2026-11-24T12:20:00Z', now)).toBe('in 20 min');
    expect(relative('en', '2026-11-21T12:00:00Z', now)).toBe('3 d ago');
  });

  it('writes kroner the Danish way', () => {
    expect(kroner('da', 12500)).toBe('12.500 kr.');
    expect(kroner('en', '98000.00')).toBe('DKK 98,000');
  });

  it('writes a count that stopped at its cap with a plus: there are more than it says', () => {
    expect(count('da', 1000, true)).toBe('1.000+');
    expect(count('en', 1000, true)).toBe('1,000+');
    expect(count('da', 12)).toBe('12');
  });
});

describe('messages', () => {
  const t = messages({ da: { hello: 'Hej {name}', only: 'kun dansk' }, en: { hello: 'Hello {name}', only: 'English too' } });

  it('says a text in the chosen language with its placeholders filled', () => {
    expect(t('da', 'hello', { name: 'Anna' })).toBe('Hej Anna');
    expect(t('en', 'hello', { name: 'Anna' })).toBe('Hello Anna');
    expect(t('en', 'only')).toBe('English too');
  });
});

describe('page components', () => {
  const past = new Date(Date.now() - 3600_000).toISOString();
  const future = new Date(Date.now() + 48 * 3600_000).toISOString();
  const tasks = [
    { taskId: 't1', kind: 'urgency-assessment', dueAt: past, escalationLevel: 1, caseId: 'c1111111-0000-0000-0000-000000000000' },
    { taskId: 't2', kind: 'follow-up', dueAt: future, escalationLevel: 0, familyId: 'f2222222-0000-0000-0000-000000000000' },
  ];
  const heads = (markup: string) => [...markup.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1]);

  it('draws a task table with its heads once, in the page’s language, and a row a task with its marks', () => {
    const table = (lang: 'da' | 'en') =>
      taskTable(lang, { caption: 'Mine opgaver', items: tasks, where: whereColumn(lang), assignee: () => 'Anna' }).toString();
    const da = table('da');
    expect(da.match(/<thead>/g)).toHaveLength(1);
    expect(heads(da)).toEqual(['Opgave', 'Frist', 'Status', 'Sag', 'Tildelt']);
    expect(heads(table('en'))).toEqual(['Task', 'Due', 'Status', 'Case', 'Assigned to']);
    const rows = [...da.matchAll(/<tr class="([^"]*)" data-task="(t\d)"/g)].map((m) => [m[2], m[1]]);
    expect(rows).toEqual([
      ['t1', 'overdue escalated'],
      ['t2', ''],
    ]);
    expect(da).toContain('Overskredet');
    expect(da).toContain('Eskaleret niveau 1');
    expect(da).toContain('<a href="/app/cases/c1111111-0000-0000-0000-000000000000">Sag c1111111</a>');
    expect(da).toContain('<a href="/app/families/f2222222-0000-0000-0000-000000000000">Familie f2222222</a>');
  });

  it('says so instead of drawing a table with no rows', () => {
    const empty = taskTable('da', {
      caption: 'Mine opgaver',
      items: [],
      empty: 'Ingen åbne opgaver.',
      where: whereColumn('da'),
      assignee: () => '',
    });
    expect(empty.toString()).toBe('<p class="empty">Ingen åbne opgaver.</p>');
  });

  it('gives a field its label, its hint and a place for its error that the control is described by', () => {
    const markup = textInput({ name: 'reason', label: 'Begrundelse', hint: 'Kort' }).toString();
    const id = /<input\s+id="([^"]+)"/.exec(markup)![1];
    expect(markup).toContain(`<label for="${id}">Begrundelse</label>`);
    expect(markup).toContain(`<span class="hint" id="${id}-hint">Kort</span>`);
    expect(markup).toContain(`aria-describedby="${id}-hint ${id}-error"`);
    expect(markup).toContain(`<p class="field-error" id="${id}-error" hidden></p>`);
    // A filter's field (a GET form no script answers) has no error place to point at.
    const filter = select({
      id: 'kind',
      name: 'kind',
      label: 'Type',
      options: [{ value: 'a', label: 'A' }],
      value: 'a',
      error: false,
    }).toString();
    expect(filter).not.toContain('field-error');
    expect(filter).not.toContain('aria-describedby');
    expect(filter).toMatch(/<option value="a"\s+selected>A<\/option>/);
  });

  it('escapes case data in every part it is put in: cells, facts, attributes, labels', () => {
    const note = '<img src=x onerror=alert(1)> "quoted"';
    const markup = [
      table({ items: [note], columns: [{ head: 'Note', cell: (x) => x, attrs: (x) => ({ 'data-note': x }) }] }),
      facts([{ term: 'Note', value: note }]),
      textArea({ name: 'note', label: note, value: note }),
      buttonForm({ action: '/x', label: note, submit: 'OK' }),
    ].join('');
    expect(markup).not.toContain('<img');
    expect(markup).not.toContain('"quoted"');
    expect(markup).toContain('&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot;');
  });

  it('links the first page and the next, keeping the filters', () => {
    const first = pager('da', { path: '/app/cases', params: { phase: 'intake', closed: undefined }, next: 'abc=' }).toString();
    expect(first).toContain('aria-label="Sider"');
    expect(first).not.toContain('Første side');
    expect(first).toContain('<a href="/app/cases?phase=intake&amp;cursor=abc%3D" rel="next">Næste side</a>');
    const later = pager('en', { path: '/app/admin/audit', params: { caseId: 'c' }, key: 'after', current: 'x', next: null }).toString();
    expect(later).toContain('<a href="/app/admin/audit?caseId=c">First page</a>');
    expect(later).not.toContain('Next page');
  });
});

describe('the message catalogue', () => {
  type Texts = Record<string, Record<string, string>>;
  const entries = (c: Texts): [string, string][] =>
    Object.entries(c).flatMap(([group, texts]) => Object.entries(texts).map(([key, text]): [string, string] => [`${group}.${key}`, text]));
  const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

  it('has every Danish text in English too, with the same placeholders', () => {
    const english = new Map(entries(en as Texts));
    for (const [key, text] of entries(da as Texts)) {
      expect({ key, english: Boolean(english.get(key)?.trim()) }).toEqual({ key, english: true });
      expect({ key, placeholders: placeholders(english.get(key)!) }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('writes a word several pages share once: no other key says what a common word says', () => {
    const english = new Map(entries(en as Texts));
    const all = entries(da as Texts).map(([key, text]) => ({ key, pair: `${text} | ${english.get(key)}` }));
    for (const word of all.filter((w) => w.key.startsWith('common.')))
      expect({ word: word.key, alsoAt: all.filter((w) => w.pair === word.pair && w.key !== word.key).map((w) => w.key) }).toEqual({
        word: word.key,
        alsoAt: [],
      });
    expect(t('da', 'common.due')).toBe('Frist');
    expect(t('en', 'common.due')).toBe('Due');
  });

  it('gives the forms script its texts as JSON that cannot close the script element', () => {
    const script = formTextsScript('da').toString();
    const json = /<script type="application\/json" id="closer-form-texts">(.*)<\/script>/.exec(script)![1];
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toMatchObject({ saved: 'Gemt', problems: { required: 'Skal udfyldes' } });
  });
});
