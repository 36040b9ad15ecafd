// The pure parts of the web pages: values are escaped into HTML, times are Danish time in Danish
// form whatever the server's zone, and every page text exists in both languages.
import { count, date, dateTime, kroner, localInputValue, relative } from '../../apps/api/src/web/format';
import { html, raw } from '../../apps/api/src/web/html';
import { messages } from '../../apps/api/src/web/i18n';

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
