import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Client } from '@temporalio/client';
import type { Response } from 'express';
import { TEMPORAL_CLIENT } from '../temporal.provider';
import { RequirePermission } from '../auth/permissions';
import { HealthService } from './health.service';

type Status = 'up' | 'down';
const CHECK_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

@ApiTags('health')
@Controller('health')
@RequirePermission('public')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** 200 when PostgreSQL and Temporal both answer, else 503 naming what is down. */
  @Get()
  async check(@Res({ passthrough: true }) res: Response) {
    const [postgres, temporal] = await Promise.all([
      this.probe(() => this.health.pingDatabase()),
      this.probe(() =>
        this.temporal.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
          this.temporal.connection.workflowService.getSystemInfo({}),
        ),
      ),
    ]);
    const ok = postgres.status === 'up' && temporal.status === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks: { postgres, temporal } };
  }

  private async probe(fn: () => Promise<unknown>): Promise<{ status: Status; error?: string }> {
    try {
      await withTimeout(fn(), CHECK_TIMEOUT_MS);
      return { status: 'up' };
    } catch (err) {
      return { status: 'down', error: err instanceof Error ? err.message.split('\n')[0] : String(err) };
    }
  }
}
