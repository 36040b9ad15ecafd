import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { TemporalGateway } from '../temporal/temporal.gateway';
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
    private readonly temporal: TemporalGateway,
  ) {}

  /** 200 when PostgreSQL and Temporal both answer, else 503 naming what is down. */
  @Get()
  async check(@Res({ passthrough: true }) res: Response) {
    const [postgres, temporal] = await Promise.all([
      this.probe(() => this.health.pingDatabase()),
      this.probe(() => this.temporal.ping(CHECK_TIMEOUT_MS)),
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
