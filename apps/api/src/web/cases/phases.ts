import { type Lang, keyOf, t } from '../i18n';
import { da } from '../i18n/da';

/** A case's phases, in their order. */
export const PHASE_KEYS = Object.keys(da.phase);

/** A case's phase as the department says it (GLOSSARY.md), with the English beside it. */
export function phaseName(lang: Lang, phase: string): string {
  const key = keyOf(`phase.${phase}`);
  return key ? t(lang, key) : phase;
}

/** A step of the intervention ladder (indsatstrappen), 1 least to 6 most intrusive. */
export function ladderName(lang: Lang, step: number): string {
  const key = keyOf(`ladder.step${step}`);
  return key ? t(lang, key) : String(step);
}
