import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { SEARCH_ATTRIBUTE_REGISTRATION } from '../../workflows/contract';
import { RunningProcess } from './processes';
import { eventually, testEnv } from './test-env';

export type TemporalService = 'history' | 'matching' | 'frontend' | 'worker';

/** The server's persistence fault injection: { <data store>: { <method>: { <error>: <rate> } } }. */
export type FaultInjection = Record<string, Record<string, Record<string, number>>>;

/**
 * Why tests that need a Temporal server of their own cannot run, or undefined when they can: the
 * real server's binaries are there when `npm test` runs on it (CLOSER_TEMPORAL_SERVER_DIR, or with
 * CLOSER_TEMPORAL=server the per-machine cache, built if missing).
 */
export function ownTemporalServerUnavailable(): string | undefined {
  if (process.env.CLOSER_TEMPORAL_SERVER_DIR || process.env.CLOSER_TEMPORAL === 'server') return undefined;
  return 'they need the real Temporal server: run with CLOSER_TEMPORAL=server';
}

/**
 * A real Temporal server (frontend, history, matching, worker as four processes) that only this
 * test uses, on the PostgreSQL at `adminUrl` (its two databases are made there), whose services
 * the test can crash, stop and start again on the same ports
 * (scripts/lib/controllable-temporal-server.mjs, in a child process of its own).
 */
export class OwnTemporalServer {
  private constructor(
    private readonly proc: RunningProcess,
    readonly address: string,
    /** Where the services' logs are (temporal-<service>.log). */
    readonly logDir: string,
  ) {}

  static async start({ adminUrl, faultInjection }: { adminUrl: string; faultInjection?: FaultInjection }): Promise<OwnTemporalServer> {
    const dir = mkdtempSync(join(testEnv().tmp, 'own-temporal-'));
    const suffix = randomBytes(4).toString('hex');
    const options = {
      adminUrl,
      databases: { temporal: `temporal_${suffix}`, visibility: `temporal_visibility_${suffix}` },
      workDir: join(dir, 'server'),
      logDir: join(dir, 'logs'),
      searchAttributes: SEARCH_ATTRIBUTE_REGISTRATION,
      // As `npm test` gives its own server (scripts/test.mjs).
      dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': 40, 'history.continueAsNewMinInterval': '0s' },
      faultInjection,
    };
    const proc = new RunningProcess(
      'own-temporal',
      spawn(
        process.execPath,
        [join(__dirname, '..', '..', 'scripts', 'lib', 'controllable-temporal-server.mjs'), JSON.stringify(options)],
        {
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      ),
    );
    await proc.waitForOutput(/^(ready|failed) /m, 240_000);
    const address = /^ready (\S+)$/m.exec(proc.output)?.[1];
    if (!address) throw new Error(`The Temporal server did not start:\n${proc.output}`);
    return new OwnTemporalServer(proc, address, options.logDir);
  }

  /** SIGKILL: the service crashes (no draining, its shards and membership left behind). Resolves with the time it was gone. */
  kill(service: TemporalService): Promise<number> {
    return this.command(`kill ${service}`, 'killed');
  }

  /** SIGTERM: a clean stop. */
  stop(service: TemporalService): Promise<number> {
    return this.command(`stop ${service}`, 'stopped');
  }

  /** Starts the service again on its ports; resolves with the time it served again. */
  start(service: TemporalService): Promise<number> {
    return this.command(`start ${service}`, 'started');
  }

  /** A clean stop and a start (a rolling restart of one service); resolves with the time it served again. */
  restart(service: TemporalService): Promise<number> {
    return this.command(`restart ${service}`, 'restarted');
  }

  async exit(): Promise<void> {
    this.proc.proc.stdin?.write('exit\n');
    const timer = setTimeout(() => this.proc.proc.kill('SIGKILL'), 30_000);
    await this.proc.exited;
    clearTimeout(timer);
  }

  private async command(command: string, done: string): Promise<number> {
    const before = this.proc.output.length;
    const [, service] = command.split(' ');
    this.proc.proc.stdin?.write(`${command}\n`);
    const answer = new RegExp(`^(?:${done} ${service} (\\d+)|failed ${command}: (.*))$`, 'm');
    const match = await eventually(async () => answer.exec(this.proc.output.slice(before)) ?? undefined, {
      timeoutMs: 120_000,
      intervalMs: 100,
      what: `Temporal to ${command}`,
    });
    if (!match[1]) throw new Error(`Temporal could not ${command}: ${match[2]}`);
    return Number(match[1]);
  }
}
