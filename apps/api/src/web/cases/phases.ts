import type { Lang } from '../i18n';

/** A case's phase as the department says it (GLOSSARY.md), with the English beside it. */
const PHASES: Record<string, { da: string; en: string }> = {
  intake: { da: 'Modtagelse af underretning', en: 'Intake (modtagelse af underretning)' },
  screening: { da: 'Afdækning', en: 'Screening (afdækning)' },
  assessment: { da: 'Børnefaglig undersøgelse', en: 'Child-welfare assessment (børnefaglig undersøgelse)' },
  decision: { da: 'Afgørelse', en: 'Decision (afgørelse)' },
  measures: { da: 'Foranstaltninger', en: 'Measures (foranstaltninger)' },
  closed: { da: 'Afsluttet', en: 'Closed (afsluttet)' },
};

export const PHASE_KEYS = Object.keys(PHASES);

export function phaseName(lang: Lang, phase: string): string {
  return PHASES[phase]?.[lang] ?? phase;
}

/** The steps of the intervention ladder (indsatstrappen), 1 least to 6 most intrusive. */
const LADDER: Record<number, { da: string; en: string }> = {
  1: { da: 'Trin 1 – almene tilbud', en: 'Step 1 – universal services' },
  2: { da: 'Trin 2 – forebyggende indsats', en: 'Step 2 – early preventive support' },
  3: { da: 'Trin 3 – familiebehandling', en: 'Step 3 – family treatment (familiebehandling)' },
  4: { da: 'Trin 4 – netværksanbringelse', en: 'Step 4 – placement in the network (netværksanbringelse)' },
  5: { da: 'Trin 5 – plejefamilie', en: 'Step 5 – foster family (plejefamilie)' },
  6: { da: 'Trin 6 – døgninstitution', en: 'Step 6 – residential institution (døgninstitution)' },
};

export function ladderName(lang: Lang, step: number): string {
  return LADDER[step]?.[lang] ?? String(step);
}
