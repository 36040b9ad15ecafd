import { BadRequestException, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { AuditOutcome } from '../../../../libs/db/entities/audit-record.entity';
import { AuditRepository, type AuditRecord, type AuditSelection } from '../../../../libs/read-model/audit.repository';
import { describeDatabaseError } from '../../../../libs/read-model/database-errors';
import { OrganisationRepository } from '../../../../libs/read-model/organisation.repository';
import { isUuid } from '../common/request-checks';

export type { AuditRecord } from '../../../../libs/read-model/audit.repository';

/** What was done with case data. Extend the list as routes are audited; the column itself is plain text. */
export const AUDIT_ACTIONS = [
  'case.read',
  'case.outcome',
  'case.timeline',
  'case.command',
  'case.audit',
  'family.read',
  'family.command',
  'family.export',
  'family.inquiry',
  'measure.read',
  'measure.command',
  'report.read',
  'task-list.read',
  'case-list.read',
  'partner.action-done',
  'task.claim',
  'task.reassign',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const MAX_REASON_LENGTH = 1000;
export const MAX_PAGE_SIZE = 200;
export const DEFAULT_PAGE_SIZE = 50;

/** One read or change of case data, as the caller knows it. Ids only: no names, no case content. */
export interface AuditEntry {
  /** The person (users.id, the principal's userId). */
  actorId: string;
  /** The role they acted in (see actingRole). */
  actorRole: string;
  action: AuditAction;
  /** The command of a `*.command` action, e.g. `decide-approval`. */
  command?: string | null;
  caseId?: string | null;
  familyId?: string | null;
  measureId?: string | null;
  outcome: AuditOutcome;
  /** A read outside the person's normal scope: listed to the supervisor of `teamId`. */
  outOfScope?: boolean;
  /** What the person gave as the reason, where one was asked. */
  reason?: string | null;
  /** The case's (or family's) team at the time (at most 100 characters). */
  teamId?: string | null;
  /** At most 200 characters: the caller bounds what it takes from a header. */
  requestId?: string | null;
}

/** A page of a list: `after` is the id of the last record of the previous page. */
export interface AuditPageRequest {
  after?: string;
  limit?: number;
}

export interface AuditPage {
  items: AuditRecord[];
  /** Pass as `after` for the next page; absent on the last page. */
  nextAfter?: string;
}

const PAGE_KEY = /^[1-9][0-9]{0,17}$/;
const SHORT_TEXT = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * The audit trail: every read and change of case data, written append-only (PostgreSQL refuses
 * UPDATE, DELETE and TRUNCATE of audit_records; migration 1795600000100), and the lists that read it.
 *
 * Writing fails closed. An unrecorded look at a child's case is not allowed, so when the record
 * cannot be written `record` throws 503 and the caller must not show (or change) anything: record
 * before answering, never in the background and never with the error swallowed.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly records: AuditRepository,
    private readonly organisation: OrganisationRepository,
  ) {}

  /** Writes one record; its id. 400 for a reason that is too long, 503 when it cannot be written. */
  async record(entry: AuditEntry): Promise<string> {
    const [id] = await this.recordAll([entry]);
    return id;
  }

  /** Writes several records in one statement: all of them or none. Their ids, in order. */
  async recordAll(entries: AuditEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    entries.forEach(checkEntry);
    try {
      return await this.records.insert(
        entries.map((e) => ({
          actorId: e.actorId,
          actorRole: e.actorRole,
          action: e.action,
          command: e.command ?? null,
          caseId: e.caseId ?? null,
          familyId: e.familyId ?? null,
          measureId: e.measureId ?? null,
          outcome: e.outcome,
          outOfScope: e.outOfScope ?? false,
          reason: e.reason ?? null,
          teamId: e.teamId ?? null,
          requestId: e.requestId ?? null,
        })),
      );
    } catch (err) {
      // Never the statement's parameters in the log: the reason is the person's own words.
      const described = describeDatabaseError(err, 'audit.record');
      this.logger.error(`The audit record could not be written: ${described?.message ?? (err as Error)?.name ?? 'unknown error'}`);
      throw new ServiceUnavailableException({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The audit trail could not be written, so the request was not carried out; try again shortly',
      });
    }
  }

  /** Everything recorded about one case, newest first: "who has looked at this child". */
  forCase(caseId: string, page: AuditPageRequest = {}): Promise<AuditPage> {
    return this.list({ caseId }, page);
  }

  /** Everything one person did, newest first. */
  forUser(userId: string, page: AuditPageRequest = {}): Promise<AuditPage> {
    return this.list({ actorId: userId }, page);
  }

  /** Reads outside normal scope on these teams' cases, newest first; `'all'` for the head of department. */
  flaggedForTeams(teamIds: readonly string[] | 'all', page: AuditPageRequest = {}): Promise<AuditPage> {
    if (teamIds !== 'all' && teamIds.length === 0) return Promise.resolve({ items: [] });
    return this.list({ flaggedForTeams: teamIds }, page);
  }

  /** The teams whose out-of-scope reads a supervisor is shown: those they supervise or deputise for. */
  async teamsSupervisedBy(userId: string): Promise<string[]> {
    return (await this.organisation.teamsLedBy(userId)).map((t) => t.id);
  }

  /**
   * Newest first by (at, id), paged by key: `after` is the id of the last record shown, and the
   * next page starts below that record's (at, id).
   */
  private async list(selection: AuditSelection, page: AuditPageRequest): Promise<AuditPage> {
    const limit = page.limit ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE)
      throw new BadRequestException(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
    if (page.after !== undefined && !PAGE_KEY.test(page.after)) throw new BadRequestException('after must be a positive integer');
    const rows = await this.records.list(selection, page.after ?? null, limit + 1);
    const items = rows.slice(0, limit);
    return rows.length > limit ? { items, nextAfter: items[items.length - 1].id } : { items };
  }
}

/**
 * What the caller passes is checked before it reaches PostgreSQL: a reason that is too long is the
 * person's mistake (400); anything else wrong is a bug in the caller, not a reason to answer 503.
 */
function checkEntry(e: AuditEntry): void {
  if (e.reason != null && (typeof e.reason !== 'string' || e.reason.length > MAX_REASON_LENGTH))
    throw new BadRequestException(`reason must be at most ${MAX_REASON_LENGTH} characters`);
  const bad = (field: string) => new Error(`AuditEntry.${field} is not valid`);
  if (!isUuid(e.actorId)) throw bad('actorId');
  if (!SHORT_TEXT.test(e.actorRole) || e.actorRole.length > 50) throw bad('actorRole');
  if (!(AUDIT_ACTIONS as readonly string[]).includes(e.action)) throw bad('action');
  if (e.command != null && !SHORT_TEXT.test(e.command)) throw bad('command');
  for (const field of ['caseId', 'familyId', 'measureId'] as const) {
    const v = e[field];
    if (v != null && !isUuid(v)) throw bad(field);
  }
  if (!['allowed', 'denied', 'failed'].includes(e.outcome)) throw bad('outcome');
  if (e.teamId != null && (typeof e.teamId !== 'string' || e.teamId.length > 100)) throw bad('teamId');
  if (e.requestId != null && (typeof e.requestId !== 'string' || e.requestId.length > 200)) throw bad('requestId');
}
