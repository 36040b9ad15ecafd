import { type Html, html } from '../html';

/** The colours a badge comes in (app.css): done, late, soon or waiting, escalated, or plain. */
export type Tone = 'ok' | 'overdue' | 'soon' | 'escalated' | 'plain';

/** A short status word in a coloured pill. */
export function badge(tone: Tone, text: string): Html {
  return html`<span class="${tone === 'plain' ? 'badge' : `badge ${tone}`}">${text}</span>`;
}
