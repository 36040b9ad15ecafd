import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../../../../libs/config/config';
import { CONFIG } from '../../../../libs/config/config.module';
import { POLICIES } from '../../../../libs/policy/case-policy';
import { CasesRepository } from '../../../../libs/read-model/cases.repository';

/**
 * The case policies (every deadline, cadence and escalation chain) this build knows, which one new
 * cases start on, and how many open cases run on each: a case keeps the version it started on.
 * Behind GET /admin/policies and the admin's policies page.
 */
@Injectable()
export class PoliciesService {
  constructor(
    @Inject(CONFIG) private readonly config: Config,
    private readonly cases: CasesRepository,
  ) {}

  /** Policy versions, the one new cases start on, and the open cases on each. */
  async list() {
    const rows = await this.cases.openByPolicy();
    const open = new Map(rows.map((r) => [r.policy_version, r.open]));
    const known = Object.values(POLICIES).map((p) => ({
      version: p.version,
      description: p.description,
      forNewCases: p.version === this.config.casePolicyVersion,
      openCases: open.get(p.version) ?? 0,
      // The whole policy: durations, cadences, escalation chains, calendar.
      policy: p,
    }));
    // Cases on a version this build no longer ships still run; they are listed so nobody misses them.
    const retired = rows
      .filter((r) => !POLICIES[r.policy_version])
      .map((r) => ({ version: r.policy_version, description: null, forNewCases: false, openCases: r.open, policy: null }));
    return { policies: [...known, ...retired] };
  }
}
