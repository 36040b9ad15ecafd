/**
 * What each kind of task is called, in Danish and English, and the law it comes from. Used by the
 * notification mails (and the web pages): the Danish legal term is the name people know the step by.
 * Pure data, no personal data: a mail says what kind of step is due, never whose.
 */
import type { TaskKind } from '../../workflows/contract';

export interface TaskKindText {
  da: string;
  en: string;
  /** The legal basis as a coordinator would cite it, or the local rule it comes from. */
  legalBasis: string;
}

export const TASK_KINDS: Record<TaskKind, TaskKindText> = {
  'urgency-assessment': { da: 'Vurdering inden for 24 timer', en: 'Urgency assessment within 24 hours', legalBasis: 'Barnets Lov § 136' },
  'manual-receipt': { da: 'Kvittering for modtagelse af underretning', en: 'Receipt for the report', legalBasis: 'Barnets Lov § 136' },
  reassessment: { da: 'Genvurdering af underretning', en: 'Re-assessment of the report', legalBasis: 'Barnets Lov § 137' },
  assessment: { da: 'Børnefaglig undersøgelse', en: 'Child-welfare assessment', legalBasis: 'Barnets Lov § 20, stk. 3' },
  'preliminary-assessment': { da: 'Foreløbig vurdering', en: 'Preliminary assessment', legalBasis: 'Barnets Lov § 20, stk. 3' },
  approval: { da: 'Godkendelse af afgørelse', en: 'Approval of a decision', legalBasis: 'Lokal retningslinje (fire øjne)' },
  plan: { da: 'Barnets plan', en: "The child's plan", legalBasis: 'Barnets Lov §§ 91–92' },
  'follow-up': { da: 'Opfølgning', en: 'Follow-up', legalBasis: 'Barnets Lov § 95' },
  'agreed-action': { da: 'Aftalt handling', en: 'Agreed action', legalBasis: 'Barnets Lov § 95' },
  'supervision-visit': { da: 'Tilsynsbesøg', en: 'Supervision visit', legalBasis: 'Barnets Lov §§ 96 og 156' },
  'measure-end-decision': {
    da: 'Afgørelse om forlængelse eller ophør af indsats',
    en: 'Decision to extend or end a measure',
    legalBasis: 'Barnets Lov §§ 32 og 46–47',
  },
  'turning-18': {
    da: 'Afgørelse om ungestøtte efter 18 år',
    en: 'Decision on continued support after 18',
    legalBasis: 'Barnets Lov § 111',
  },
  'read-in': { da: 'Indlæsning i overdraget sag', en: 'Read in after a handover', legalBasis: 'Lokal retningslinje' },
  'close-or-continue': {
    da: 'Afslut sagen eller begrund at den fortsætter',
    en: 'Close the case or record why it continues',
    legalBasis: 'Lokal retningslinje',
  },
  'committee-review': {
    da: 'Formandsafgørelse forelægges børne- og ungeudvalget',
    en: "The chair's decision goes before the committee",
    legalBasis: 'Barnets Lov § 143',
  },
  'inquiry-response': { da: 'Svar på henvendelse fra familien', en: "Answer the family's inquiry", legalBasis: 'Lokal servicestandard' },
  'appointment-conflict': { da: 'Overlappende aftaler', en: 'Overlapping appointments', legalBasis: 'Lokal retningslinje' },
  'placement-statement': {
    da: 'Udtalelse fra anbringelsesstedet før hjemgivelse',
    en: 'Statement from the placement before the return home',
    legalBasis: 'Barnets Lov § 100',
  },
  'plan-revision': {
    da: 'Revision af barnets plan før hjemgivelse',
    en: "The child's plan revised before the return home",
    legalBasis: 'Barnets Lov § 100',
  },
  'clock-change-approval': {
    da: 'Godkendelse af pause eller forlængelse af frist',
    en: 'Approval of a paused or extended deadline',
    legalBasis: 'Lokal retningslinje (fire øjne)',
  },
};

/** The text of a kind; an unknown kind (a newer worker's) is named as it is, never dropped. */
export function taskKindText(kind: string): TaskKindText {
  return (TASK_KINDS as Record<string, TaskKindText | undefined>)[kind] ?? { da: kind, en: kind, legalBasis: '' };
}
