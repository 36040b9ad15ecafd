import { Injectable, NotFoundException } from '@nestjs/common';
import { MeasuresRepository, type PartnerActionRow } from '../../../../libs/read-model/measures.repository';
import { COMMANDS, measureViewQuery, measureWorkflowId } from '../../../../workflows/contract';
import { AuditService } from '../audit/audit.service';
import type { Principal } from '../auth/principal';
import { specOf } from '../cases/commands';
import { WorkflowCommandsService } from '../cases/workflow-commands.service';
import { decodeCursor, pageOf } from '../common/cursor';
import { isUuid } from '../common/request-checks';
import { CURSOR_NOT_VALID } from '../work-lists/page-key';

/**
 * A partner department (jobcenter, school, health, adult social services) sees the actions agreed at
 * follow-up meetings that are assigned to it, and marks them done — nothing else of the case.
 * Behind GET/POST /partner/actions and the partner's page.
 */
@Injectable()
export class PartnerActionsService {
  constructor(
    private readonly measures: MeasuresRepository,
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
    const rows = await this.measures.actionsOwnedBy(owners(me), key, n + 1);
    const { items, next } = pageOf(rows, n, (last) => [last.status === 'open' ? 0 : 1, last.due_at.toISOString(), last.id]);
    return next ? { actions: items.map(view), next } : { actions: items.map(view) };
  }

  /** Reports one of my agreed actions done (`actionId` already checked to be a UUID); 404 when it is not mine. */
  async done(actionId: string, me: Principal, key?: string) {
    const row = await this.measures.actionOwnedBy(actionId, owners(me));
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

function view(r: Pick<PartnerActionRow, 'id' | 'description' | 'due_at' | 'status' | 'done_at'>) {
  return { id: r.id, description: r.description, dueAt: r.due_at, status: r.status, doneAt: r.done_at };
}

/** The `cursor` of the partner list: [open 0 / other 1, due time, id] as base64url JSON; 400 naming it otherwise. */
function actionKey(cursor: unknown): { rank: number; at: string; id: string } | null {
  if (cursor === undefined) return null;
  return decodeCursor(
    cursor,
    ([rank, at, id, ...rest]) =>
      !rest.length &&
      (rank === 0 || rank === 1) &&
      typeof at === 'string' &&
      !Number.isNaN(Date.parse(at)) &&
      typeof id === 'string' &&
      isUuid(id)
        ? { rank, at, id }
        : undefined,
    CURSOR_NOT_VALID,
  );
}
