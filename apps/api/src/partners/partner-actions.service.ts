import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { COMMANDS, measureViewQuery, measureWorkflowId } from '../../../../workflows/contract';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { specOf } from '../cases/commands';
import { WorkflowCommandsService } from '../cases/workflow-commands.service';
import { isUuid } from '../common/request-checks';

interface ActionRow {
  id: string;
  description: string;
  due_at: Date;
  status: string;
  done_at: Date | null;
  measure_id: string;
  case_id: string;
}

/**
 * A partner department (jobcenter, school, health, adult social services) sees the actions agreed at
 * follow-up meetings that are assigned to it, and marks them done — nothing else of the case.
 * Behind GET/POST /partner/actions and the partner's page.
 */
@Injectable()
export class PartnerActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commands: WorkflowCommandsService,
    private readonly audit: AuditService,
  ) {}

  /**
   * My department's agreed actions, open first, by due time; `limit` items a page, `cursor` the
   * previous page's `next` (400 naming it when it is not one).
   */
  async list(me: Principal, page: { cursor?: unknown; limit: number }) {
    const n = page.limit;
    const key = actionKey(page.cursor);
    // The order (open first, by due time, id) as one row value, so the next page starts strictly after the last item.
    const rows = (await this.db.query(
      `SELECT id, description, due_at, status, done_at FROM agreed_actions
        WHERE owner = ANY($1)
          AND ($3::int IS NULL OR (CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_at, id) > ($3::int, $4::timestamptz, $5::uuid))
        ORDER BY CASE WHEN status = 'open' THEN 0 ELSE 1 END, due_at ASC, id LIMIT $2`,
      [owners(me), n + 1, key?.rank ?? null, key?.at ?? null, key?.id ?? null],
    )) as ActionRow[];
    const items = rows.slice(0, n);
    const last = rows.length > n ? items[items.length - 1] : undefined;
    return last
      ? {
          actions: items.map(view),
          next: Buffer.from(JSON.stringify([last.status === 'open' ? 0 : 1, last.due_at.toISOString(), last.id])).toString('base64url'),
        }
      : { actions: items.map(view) };
  }

  /** Reports one of my agreed actions done (`actionId` already checked to be a UUID); 404 when it is not mine. */
  async done(actionId: string, me: Principal, key?: string) {
    const [row] = (await this.db.query(
      'SELECT id, description, due_at, status, done_at, measure_id, case_id FROM agreed_actions WHERE id = $1 AND owner = ANY($2)',
      [actionId, owners(me)],
    )) as ActionRow[];
    // Someone else's action is answered as if it did not exist.
    if (!row) throw new NotFoundException(`action ${actionId} was not found`);
    const entry = {
      actorId: me.userId,
      actorRole: 'partner',
      action: 'partner.action-done' as const,
      caseId: row.case_id,
      measureId: row.measure_id,
    };
    try {
      await this.commands.execute(
        measureWorkflowId(row.measure_id),
        specOf(COMMANDS.completeAgreedAction, 'measure'),
        { actionId },
        me.userId,
        this.commands.idempotencyKey(key),
        `action ${actionId}`,
        measureViewQuery,
      );
    } catch (err) {
      await this.audit.record({ ...entry, outcome: 'failed' }).catch(() => undefined);
      throw err;
    }
    await this.audit.record({ ...entry, outcome: 'allowed' });
    // The measure's state is case data: the partner gets their action back, nothing more.
    return view({ ...row, status: 'done', done_at: row.done_at ?? new Date() });
  }
}

/** An action is a partner's when it is assigned to their department or to them by name. */
function owners(me: Principal): string[] {
  return [me.userId, ...(me.partnerDepartmentId ? [me.partnerDepartmentId] : [])];
}

function view(r: ActionRow) {
  return { id: r.id, description: r.description, dueAt: r.due_at, status: r.status, doneAt: r.done_at };
}

/** The `cursor` of the partner list: [open 0 / other 1, due time, id] as base64url JSON; 400 naming it otherwise. */
function actionKey(cursor: unknown): { rank: number; at: string; id: string } | null {
  if (cursor === undefined) return null;
  const bad = () => new BadRequestException('cursor is not valid: pass the `next` value of the previous page unchanged');
  if (typeof cursor !== 'string' || cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 3) throw bad();
  const [rank, at, id] = value as unknown[];
  if ((rank !== 0 && rank !== 1) || typeof at !== 'string' || Number.isNaN(Date.parse(at)) || typeof id !== 'string' || !isUuid(id))
    throw bad();
  return { rank, at, id };
}
