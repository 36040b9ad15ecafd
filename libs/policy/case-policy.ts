/**
 * A policy holds every duration, cadence and rule choice a case runs on. It is data: a case
 * records the version it started on and keeps it, and tests run with a policy whose
 * durations are seconds. Pure module: imported by workflows, so no I/O and no clock.
 */
export interface CasePolicy {
  /** Recorded on every case; a new version is taken up by new cases only. */
  version: string;
  receipt: {
    /** Professionals in public service always get a receipt (BL § 136); for citizens it is local policy. */
    sendToCitizens: boolean;
  };
}

/** Barnets Lov as consolidated by LBK nr. 282 af 17/03/2025. */
export const STATUTORY_POLICY: CasePolicy = {
  version: 'statutory-2025.1',
  receipt: { sendToCitizens: true },
};
