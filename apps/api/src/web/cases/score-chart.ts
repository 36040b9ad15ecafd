import { table } from '../components';
import { date } from '../format';
import { html, type Html } from '../html';
import { type Lang, t } from '../i18n';
import type { FollowUpRow, GoalRow } from './case-page.service';

/** Colours with enough contrast on white, told apart by their marker shapes as well. */
const COLOURS = ['#1f5f99', '#b5411b', '#2d7a3e', '#7a3d99', '#8a6d00', '#0f6f75'];

const W = 420;
const H = 220;
const LEFT = 40;
const RIGHT = 34;
const TOP = 12;
const BOTTOM = 30;

/**
 * The goals' scores from the follow-up meetings as a small line chart drawn on the server (one line
 * per goal, scale 1–10), with a table holding the same figures for those who cannot see the chart.
 */
export function scoreChart(lang: Lang, goals: GoalRow[], followUps: FollowUpRow[]): Html {
  const meetings = followUps.filter((f) => f.scores.length > 0);
  if (!meetings.length) return html`<p class="empty" id="score-chart-empty">${t(lang, 'chart.none')}</p>`;
  const goalIds = [...new Set([...goals.map((g) => g.goalId), ...meetings.flatMap((m) => m.scores.map((s) => s.goalId))])].filter((id) =>
    meetings.some((m) => m.scores.some((s) => s.goalId === id)),
  );
  const label = (id: string) => {
    const g = goals.find((x) => x.goalId === id);
    return g ? `${id}: ${g.description.length > 60 ? `${g.description.slice(0, 57)}…` : g.description}` : id;
  };
  const n = meetings.length;
  const x = (i: number) => (n === 1 ? LEFT + (W - LEFT - RIGHT) / 2 : LEFT + (i * (W - LEFT - RIGHT)) / (n - 1));
  const y = (score: number) => TOP + ((10 - score) * (H - TOP - BOTTOM)) / 9;
  const lines = goalIds.map((id, gi) => {
    const colour = COLOURS[gi % COLOURS.length];
    const points = meetings.flatMap((m, i) => {
      const s = m.scores.find((sc) => sc.goalId === id);
      return s ? [{ x: x(i), y: y(s.score) }] : [];
    });
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    return html`<g data-goal="${id}">
      ${points.length > 1 ? html`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2" />` : ''}
      ${points.map((p) =>
        gi % 2 === 0
          ? html`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="4" fill="${colour}" />`
          : html`<rect x="${(p.x - 4).toFixed(1)}" y="${(p.y - 4).toFixed(1)}" width="8" height="8" fill="${colour}" />`,
      )}
    </g>`;
  });
  const grid = [1, 4, 7, 10].map(
    (v) =>
      html`<line x1="${LEFT}" x2="${W - RIGHT}" y1="${y(v)}" y2="${y(v)}" stroke="#d5dbe1" stroke-width="1" />
        <text x="${LEFT - 6}" y="${y(v) + 4}" font-size="11" text-anchor="end" fill="#4a5561">${v}</text>`,
  );
  // At most six dates under the axis, so they never run into each other.
  const every = Math.ceil(n / 6);
  const ticks = meetings.map((m, i) =>
    i % every !== 0
      ? ''
      : html`<text x="${x(i)}" y="${H - 10}" font-size="10" text-anchor="middle" fill="#4a5561">${date(lang, m.heldAt)}</text>`,
  );
  return html`<figure class="score-chart" id="score-chart">
      <svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="score-chart-title score-chart-desc" focusable="false">
        <title id="score-chart-title">${t(lang, 'chart.title')}</title>
        <desc id="score-chart-desc">${t(lang, 'chart.desc')}</desc>
        ${grid} ${ticks} ${lines}
      </svg>
      <figcaption>
        <ul class="legend small" style="list-style:none;padding:0;margin:.3rem 0">
          ${goalIds.map(
            (id, gi) =>
              html`<li>
                <svg width="14" height="14" aria-hidden="true" focusable="false">
                  ${
                    gi % 2 === 0
                      ? html`<circle cx="7" cy="7" r="5" fill="${COLOURS[gi % COLOURS.length]}" />`
                      : html`<rect x="2" y="2" width="10" height="10" fill="${COLOURS[gi % COLOURS.length]}" />`
                  }
                </svg>
                ${label(id)}
              </li>`,
          )}
        </ul>
      </figcaption>
    </figure>
    <details>
      <summary>${t(lang, 'chart.table')}</summary>
      ${table({
        id: 'score-table',
        caption: `${t(lang, 'chart.title')} (${t(lang, 'chart.scale')})`,
        items: goalIds,
        columns: [
          { head: t(lang, 'chart.goal'), cell: label, rowHead: true },
          ...meetings.map((m) => ({
            head: t(lang, 'chart.meeting', { date: date(lang, m.heldAt) }),
            cell: (id: string) => m.scores.find((s) => s.goalId === id)?.score ?? '–',
          })),
        ],
      })}
    </details>`;
}
